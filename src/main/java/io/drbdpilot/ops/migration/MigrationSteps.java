// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.migration;

import io.drbdpilot.drbd.command.DrbdCommands;
import io.drbdpilot.ops.node.NodeRead;
import io.drbdpilot.ops.plan.Run;
import io.drbdpilot.ops.plan.Step;
import io.drbdpilot.ops.plan.StepFailed;
import io.drbdpilot.ops.role.PairChecks;
import io.drbdpilot.ops.role.RoleSteps;
import io.drbdpilot.ssh.CommandResult;
import io.drbdpilot.ssh.RemoteCommand;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The DRBD steps of a live migration (docs/drbd-reference.md §f.2): open the dual-primary window at runtime, promote
 * the target beside the source, and close the window at the end (the VM's own move is in {@link VmSteps}). Each looks
 * first, acts only when needed, and confirms from both nodes.
 */
public final class MigrationSteps {

    private static final Pattern FAILURE = Pattern.compile("Failure: \\((\\d+)\\) ([^\\n]+)");

    private MigrationSteps() {
    }

    /** {@code drbdadm net-options --allow-two-primaries=yes|no RES}, on both nodes, runtime only; confirmed on both. */
    static final class DualPrimary extends Step {
        private final String res;
        private final String peer;
        private final boolean on;

        DualPrimary(String node, String peer, String res, boolean on) {
            super(node);
            this.peer = peer;
            this.res = res;
            this.on = on;
        }

        @Override
        public String title() {
            return (on ? "Allow two Primaries" : "Disallow two Primaries") + " (" + res + ", runtime only)";
        }

        @Override
        public String conditions() {
            return on ? "before: protocol C; after: both nodes run allow-two-primaries yes (the configuration is not "
                    + "edited)" : "before: at most one node is Primary; after: both nodes run allow-two-primaries no, "
                    + "and one node is Primary";
        }

        @Override
        public List<RemoteCommand> commands() {
            return List.of(DrbdCommands.allowTwoPrimaries(res, on));
        }

        @Override
        public List<Cmd> plan() {
            return List.of(new Cmd(node(), commands().get(0)), new Cmd(peer, commands().get(0)));
        }

        @Override
        public void execute(Run plan) throws StepFailed, InterruptedException {
            Run run = plan.on(res);
            String refused = null;
            for (String n : List.of(node(), peer)) {
                Boolean now = run.probe().dualPrimary(n, res);
                if (now != null && now == on) {
                    run.log("allow-two-primaries is " + (on ? "on" : "off") + " on " + n + " already.");
                    continue;
                }
                // unknown is not off: the command is sent (it is safe and idempotent) unless the node is gone
                CommandResult r = run.exec(n, commands().get(0));
                if (r.exitCode() == Run.LOST && !on) {
                    // a runtime option: it ends with the node's restart, and the configuration says no
                    run.log(n + " could not be reached to turn it off: its runtime allow-two-primaries ends when it "
                            + "restarts (the configuration is unchanged).");
                    continue;
                }
                if (!r.ok() && r.exitCode() != Run.LOST) {
                    Matcher m = FAILURE.matcher(r.stderr());
                    String said = m.find() ? "(" + m.group(1) + ") " + m.group(2) : (r.stderr() + r.stdout()).strip();
                    if (!on && refused == null) { // closing: the other node is still closed before this fails
                        refused = "DRBD refused allow-two-primaries no on " + n + ": " + said + ".";
                        continue;
                    }
                    throw new StepFailed("DRBD refused allow-two-primaries " + (on ? "yes" : "no") + " on " + n
                            + ": " + said + ".", said.startsWith("(139)") ? "Live migration needs protocol C on "
                            + res + ". Use a cold migration, or set protocol C in the configuration on both nodes "
                            + "and run drbdadm adjust " + res + "." : said.startsWith("(164)") ? "Both nodes are "
                            + "Primary: demote one first (drbdadm secondary " + res + ")." : "Check dmesg on " + n
                            + ".");
                }
            }
            if (refused != null) {
                throw new StepFailed(refused, refused.contains("(164)") ? "Both nodes are Primary: demote the one "
                        + "that should not run " + res + " (drbdadm secondary " + res + "), then turn it off on both."
                        : "Check dmesg on both nodes.");
            }
            for (String n : List.of(node(), peer)) {
                Boolean now = run.probe().dualPrimary(n, res);
                if (now == null && !on && !run.read(n).reachable()) {
                    continue;
                }
                if (now == null || now != on) {
                    throw new StepFailed("allow-two-primaries is not " + (on ? "on" : "off") + " on " + n
                            + " after the change" + (now == null ? " (it could not be read)" : "") + ".",
                            "Check with drbdadm -d adjust " + res + " on " + n + ".");
                }
            }
            if (!on) {
                Run.Reads rd = run.reads();
                for (NodeRead n : List.of(rd.source(), rd.target())) {
                    if (!n.reachable() && n.node().equals(run.target()) && !run.promoteSent()) {
                        run.log(n.node() + " cannot be reached; it was never sent a promote for " + res + ".");
                    } else if (!n.reachable()) { // the window is closed where it can be; the end is not confirmed
                        throw new StepFailed(n.node() + " cannot be reached: whether it is Primary for " + res
                                + " is not known (" + n.error() + ").", "When it is back, check that exactly one "
                                + "node is Primary for " + res + " and that its workload runs there.");
                    }
                }
                long primaries = List.of(rd.source(), rd.target()).stream().filter(NodeRead::isPrimary).count();
                if (primaries > 1) {
                    throw new StepFailed("Both nodes are Primary for " + res + ".", "Demote one of them.");
                }
            }
        }

        @Override
        public boolean cleanup() {
            return !on;
        }

        @Override
        public Step undo() {
            return on ? new DualPrimary(node(), peer, res, false) : null;
        }
    }

    /** Promote a node while its peer stays Primary (allow-two-primaries on), after checking they are in sync. */
    static final class PromoteBeside extends Step {
        private final String res;

        PromoteBeside(String node, String res) {
            super(node);
            this.res = res;
        }

        @Override
        public String title() {
            return "Promote " + node() + " beside its peer (" + res + ", dual-primary)";
        }

        @Override
        public String conditions() {
            return "before (read fresh on both nodes): Connected both ways, both UpToDate, no resync, the peer "
                    + "Primary; after: both Primary, Connected";
        }

        @Override
        public List<RemoteCommand> commands() {
            return List.of(DrbdCommands.primary(res));
        }

        @Override
        public void execute(Run plan) throws StepFailed, InterruptedException {
            Run run = plan.on(res);
            String peer = run.peerOf(node());
            Run.Reads rd = run.reads();
            if (both(run, rd)) {
                run.log(node() + " is Primary beside " + peer + " already.");
                return;
            }
            verify(run, rd);
            RoleSteps.change(run, node(), DrbdCommands.primary(res), "promote " + node(), attempt -> {
                if (attempt > 1) {
                    verify(run, run.reads());
                }
                if (node().equals(run.target())) {
                    run.markPromoteSent();
                }
            });
            run.await("both nodes Primary and Connected for " + res, r -> both(run, r));
        }

        private boolean both(Run run, Run.Reads r) {
            NodeRead me = me(run, r);
            NodeRead peer = peer(run, r);
            return me.reachable() && me.isPrimary() && me.diskUpToDate() && peer.reachable() && peer.isPrimary()
                    && me.connectedTo(run.peerHostOf(node())) && peer.connectedTo(run.hostOf(node()));
        }

        private NodeRead me(Run run, Run.Reads r) {
            return node().equals(run.source()) ? r.source() : r.target();
        }

        private NodeRead peer(Run run, Run.Reads r) {
            return node().equals(run.source()) ? r.target() : r.source();
        }

        private void verify(Run run, Run.Reads rd) throws StepFailed {
            PairChecks.fit(run, me(run, rd), peer(run, rd), res, "Nothing was promoted; the migration is rolled back.");
        }

        @Override
        public Step undo() {
            return new RoleSteps.Demote(node(), res, false);
        }
    }
}
