// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.quorum;

import io.drbdpilot.drbd.model.ConnectionState;
import io.drbdpilot.drbd.model.DeviceState;
import io.drbdpilot.drbd.model.DiskState;
import io.drbdpilot.drbd.model.UtilsVersion;
import io.drbdpilot.drbd.parse.ParseException;
import io.drbdpilot.drbd.parse.VersionParser;
import io.drbdpilot.ops.node.NodeRead;
import io.drbdpilot.ops.node.Probe;
import io.drbdpilot.ops.plan.Check;
import io.drbdpilot.ops.plan.PlanChecks;
import io.drbdpilot.ssh.CommandResult;
import io.drbdpilot.ssh.RemoteCommand;
import io.drbdpilot.ssh.SshException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether a forced demotion may recover a Primary that lost quorum: the node answers; it is Primary and has lost quorum
 * (which peers it cannot see, how many it needs); its kernel and utils support {@code secondary --force} (DRBD 9.1.7,
 * drbd-utils 9.21); who uses the device and what happens to them; and which node could take over (it has quorum and
 * UpToDate data). A read that failed is never a PASS.
 */
public final class QuorumChecks {

    /** DRBD 9.1.7, the first kernel with {@code secondary --force}. */
    static final int KERNEL_MIN = 0x090107;
    /** drbd-utils 9.21.0. */
    static final int UTILS_MIN = 0x091500;

    /**
     * @param node     the Primary that lost quorum
     * @param takeover a node with quorum and UpToDate data to switch over to afterwards, or null
     */
    public record Result(String resource, String node, Map<String, NodeRead> reads, String takeover,
            List<Check> checks) implements PlanChecks {

        public Result {
            reads = Map.copyOf(reads);
            checks = List.copyOf(checks);
        }

        @Override
        public String source() {
            return node;
        }
    }

    private QuorumChecks() {
    }

