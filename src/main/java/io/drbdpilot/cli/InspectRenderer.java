// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.drbdpilot.drbd.health.Finding;
import io.drbdpilot.drbd.inspect.NodeReport;
import io.drbdpilot.drbd.model.ConnectionState;
import io.drbdpilot.drbd.model.DeviceState;
import io.drbdpilot.drbd.model.PeerDeviceState;
import io.drbdpilot.drbd.model.ResourceState;
import io.drbdpilot.drbd.model.StateWords;
import io.drbdpilot.drbd.model.ResyncProgress;
import io.drbdpilot.ssh.RemoteText;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints inspect results as aligned tables for people, or JSON for scripts. */
final class InspectRenderer {

    private static final ObjectMapper JSON = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .enable(SerializationFeature.INDENT_OUTPUT);
    private static final String[] HEADER = {"RESOURCE", "VOL", "MINOR", "ROLE", "DISK", "PEER", "CONNECTION",
        "REPLICATION", "PEER-ROLE", "PEER-DISK", "OUT-OF-SYNC", "PROGRESS"};

    /** One input file and what it held. */
    record Input(String file, String format, List<NodeReport> nodes) {
    }

    private InspectRenderer() {
    }

    static String json(List<Input> inputs) {
        return jsonOf(Map.of("inputs", inputs));
    }

    static String jsonOf(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Findings about several nodes at once, after the per-node tables. */
    static String clusterFindings(List<Finding> findings) {
        StringBuilder sb = new StringBuilder("\ncluster-wide findings:");
        if (findings.isEmpty()) {
            return sb.append(" none\n").toString();
        }
        sb.append('\n');
        for (Finding f : findings) {
            sb.append(String.format(Locale.ROOT, "    %-7s %s: %s%n", f.severity(), f.resource(), f.explanation()));
            sb.append("            → ").append(f.nextStep()).append('\n');
        }
        return RemoteText.lines(sb.toString()); // names and unknown states come from the nodes: no escapes out
    }

    static String table(List<Input> inputs) {
        StringBuilder sb = new StringBuilder();
        for (Input in : inputs) {
            sb.append("== ").append(in.file()).append(" (").append(in.format()).append(")\n");
            for (NodeReport n : in.nodes()) {
                node(sb, n);
            }
        }
        return RemoteText.lines(sb.toString()); // names and unknown states come from the nodes: no escapes out
    }

    private static void node(StringBuilder sb, NodeReport n) {
        sb.append('\n').append(n.node());
        List<String> facts = new ArrayList<>();
        if (n.kernel() != null && n.kernel().version() != null) {
            facts.add("kernel DRBD " + n.kernel().version());
        }
        if (n.utils() != null) {
            facts.add("drbd-utils " + n.utils().utilsVersion());
        }
        if (n.source() != null) {
            facts.add("state from " + n.source());
        }
        if (!facts.isEmpty()) {
            sb.append("  (").append(String.join("; ", facts)).append(')');
        }
        sb.append('\n');
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (ResourceState r : n.resources()) {
            rows.addAll(rows(n, r));
        }
        if (rows.size() > 1) {
            sb.append(align(rows));
        } else {
            sb.append("  no resource state in this input\n");
        }
        if (n.config() != null) {
            sb.append("  configuration: ").append(n.config().resources().size()).append(" resource(s): ")
                    .append(String.join(", ", n.config().resources().stream().map(c -> c.name() + " (protocol "
                            + c.protocol() + (c.allowTwoPrimaries() ? ", allow-two-primaries" : "") + ")").toList()))
                    .append('\n');
        }
        n.refusals().forEach(f -> sb.append("  refusal: ").append(f.object()).append(": (").append(f.code())
                .append(") ").append(f.text()).append(f.retryable() ? "  [retry may help]" : "").append("\n    → ")
                .append(f.reason().advice()).append('\n'));
        if (n.findings().isEmpty()) {
            sb.append("  findings: none, healthy\n");
        } else {
            sb.append("  findings:\n");
            for (Finding f : n.findings()) {
                sb.append(String.format(Locale.ROOT, "    %-7s %s%s: %s%n", f.severity(), f.resource(),
                        f.volume() == null ? "" : "/" + f.volume(), f.explanation()));
                sb.append("            → ").append(f.nextStep()).append('\n');
            }
        }
        n.warnings().forEach(w -> sb.append("  warning: ").append(w).append('\n'));
    }

    /**
     * The peer's host name: DRBD 9 names the connection by it; 8.4 calls its one connection "peer", so the resource's
     * configuration (its other host) names it where it is known.
     */
    static String peerName(NodeReport n, ResourceState r, ConnectionState c) {
        List<String> hosts = n.config() == null ? List.of() : n.config().resource(r.name())
                .map(rc -> rc.hosts().stream().map(h -> h.name()).toList()).orElse(List.of());
        return StateWords.peerName(c, n.node(), hosts);
    }

    private static List<String[]> rows(NodeReport n, ResourceState r) {
        List<String[]> out = new ArrayList<>();
        for (DeviceState d : r.devices()) {
            if (r.connections().isEmpty()) {
                out.add(new String[] {r.name(), str(d.volume()), str(d.minor()), r.role().raw(), d.disk().raw(), "-",
                    "-", "-", "-", "-", "-", ""});
            }
            for (ConnectionState c : r.connections()) {
                PeerDeviceState p = c.peerDevice(d.volume()).orElse(null);
                boolean v84 = StateWords.speaks84(n.kernel()); // 8.4's own words: WFConnection, cs Connected
                out.add(new String[] {r.name(), str(d.volume()), d.minor() < 0 ? "-" : str(d.minor()), r.role().raw(),
                    d.disk().raw(), peerName(n, r, c), StateWords.connection(c, v84),
                    p == null ? "-" : StateWords.replication(p, v84),
                    c.peerRole().raw(), p == null ? "-" : p.peerDisk().raw(),
                    p == null || p.outOfSyncKiB() == null ? "-" : p.outOfSyncKiB() + " KiB",
                    p == null ? "" : progress(p.resync())});
            }
        }
        return out;
    }

    private static String progress(ResyncProgress p) {
        if (p == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        if (p.percent() != null) {
            sb.append(String.format(Locale.ROOT, "%.1f%%", p.percent()));
        }
        if (p.speedKiBps() != null) {
            sb.append(' ').append(p.speedKiBps()).append(" KiB/s");
        }
        if (p.etaSeconds() != null) {
            sb.append(" eta ").append(p.etaSeconds()).append('s');
        }
        if (p.stalled()) {
            sb.append(" STALLED");
        }
        return sb.toString().strip();
    }

    private static String str(int i) {
        return Integer.toString(i);
    }

    private static String align(List<String[]> rows) {
        int cols = rows.get(0).length;
        int[] w = new int[cols];
        for (String[] r : rows) {
            for (int i = 0; i < cols; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < cols; i++) {
                line.append(r[i]);
                if (i < cols - 1) {
                    line.append(" ".repeat(w[i] - r[i].length() + 2));
                }
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }
}
