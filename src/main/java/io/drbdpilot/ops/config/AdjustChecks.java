// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.config;

import io.drbdpilot.drbd.config.AdjustAction;
import io.drbdpilot.drbd.model.DiskState;
import io.drbdpilot.ops.node.NodeRead;
import io.drbdpilot.ops.node.Probe;
import io.drbdpilot.ops.plan.Check;
import io.drbdpilot.ops.plan.PlanChecks;
import io.drbdpilot.ssh.SshException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether {@code drbdadm adjust RES} may run: every node answers; the files are the same on every node (or the
 * operator names the one node whose file is meant); there is something to apply; no resync or verify would be cut;
 * a Primary keeps an UpToDate peer (or is warned); and each line adjust would run, in words, the dangerous ones
 * marked. A node that could not be read is never a PASS.
 */
public final class AdjustChecks {

    /**
     * @param only  the one node to adjust (its file is meant), or null for every node
     * @param actOn the nodes adjust runs on, in order: Secondaries first, a Primary last
     */
    public record Result(String resource, List<String> nodes, String only, ConfigDrift drift,
            Map<String, NodeRead> reads, List<String> actOn, List<Check> checks) implements PlanChecks {

        public Result {
            nodes = List.copyOf(nodes);
            reads = Map.copyOf(reads);
            actOn = List.copyOf(actOn);
            checks = List.copyOf(checks);
        }

        @Override
        public String source() {
            return actOn.isEmpty() ? "" : actOn.get(0);
        }

        /** What adjust would run on a node, explained. */
        public List<AdjustAction> actions(String node) {
            return drift.adjust().getOrDefault(node, List.of());
        }
    }

    private AdjustChecks() {
    }

    static Result run(Probe probe, String res, List<String> nodes, String only) throws InterruptedException {
        List<Check> checks = new ArrayList<>();
        ConfigDrift drift = ConfigDrift.read(probe, res, nodes);
        Map<String, NodeRead> reads = new LinkedHashMap<>();
        List<String> unread = new ArrayList<>();
        drift.unread().forEach((n, why) -> unread.add(n + ": " + why));
        for (String n : nodes) {
            try {
                NodeRead r = probe.read(n, probe.hostName(n), res);
                reads.put(n, r);
                if (!r.reachable()) {
                    unread.add(n + ": " + r.error());
                }
            } catch (SshException e) {
                unread.add(n + ": " + e.getMessage());
            }
        }
        String title = "Every node of " + res + " answers";
        if (!unread.isEmpty()) {
            checks.add(Check.block("reachable", title, String.join("; ", unread), "Check the nodes and retry; adjust "
                    + "never runs on a guess."));
            return new Result(res, nodes, only, drift, reads, List.of(), checks);
        }
        checks.add(Check.pass("reachable", title, String.join(", ", nodes) + " read just now (their files with "
                + "drbdadm dump, their kernel with drbdadm -d adjust)."));

        String files = "The files of " + res + " are the same on every node";
        List<String> differ = drift.filesDifferOn();
        if (differ.isEmpty()) {
            checks.add(Check.pass("files", files, "drbdadm dump " + res + " prints the same on " + String.join(", ",
                    nodes) + " (comments aside, secrets masked)."));
        } else {
            List<String> diffs = new ArrayList<>();
            differ.forEach(n -> diffs.add(drift.reference() + " (-) and " + n + " (+):\n    "
                    + String.join("\n    ", drift.diff(n))));
            String reason = "They differ between " + String.join("; ", diffs);
            if (only == null) {
                checks.add(Check.block("files", files, reason, "Make /etc/drbd.d the same on every node (copy the "
                        + "file of the node you mean to the others), or adjust only the node whose file is meant "
                        + "(--only NODE). DRBD Pilot never writes these files."));
            } else {
                checks.add(Check.warn("files", files, reason, "Only " + only + " is adjusted, to its own file; the "
                        + "other nodes keep what they run."));
            }
        }

        List<String> changing = drift.kernelDiffersOn().stream().filter(n -> only == null || n.equals(only)).toList();
        List<String> actOn = new ArrayList<>(changing.stream().filter(n -> !reads.get(n).isPrimary()).toList());
        changing.stream().filter(n -> reads.get(n).isPrimary()).forEach(actOn::add);
        String work = "drbdadm adjust " + res + " has something to apply";
        if (actOn.isEmpty()) {
            checks.add(Check.block("work", work, "The kernel runs the files on " + (only == null ? "every node" : only)
                    + ": drbdadm -d adjust " + res + " is empty.", "Nothing to do."));
            return new Result(res, nodes, only, drift, reads, actOn, checks);
        }
        List<String> lines = new ArrayList<>();
        List<String> risky = new ArrayList<>();
        for (String n : actOn) {
            for (AdjustAction a : drift.adjust().get(n)) {
                lines.add(n + ": " + a);
                if (!a.safe()) {
                    risky.add(n + ": " + a.words());
                }
            }
        }
        checks.add(Check.pass("work", work, "On " + String.join(", ", actOn) + "."));

        boolean busy = reads.values().stream().anyMatch(NodeRead::resyncRuns);
        String cut = "No resync or verify is cut";
        if (busy && !risky.isEmpty()) {
            checks.add(Check.block("cut", cut, "A resync or verify of " + res + " runs, and adjust would " + String.join(
                    "; ", risky) + ".", "Wait until it ends (drbd-pilot resync " + res + "), then check again."));
        } else {
            checks.add(Check.pass("cut", cut, busy ? "A resync or verify runs; adjust only changes options, it goes "
                    + "on." : "No resync or verify runs."));
        }

        String primary = reads.values().stream().filter(NodeRead::isPrimary).map(NodeRead::node).findFirst()
                .orElse(null);
        String keeps = "The Primary keeps an UpToDate peer";
        if (primary == null) {
            checks.add(Check.pass("primary", keeps, "No node is Primary."));
        } else if (risky.isEmpty()) {
            checks.add(Check.pass("primary", keeps, "Options only: " + primary + " stays connected to its peers."));
        } else {
            boolean detachPrimary = drift.adjust().getOrDefault(primary, List.of()).stream()
                    .anyMatch(a -> a.verb().equals("detach"));
            boolean goodPeer = reads.values().stream().anyMatch(r -> !r.node().equals(primary) && r.up()
                    && r.devices().stream().allMatch(d -> d.disk().value() == DiskState.UP_TO_DATE));
            if (detachPrimary && !goodPeer) {
                checks.add(Check.block("primary", keeps, "adjust would detach " + primary + "'s disk, and no other "
                        + "node is UpToDate: its I/O would fail.", "Fix the file, or make a peer UpToDate first."));
            } else {
                checks.add(Check.warn("primary", keeps, primary + " is Primary, and adjust would " + String.join("; ",
                        risky) + ".", "For a moment " + primary + " runs without its peer" + (goodPeer ? "" : " (and no "
                        + "peer is UpToDate now)") + "; its users go on. Run it in a quiet moment."));
            }
        }

        String what = "What adjust runs";
        if (risky.isEmpty()) {
            checks.add(Check.pass("lines", what, String.join("; ", lines)));
        } else {
            checks.add(Check.warn("lines", what, String.join("; ", lines), "Review the marked lines: they interrupt "
                    + "replication or take something away."));
        }
        return new Result(res, nodes, only, drift, reads, actOn, checks);
    }
}
