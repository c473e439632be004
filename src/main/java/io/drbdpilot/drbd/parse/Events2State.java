// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.parse;

import io.drbdpilot.drbd.model.HelperEvent;
import io.drbdpilot.drbd.model.ReplicationState;
import io.drbdpilot.drbd.model.Reported;
import io.drbdpilot.drbd.model.ResourceState;
import io.drbdpilot.drbd.parse.Events2Event.Action;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Folds an events2 stream into the current state: {@code exists}/{@code create}/{@code change} lines are merged into
 * what is known (a change carries only the changed keys), {@code destroy} removes, {@code rename} re-keys, helper
 * calls are recorded. Not thread-safe: one stream, one fold, one thread. {@link #resources()} returns an immutable
 * snapshot.
 *
 * <p>When the stream restarts, start a new fold: the new initial dump is the truth.
 */
public final class Events2State {

    private final Map<String, RawResource> resources = new LinkedHashMap<>();
    private final List<HelperEvent> helpers = new ArrayList<>();
    private final Map<String, OffsetDateTime> replicationSince = new HashMap<>();
    /**
     * One instance per peer name and id: every line of a peer's objects repeats them. A resource's name is held once
     * by its {@link RawResource} (this map would cost an entry per resource).
     */
    private final Map<String, String> identities = new HashMap<>();
    private boolean initialDumpComplete;
    private long applied;

    /** Applies one parsed line. */
    public void apply(Events2Event e) {
        applied++;
        switch (e.object()) {
            case END -> {
                initialDumpComplete = true;
                resources.values().forEach(RawResource::trim);
            }
            case HELPER -> helper(e);
            case RESOURCE -> resource(e);
            case DEVICE -> device(e);
            case CONNECTION -> connection(e);
            case PEER_DEVICE -> peerDevice(e);
            case PATH -> path(e);
            case OTHER -> { } // newer drbdsetup objects: nothing to fold, never fatal
            default -> throw new IllegalStateException();
        }
    }

    /** True once the {@code exists -} line closed the initial dump. */
    public boolean initialDumpComplete() {
        return initialDumpComplete;
    }

    public long appliedCount() {
        return applied;
    }

    public List<ResourceState> resources() {
        List<ResourceState> out = new ArrayList<>(resources.size());
        for (RawResource r : resources.values()) {
            if (r.assembled == null) {
                r.assembled = ModelAssembler.resource(r);
            }
            out.add(r.assembled);
        }
        return List.copyOf(out);
    }

    public List<HelperEvent> helperEvents() {
        return List.copyOf(helpers);
    }

    /**
     * Since when each peer device in a transient replication state (a handshake such as WFBitMapS) has been in it, by
     * {@code resource/peer-node-id/volume}, from the timestamps of the stream (only with {@code --timestamps}).
     */
    public Map<String, OffsetDateTime> replicationSince() {
        return Map.copyOf(replicationSince);
    }

    /** @param peerNodeId null when the output does not say (status text): such peers share the key "?" */
    public static String peerDeviceKey(String resource, Integer peerNodeId, int volume) {
        return resource + "/" + (peerNodeId == null ? "?" : peerNodeId) + "/" + volume;
    }

    /**
     * A peer device's entry in a map by {@link #peerDeviceKey}, or null; the key is made only when the map holds
     * something (most peer devices of a big node are in no such map, and their keys were most of a build's garbage).
     */
    public static <T> T byPeerDevice(Map<String, T> map, String resource, Integer peerNodeId, int volume) {
        return map.isEmpty() ? null : map.get(peerDeviceKey(resource, peerNodeId, volume));
    }

    private RawResource res(Events2Event e) {
        String name = e.get("name");
        if (name == null) {
            return null;
        }
        RawResource r = resources.computeIfAbsent(name, RawResource::new);
        r.assembled = null; // every event that names a resource may change it
        return r;
    }

    private void resource(Events2Event e) {
        String name = e.get("name");
        if (name == null) {
            return;
        }
        if (e.action() == Action.DESTROY) {
            resources.remove(name);
            return;
        }
        if (e.action() == Action.RENAME) {
            String to = e.get("new_name");
            RawResource r = resources.remove(name);
            if (r != null && to != null) {
                r.name = to;
                r.fields.put("name", to);
                r.assembled = null;
                resources.put(to, r);
            }
            return;
        }
        RawResource r = res(e);
        merge(r, r.fields, e);
    }

    private void device(Events2Event e) {
        Integer vol = ModelAssembler.integer(e.get("volume"));
        RawResource r = res(e);
        if (r == null || vol == null) {
            return;
        }
        if (e.action() == Action.DESTROY) {
            r.devices.remove(vol);
        } else {
            merge(r, r.device(vol), e);
        }
    }

    private void connection(Events2Event e) {
        RawResource r = res(e);
        if (r == null) {
            return;
        }
        String id = identity(e.get("peer-node-id"));
        if (e.action() == Action.DESTROY) {
            r.connections.remove(id != null ? id : e.get("conn-name"));
        } else {
            merge(r, r.connection(id, identity(e.get("conn-name"))).fields, e);
        }
    }

    private void peerDevice(Events2Event e) {
        RawResource r = res(e);
        Integer vol = ModelAssembler.integer(e.get("volume"));
        if (r == null || vol == null) {
            return;
        }
        String id = identity(e.get("peer-node-id"));
        RawResource.RawConnection c = r.connection(id, identity(e.get("conn-name")));
        if (e.action() == Action.DESTROY) {
            c.peerDevices.remove(vol);
            return;
        }
        Fields pd = c.peerDevice(vol);
        String repl = e.get("replication");
        if (repl != null && !Objects.equals(pd.get("replication"), repl)) {
            // Kept only while the state is a transient one (a handshake): only there does the time matter, and a
            // monitor of 200,000 peer devices should not hold a timestamp for each.
            // The key is made only when it is kept or may be held (an initial dump of 200,000 peer devices made one
            // each for nothing: 144 MB while 200 nodes arrived).
            OffsetDateTime time; // read only here: a date is dear to parse, and most lines carry none worth keeping
            if (Reported.parse(ReplicationState.class, repl).value().isTransient() && (time = e.time()) != null) {
                replicationSince.put(sinceKey(r, id, vol), time);
            } else if (!replicationSince.isEmpty()) {
                replicationSince.remove(sinceKey(r, id, vol));
            }
        }
        merge(r, pd, e);
    }

    private static String sinceKey(RawResource r, String peerNodeId, int volume) {
        Integer peer = ModelAssembler.integer(peerNodeId);
        return peerDeviceKey(r.name, peer == null ? 0 : peer, volume);
    }

    private void path(Events2Event e) {
        RawResource r = res(e);
        if (r == null) {
            return;
        }
        RawResource.RawConnection c = r.connection(identity(e.get("peer-node-id")), identity(e.get("conn-name")));
        RawResource.PathKey key = new RawResource.PathKey(e.get("local"), e.get("peer"));
        if (e.action() == Action.DESTROY) {
            c.paths.remove(key);
        } else {
            merge(r, c.paths.computeIfAbsent(key, k -> new Fields()), e);
        }
    }

    private void helper(Events2Event e) {
        helpers.add(new HelperEvent(e.time(), e.get("name"), ModelAssembler.integer(e.get("volume")),
                e.get("conn-name"), e.get("helper"), ModelAssembler.integer(e.get("status")),
                e.action() == Action.RESPONSE));
    }

    private String identity(String value) {
        return value == null ? null : identities.computeIfAbsent(value, x -> x);
    }

    private void merge(RawResource r, Fields into, Events2Event e) {
        for (int i = 0; i < e.size(); i++) {
            String k = e.key(i);
            String v = e.value(i);
            switch (k) {
                case "name" -> v = r.name.equals(v) ? r.name : v;
                case "conn-name", "peer-node-id" -> v = identity(v);
                default -> { }
            }
            into.put(k, v);
        }
    }
}