    static Result run(Probe probe, String res, String node, List<String> nodes, String takeOver)
            throws InterruptedException {
        List<Check> checks = new ArrayList<>();
        Map<String, NodeRead> reads = new LinkedHashMap<>();
        for (String n : nodes) {
            String host;
            try {
                host = probe.hostName(n);
            } catch (SshException e) {
                reads.put(n, new NodeRead(n, n, null, e.getMessage(), Instant.now()));
                continue;
            }
            reads.put(n, probe.read(n, host, res));
        }
        NodeRead me = reads.get(node);
        String title = node + " answers";
        if (me == null || !me.reachable()) {
            checks.add(Check.block("reachable", title, node + " cannot be read" + (me == null ? "" : " (" + me.error()
                    + ")") + ".", "A node that cannot be reached cannot be demoted from here: reach its console, or "
                    + "power it off if it must stop writing."));
            return new Result(res, node, reads, null, checks);
        }
        checks.add(Check.pass("reachable", title, node + " read just now."));

        String lost = node + " is Primary and has lost quorum";
        List<String> unseen = new ArrayList<>();
        int seen = 1;
        for (ConnectionState c : me.state() == null ? List.<ConnectionState>of() : me.state().connections()) {
            if (me.connectedTo(c.name())) {
                seen++;
            } else {
                unseen.add(c.name() + " (" + c.connection().raw() + ")");
            }
        }
        int total = seen + unseen.size();
        String sees = node + " sees " + seen + " of " + total + " nodes" + (unseen.isEmpty() ? "" : "; it cannot see "
                + String.join(", ", unseen)) + ", and needs " + (total / 2 + 1) + " for quorum";
        if (!me.isPrimary()) {
            checks.add(Check.block("lost", lost, node + " is " + me.role().drbdName() + " for " + res + ": nothing to "
                    + "recover.", "Nothing to do here."));
        } else if (!me.quorumLost()) {
            checks.add(Check.block("lost", lost, node + " has quorum (" + sees + ").", "Move the role with the "
                    + "switchover (drbd-pilot switchover " + res + " --to NODE): it needs no force."));
        } else {
            checks.add(Check.pass("lost", lost, sees + ". Its I/O is " + (me.state().suspended().contains("quorum") ? "suspended (on-no-quorum suspend-io)"
                    : "failing (on-no-quorum io-error)") + "."));
        }

        String supported = "The kernel and the utils can force a demotion";
        UtilsVersion v = null;
        String why = null;
        try {
            CommandResult r = probe.run(node, RemoteCommand.of("drbdadm", "--version"));
            v = r.ok() ? VersionParser.parse(r.stdout()).value() : null;
            why = r.ok() ? null : Probe.said(r);
        } catch (SshException | ParseException e) {
            why = e.getMessage();
        }
        if (v == null) {
            checks.add(Check.block("supported", supported, "drbdadm --version on " + node + " could not be read ("
                    + why + ").", "Check the node."));
        } else if (v.kernelVersionCode() < KERNEL_MIN || v.utilsVersionCode() < UTILS_MIN) {
            checks.add(Check.block("supported", supported, node + " runs DRBD " + v.kernelVersionFromCode()
                    + " with drbd-utils " + v.utilsVersion() + "; drbdadm secondary --force needs DRBD 9.1.7 and "
                    + "drbd-utils 9.21 or later.", "Stop what uses the device and wait for the peers to return, or "
                    + "power the node off (its writes stop either way); upgrade to use the forced demotion."));
        } else {
            checks.add(Check.pass("supported", supported, "DRBD " + v.kernelVersionFromCode() + ", drbd-utils "
                    + v.utilsVersion() + "."));
        }

        String usersTitle = "What uses the device on " + node;
        try {
            Probe.Users u = probe.users(node, me);
            if (!u.complete()) {
                checks.add(Check.warn("users", usersTitle, "Not everything could be read: " + String.join("; ",
                        u.unknown()) + (u.none() ? "" : ". Seen: " + u.describe()) + ".", "Look on " + node
                        + " before forcing: whatever has the device open gets I/O errors from then on."));
            } else if (u.none()) {
                checks.add(Check.pass("users", usersTitle, "Nothing has it open."));
            } else {
                checks.add(Check.warn("users", usersTitle, u.describe() + ". After the forced demotion every read "
                        + "and write of theirs fails (force-io-failures): a filesystem goes read-only or errors, a "
                        + "VM sees disk errors, a database stops. What they wrote since quorum was lost never "
                        + "reached a peer.", "Stop them first where you can (the VM, the service, then umount); "
                        + "after the demotion, stop and unmount what is left, then start them on the new Primary."));
            }
        } catch (SshException e) {
            checks.add(Check.warn("users", usersTitle, "Could not be read (" + e.getMessage() + ").", "Look on "
                    + node + " before forcing."));
        }

        String takeover = null;
        for (NodeRead r : reads.values()) {
            if (!r.node().equals(node) && fit(r) && (takeOver == null || r.node().equals(takeOver))) {
                takeover = r.node();
                break;
            }
        }
        String next = "A node with quorum can take over";
        if (takeOver != null) {
            NodeRead t = reads.get(takeOver);
            if (takeover == null) {
                checks.add(Check.block("takeover", next, takeOver + (t == null || !t.reachable() ? " cannot be read"
                        : t.isPrimary() ? " is Primary already" : t.quorumLost() ? " has no quorum either"
                        : " is " + t.diskText()) + ": it cannot take over.", "Name a node that has quorum and "
                        + "UpToDate data, or leave the takeover out."));
            } else {
                checks.add(Check.pass("takeover", next, takeOver + " has quorum and UpToDate data: it is promoted "
                        + "after the forced demotion."));
            }
        } else if (takeover != null) {
            checks.add(Check.pass("takeover", next, takeover + " has quorum and UpToDate data: after the demotion, "
                    + "switch over to it (drbd-pilot switchover " + res + " --to " + takeover + ")."));
        } else {
            checks.add(Check.warn("takeover", next, "No other node has quorum and UpToDate data now: after the "
                    + "demotion nobody is Primary for " + res + " until the nodes see each other again.",
                    "Bring the peers back first if you can; force only to stop " + node + " for good."));
        }
        return new Result(res, node, reads, takeover, checks);
    }

    /** Secondary, reachable, UpToDate, with quorum: fit to be promoted. */
    private static boolean fit(NodeRead r) {
        return r.reachable() && !r.isPrimary() && !r.quorumLost() && r.devices().stream().map(DeviceState::disk)
                .allMatch(d -> d.is(DiskState.UP_TO_DATE));
    }
}
