// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.verify;

import io.drbdpilot.drbd.command.DrbdCommands;
import io.drbdpilot.drbd.config.ResourceConfig;
import io.drbdpilot.ops.node.NodeRead;
import io.drbdpilot.ops.node.Probe;
import io.drbdpilot.ops.plan.Check;
import io.drbdpilot.ops.plan.PlanChecks;
import io.drbdpilot.ssh.CommandResult;
import io.drbdpilot.ssh.SshException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether an online verify of one connection may start: both nodes answer, are Connected with nothing else running
 * (no resync, no verify), both UpToDate, and a {@code verify-alg} runs on both (DRBD refuses with "Need a verify
 * algorithm" otherwise). With a resync of what it finds, the good side must be one of the two and UpToDate.
 */
public final class VerifyChecks {

    /**
     * @param node       where the verify is started (VerifyS)
     * @param peer       its peer (VerifyT)
     * @param drbd9      DRBD 9 (the verify names the peer; the resync is an invalidate-remote)
     * @param resyncFrom the side whose data is kept when blocks are found, or null for no resync
     */
    public record Result(String resource, String node, String peer, String nodeHost, String peerHost,
            NodeRead nodeRead, NodeRead peerRead, boolean drbd9, String resyncFrom, List<Check> checks)
            implements PlanChecks {

        @Override
        public String source() {
            return node;
        }
    }

    private static final Pattern VERIFY_ALG = Pattern.compile("verify-alg\\s+\"?([A-Za-z0-9_-]*)\"?\\s*;");

    private VerifyChecks() {
    }

    /** The running verify-alg of a node ("" when none runs), or null when it could not be read. */
    static String runningVerifyAlg(Probe probe, String node, String res) throws InterruptedException {
        try {
            CommandResult r = probe.run(node, DrbdCommands.showRunning(res));
            if (!r.ok()) {
                return null;
            }
            Matcher m = VERIFY_ALG.matcher(r.stdout());
            return m.find() ? m.group(1) : "";
        } catch (SshException e) {
            return null;
        }
    }

    static Result run(Probe probe, String res, String node, String peer, String resyncFrom)
            throws InterruptedException {
        List<Check> checks = new ArrayList<>();
        String nodeHost;
        String peerHost;
        try {
            nodeHost = probe.hostName(node);
            peerHost = probe.hostName(peer);
        } catch (SshException e) {
            checks.add(Check.block("reachable", "Both nodes answer", e.getMessage(), "Check the nodes and retry."));
            return new Result(res, node, peer, node, peer, null, null, false, resyncFrom, checks);
        }
        NodeRead a = probe.read(node, nodeHost, res);
        NodeRead b = probe.read(peer, peerHost, res);
        boolean drbd9 = false;
        try {
            CommandResult proc = probe.run(node, DrbdCommands.procDrbd());
            drbd9 = proc.ok() && proc.stdout().lines().findFirst().orElse("").startsWith("version: 9");
        } catch (SshException e) {
            // reachable() below says so
        }
        if (!a.reachable() || !b.reachable()) {
            checks.add(Check.block("reachable", "Both nodes answer", (a.reachable() ? "" : node + ": " + a.error()
                    + " ") + (b.reachable() ? "" : peer + ": " + b.error()), "Check the nodes and retry."));
            return new Result(res, node, peer, nodeHost, peerHost, a, b, drbd9, resyncFrom, checks);
        }
        checks.add(Check.pass("reachable", "Both nodes answer", node + " and " + peer + " read just now."));
        if (a.connectedTo(peerHost) && b.connectedTo(nodeHost) && !a.resyncRuns() && !b.resyncRuns()) {
            checks.add(Check.pass("connected", "Connected, nothing else running", node + " ↔ " + peer
                    + ": Connected, no resync or verify."));
        } else {
            checks.add(Check.block("connected", "Connected, nothing else running", node + ": " + a.connectionText(
                    peerHost) + "; " + peer + ": " + b.connectionText(nodeHost) + ".", "A verify needs the "
                    + "connection up with no resync or verify running; wait for it, or connect the nodes."));
        }
        if (a.diskUpToDate() && b.diskUpToDate()) {
            checks.add(Check.pass("uptodate", "Both UpToDate", "Both disks are UpToDate."));
        } else {
            checks.add(Check.block("uptodate", "Both UpToDate", node + ": " + a.diskText() + "; " + peer + ": "
                    + b.diskText() + ".", "Verify compares two good copies; let the resync finish first."));
        }
        algCheck(probe, res, node, peer, checks);
        if (resyncFrom != null) {
            boolean known = resyncFrom.equals(node) || resyncFrom.equals(peer);
            checks.add(known ? (drbd9 ? Check.pass("resync-from", "The good side is one of the two", "What verify "
                    + "finds is resynced from " + resyncFrom + "; the other side's differing blocks are overwritten.")
                    : Check.warn("resync-from", "The good side is one of the two", "On 8.4 what verify finds is "
                    + "resynced by a full resync from " + resyncFrom + " (invalidate-remote): the whole device is "
                    + "copied, and the other side is Inconsistent until it ends.", "Run it when a full resync of "
                    + res + " is acceptable."))
                    : Check.block("resync-from", "The good side is one of the two", resyncFrom + " is neither "
                    + node + " nor " + peer + ".", "Choose " + node + " or " + peer + "."));
        }
        return new Result(res, node, peer, nodeHost, peerHost, a, b, drbd9, resyncFrom, List.copyOf(checks));
    }

    private static void algCheck(Probe probe, String res, String node, String peer, List<Check> checks)
            throws InterruptedException {
        List<String> missing = new ArrayList<>();
        List<String> unread = new ArrayList<>();
        List<String> runtimeOnly = new ArrayList<>();
        String alg = null;
        for (String n : List.of(node, peer)) {
            String running = runningVerifyAlg(probe, n, res);
            if (running == null) {
                unread.add(n);
                continue;
            }
            if (running.isEmpty()) {
                missing.add(n);
                continue;
            }
            alg = running;
            Optional<ResourceConfig> cfg;
            try {
                cfg = probe.config(n, res);
            } catch (SshException e) {
                cfg = Optional.empty();
            }
            if (cfg.flatMap(c -> c.option("net", "verify-alg")).isEmpty()) {
                runtimeOnly.add(n);
            }
        }
        String change = "add 'verify-alg sha256;' to the net section of " + res + " in /etc/drbd.d on both nodes, "
                + "then 'drbdadm adjust " + res + "' on each (for one run only: drbdadm net-options "
                + "--verify-alg=sha256 " + res + ")";
        if (!unread.isEmpty()) {
            checks.add(Check.block("verify-alg", "A verify algorithm runs on both", "The running configuration of "
                    + String.join(", ", unread) + " could not be read.", "Check the nodes and retry."));
        } else if (!missing.isEmpty()) {
            checks.add(Check.block("verify-alg", "A verify algorithm runs on both", "No verify-alg on "
                    + String.join(", ", missing) + ": DRBD refuses with \"Need a verify algorithm to start online "
                    + "verify\".", "Configure one: " + change + "."));
        } else if (!runtimeOnly.isEmpty()) {
            checks.add(Check.warn("verify-alg", "A verify algorithm runs on both", alg + " runs, but only at "
                    + "runtime on " + String.join(", ", runtimeOnly) + ": the next adjust, restart or reconnect drops it "
                    + "(a node that reconnects with another verify-alg than its peer's goes StandAlone: "
                    + "\"Different verify-alg settings\").",
                    "To keep it: " + change + "."));
        } else {
            checks.add(Check.pass("verify-alg", "A verify algorithm runs on both", alg + " on both nodes."));
        }
    }
}
