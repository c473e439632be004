// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.inspect;

import io.drbdpilot.drbd.model.ConnectionState;
import io.drbdpilot.drbd.model.DeviceState;
import io.drbdpilot.drbd.model.PeerDeviceState;
import io.drbdpilot.drbd.model.ResourceState;
import io.drbdpilot.drbd.parse.Events2Event;
import io.drbdpilot.drbd.parse.Events2Parser;
import io.drbdpilot.drbd.parse.Events2State;
import io.drbdpilot.drbd.parse.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The sequence of states in an events2 stream ({@code inspect --history}): after the initial dump, each change of a
 * role, disk, connection, replication, peer role or peer disk, as {@code [time] what: old -> new}.
 */
public final class StateHistory {

    private StateHistory() {
    }

    /** The changes, in order; lines that are not events2 are ignored (a capture's own notes). */
    public static List<String> of(String events2) {
        Events2State state = new Events2State();
        Map<String, String> before = null;
        List<String> out = new ArrayList<>();
        String[] lines = events2.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (!InputFormat.isEvents2Line(lines[i])) {
                continue;
            }
            Events2Event e;
            try {
                e = Events2Parser.parseLine(lines[i], i + 1);
            } catch (ParseException x) {
                continue;
            }
            state.apply(e);
            if (!state.initialDumpComplete()) {
                continue;
            }
            Map<String, String> now = facts(state.resources());
            if (before != null) {
                for (Map.Entry<String, String> f : now.entrySet()) {
                    String old = before.get(f.getKey());
                    if (!Objects.equals(old, f.getValue())) {
                        out.add((e.timestamp() == null ? "" : e.timestamp() + "  ") + f.getKey() + ": "
                                + (old == null ? "" : old + " -> ") + f.getValue());
                    }
                }
                for (String gone : before.keySet()) {
                    if (!now.containsKey(gone)) {
                        out.add((e.timestamp() == null ? "" : e.timestamp() + "  ") + gone + ": " + before.get(gone)
                                + " -> gone");
                    }
                }
            }
            before = now;
        }
        return out;
    }

    private static Map<String, String> facts(List<ResourceState> resources) {
        Map<String, String> f = new LinkedHashMap<>();
        for (ResourceState r : resources) {
            f.put(r.name() + " role", r.role().raw());
            for (DeviceState d : r.devices()) {
                f.put(r.name() + "/" + d.volume() + " disk", d.disk().raw());
            }
            for (ConnectionState c : r.connections()) {
                f.put(r.name() + " to " + c.name() + " connection", c.connection().raw());
                f.put(r.name() + " to " + c.name() + " peer role", c.peerRole().raw());
                for (PeerDeviceState p : c.peerDevices()) {
                    f.put(r.name() + "/" + p.volume() + " to " + c.name() + " replication", p.replication().raw());
                    f.put(r.name() + "/" + p.volume() + " to " + c.name() + " peer disk", p.peerDisk().raw());
                }
            }
        }
        return f;
    }
}
