// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drbdpilot.drbd.model.Role;
import java.util.Map;

/** {@code drbdsetup status --json} of a simulated DRBD 9 node (docs/drbd-reference.md §d). */
final class SimJson {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SimJson() {
    }

    static String status(SimCluster c, String node) {
        ArrayNode all = MAPPER.createArrayNode();
        for (SimResourceSpec s : c.configuredOf(node)) {
            Replica r = c.replica(s.name(), node);
            ObjectNode res = all.addObject();
            res.put("name", s.name());
            res.put("node-id", s.nodeId(node));
            res.put("role", r.role.drbdName());
            boolean lostQuorum = !r.hasQuorum() && r.role == Role.PRIMARY;
            res.put("suspended", lostQuorum);
            res.put("suspended-user", false);
            res.put("suspended-no-data", false);
            res.put("suspended-fencing", false);
            res.put("suspended-quorum", lostQuorum);
            res.put("force-io-failures", r.forceIoFailures);
            res.put("write-ordering", "flush");
            ArrayNode devs = res.putArray("devices");
            for (int v = 0; v < s.volumes(); v++) {
                ObjectNode d = devs.addObject();
                d.put("volume", v);
                d.put("minor", s.minors().get(v));
                d.put("disk-state", r.disk[v].drbdName());
                d.put("client", r.isClient()); // no "open": the real 9.2.18 kernel does not report it
                d.put("quorum", r.hasQuorum());
                d.put("size", s.sizesKiB().get(v));
                d.put("read", r.dr);
                d.put("written", r.dw);
                d.put("al-writes", r.al);
                d.put("bm-writes", 0);
                d.put("upper-pending", 0);
                d.put("lower-pending", 0);
            }
            ArrayNode conns = res.putArray("connections");
            for (Map.Entry<String, Replica.PeerLink> e : r.peers.entrySet()) {
                Replica.PeerLink p = e.getValue();
                ObjectNode cn = conns.addObject();
                cn.put("peer-node-id", s.nodeId(e.getKey()));
                cn.put("name", e.getKey());
                cn.put("connection-state", SimFormats.connectionState(r, p));
                cn.put("congested", false);
                cn.put("peer-role", p.connected ? p.peerRole.drbdName() : "Unknown");
                cn.put("ap-in-flight", 0);
                cn.put("rs-in-flight", 0);
                ArrayNode pds = cn.putArray("peer_devices");
                for (int v = 0; v < s.volumes(); v++) {
                    ObjectNode pd = pds.addObject();
                    pd.put("volume", v);
                    pd.put("replication-state", p.connected ? p.repl[v].drbdName() : "Off");
                    pd.put("peer-disk-state", p.connected ? c.replica(s.name(), e.getKey()).disk[v].drbdName()
                            : "DUnknown");
                    pd.put("peer-client", s.isClient(e.getKey()));
                    pd.put("resync-suspended", Replica.suspended(p, v));
                    pd.put("received", r.nr);
                    pd.put("sent", r.ns);
                    pd.put("out-of-sync", p.oosKiB[v]);
                    pd.put("pending", 0);
                    pd.put("unacked", 0);
                    boolean syncing = p.connected && p.repl[v].isResync();
                    pd.put("has-sync-details", syncing);
                    pd.put("has-online-verify-details", p.connected && p.repl[v].isVerify());
                    long size = s.sizesKiB().get(v);
                    pd.put("percent-in-sync", Math.round(10000.0 * (size - Math.min(size, p.oosKiB[v])) / size)
                            / 100.0);
                    if (p.connected && p.repl[v].isResync()) {
                        pd.put("percent-resync-done", Math.round(SimFormats.done(p, v) * 100) / 100.0);
                        pd.put("rs-total", p.syncTotalKiB[v] * 2);
                        pd.put("db/dt [MiB/s]", Math.round(p.speedKiBps / 1024 * 100) / 100.0);
                        long eta = p.speedKiBps == 0 ? 0 : Math.round(p.oosKiB[v] / p.speedKiBps);
                        pd.put("estimated-seconds-to-finish", eta);
                    }
                }
            }
        }
        try {
            return MAPPER.writeValueAsString(all) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
