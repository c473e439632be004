// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.role;

import io.drbdpilot.drbd.command.DrbdCommands;
import io.drbdpilot.drbd.model.Refusal;
import io.drbdpilot.drbd.model.RefusalReason;
import io.drbdpilot.drbd.model.Role;
import io.drbdpilot.drbd.parse.RefusalParser;
import io.drbdpilot.ops.node.NodeRead;
import io.drbdpilot.ops.node.Probe;
import io.drbdpilot.ops.plan.Run;
import io.drbdpilot.ops.plan.Step;
import io.drbdpilot.ops.plan.StepFailed;
import io.drbdpilot.ssh.CommandResult;
import io.drbdpilot.ssh.RemoteCommand;
import io.drbdpilot.ssh.SshException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** The role changes: demote, re-verify and promote, and re-promote in a rollback. Never {@code --force}. */
public final class RoleSteps {

    /** Transient refusals (-18, -19) are retried this often, each after the next state change. */
    static final int ATTEMPTS = 5;

    private RoleSteps() {
    }

    /**
     * Runs a role change, retrying transient refusals after the next state change. Returns normally when DRBD
     * accepted it or the connection was lost (the verification then decides); throws on any other refusal.
     */
    public static void change(Run run, String node, RemoteCommand cmd, String doing, Before beforeEachAttempt)
            throws StepFailed, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            beforeEachAttempt.check(attempt);
            CommandResult r = run.exec(node, cmd);
            if (r.ok()) {
                return;
            }
            if (r.exitCode() == Run.LOST) {
                run.log(r.stderr() + " Whether '" + cmd + "' took effect is checked next.");
                return;
            }
            List<Refusal> refusals = RefusalParser.parse(r.stderr());
            RefusalReason reason = refusals.isEmpty() ? RefusalReason.OTHER : refusals.get(0).reason();
            String said = refusals.isEmpty() ? firstLine(r) : "(" + refusals.get(0).code() + ") " + refusals.get(0).text();
            if (reason.retryable() && attempt < ATTEMPTS) {
                run.log("DRBD answered " + said + " on " + node + "; retrying after the next state change ("
                        + attempt + " of " + ATTEMPTS + ").");
                run.awaitChange(Duration.ofSeconds(2));
                continue;
            }
            if (reason == RefusalReason.DEVICE_IN_USE) {
                throw new StepFailed("DRBD refused to " + doing + ": " + said + ". In use by: "
                        + users(run, node, refusals.get(0)) + ".",
                        "Stop what uses the device on " + node + " first (unmount it, stop the service or VM: the "
                                + "--umount, --stop-unit and shutdown steps do this), then run the switchover again.",
                        reason);
            }
            throw new StepFailed("DRBD refused to " + doing + ": " + said + " (exit " + r.exitCode() + ").",
                    reason.advice(), reason);
        }
    }

    /** " (r0)": the resource, in every title, for plans over several resources. */
    static String suffix(String res) {
        return " (" + res + ")";
    }

    /** Runs before each attempt: a retry re-checks its preconditions, fresh. */
    @FunctionalInterface
    public interface Before {
        void check(int attempt) throws StepFailed, InterruptedException;
    }

    private static String firstLine(CommandResult r) {
        String s = (r.stderr() + "\n" + r.stdout()).strip();
        return s.isEmpty() ? "exit " + r.exitCode() : s.lines().findFirst().orElse("");
    }

    private static String users(Run run, String node, Refusal refusal) throws InterruptedException {
        List<String> out = new ArrayList<>();
        refusal.openers().forEach(o -> out.add(o.command() + " (pid " + o.pid() + ")"));
        try {
            Probe.Users u = run.probe().users(node, run.read(node));
            if (!u.none()) {
                out.add(u.describe());
            }
        } catch (SshException e) {
            out.add("(the users could not be listed: " + e.getMessage() + ")");
        }
        return out.isEmpty() ? "unknown (check lsof and fuser on " + node + ")" : String.join("; ", out);
    }

    /** {@code drbdadm secondary} on a node, confirmed. */
    public static final class Demote extends Step {
        private final String res;
        private final boolean undoable;
        private final Supplier<Step> undo;

        /** @param undoable a rollback re-promotes this node (the source), only once its peer is Secondary */
        public Demote(String node, String res, boolean undoable) {
            this(node, res, undoable, undoable ? () -> new Repromote(node, res) : () -> null);
        }

        /** A demote whose rollback is {@code undo} (a live migration promotes the source again beside its peer). */
        public Demote(String node, String res, boolean undoable, Supplier<Step> undo) {
            super(node);
            this.res = res;
            this.undoable = undoable;
            this.undo = undo;
        }

        String resource() {
            return res;
        }

        @Override
        public String title() {
            return "Demote " + node() + " to Secondary" + suffix(res);
        }

        @Override
        public String conditions() {
            return "before: " + node() + " is reachable; after: " + node() + " is Secondary";
        }

        @Override
        public List<RemoteCommand> commands() {
            return List.of(DrbdCommands.secondary(res));
        }

        @Override
        public void execute(Run plan) throws StepFailed, InterruptedException {
            Run run = plan.on(res);
            NodeRead r = run.read(node());
            if (!r.reachable() && !undoable && !run.promoteSent()) {
                run.log(node() + " cannot be reached, but it was never sent a promote: nothing to demote there.");
                return;
            }
            if (!r.reachable()) {
                throw new StepFailed(node() + " cannot be reached: " + r.error(), "Check the node and the SSH link.");
            }
            if (!r.up()) {
                throw new StepFailed(res + " is not up on " + node() + ".", "Bring it up: drbdadm up " + res + ".");
            }
            if (r.role() != Role.SECONDARY) {
                change(run, node(), DrbdCommands.secondary(res), "demote " + node(), a -> { });
            } else {
                run.log(node() + " is Secondary already.");
            }
            run.await(node() + " is Secondary", rd -> {
                NodeRead n = node().equals(run.source()) ? rd.source() : rd.target();
                return n.reachable() && n.role() == Role.SECONDARY;
            });
        }

        @Override
        public Step undo() {
            return undo.get();
        }
    }

    /** The target re-verified from both sides right before it is promoted, then promoted and confirmed. */
    public static final class Promote extends Step {
        private final String res;

        public Promote(String node, String res) {
            super(node);
            this.res = res;
        }

        @Override
        public String title() {
            return "Re-verify " + node() + ", then promote it to Primary" + suffix(res);
        }

        @Override
        public String conditions() {
            return "before (read fresh on both nodes): both Secondary; " + node() + " Connected to its peer, "
                    + "UpToDate, and seen UpToDate by the peer; no resync; after: " + node() + " Primary and "
                    + "UpToDate, the peer Secondary and Connected";
        }

        @Override
        public List<RemoteCommand> commands() {
            return List.of(DrbdCommands.primary(res));
        }

        @Override
        public void execute(Run plan) throws StepFailed, InterruptedException {
            Run run = plan.on(res);
            Run.Reads rd = run.reads();
            if (rd.target().isPrimary() && done(run, rd)) {
                run.log(node() + " is Primary already.");
                return;
            }
            reverify(run, rd);
            run.log("Re-verified: " + rd.target().describe(run.hostOf(run.source())) + ".");
            change(run, node(), DrbdCommands.primary(res), "promote " + node(), attempt -> {
                if (attempt > 1) {
                    reverify(run, run.reads()); // a handshake may have started a resync meanwhile
                }
                run.markPromoteSent();
            });
            run.await(node() + " is Primary and UpToDate, " + run.source() + " Secondary and Connected",
                    r -> done(run, r));
        }

        private static boolean done(Run run, Run.Reads r) {
            String s = run.hostOf(run.source());
            String t = run.hostOf(run.target());
            return r.target().reachable() && r.target().isPrimary() && r.target().diskUpToDate()
                    && r.source().reachable() && r.source().role() == Role.SECONDARY && r.source().connectedTo(t)
                    && r.target().connectedTo(s);
        }

        /** The safe order's step 4: after the demote, the target must still be fit to take over. */
        static void reverify(Run run, Run.Reads rd) throws StepFailed {
            NodeRead s = rd.source();
            NodeRead t = rd.target();
            String abort = "Nothing was promoted. The switchover is rolled back: " + run.source()
                    + " becomes Primary again.";
            PairChecks.fit(run, t, s, run.resource(), abort);
            if (s.isPrimary()) {
                throw new StepFailed(run.source() + " is Primary again: someone promoted it meanwhile.", abort);
            }
            if (t.peerRole(run.hostOf(run.source())) == Role.PRIMARY) {
                throw new StepFailed(run.target() + " still sees " + run.source() + " as Primary.", abort);
            }
        }

        @Override
        public Step undo() {
            return new Demote(node(), res, false);
        }
    }

    /**
     * Rollback: the source becomes Primary again. Once the peer was sent a promote it may have been Primary and written:
     * the source takes the role back only when, read fresh, the peer is Secondary, the two are Connected and both are
     * UpToDate (so whatever the peer wrote is on the source too). Anything else would make a second, diverging
     * Primary: the rollback stops there with both nodes' state and the commands.
     */
    static final class Repromote extends Step {
        private final String res;

        Repromote(String node, String res) {
            super(node);
            this.res = res;
        }

        @Override
        public String title() {
            return "Re-promote " + node() + " to Primary" + suffix(res);
        }

        @Override
        public String conditions() {
            return "before: the peer is Secondary, and when it was sent a promote, Connected with both disks UpToDate "
                    + "(read fresh); after: " + node() + " is Primary";
        }

        @Override
        public List<RemoteCommand> commands() {
            return List.of(DrbdCommands.primary(res));
        }

        @Override
        public void execute(Run plan) throws StepFailed, InterruptedException {
            Run run = plan.on(res);
            Run.Reads rd = run.reads();
            NodeRead me = mine(run, rd);
            NodeRead peer = peer(run, rd);
            if (!me.reachable()) {
                throw new StepFailed(node() + " cannot be reached: " + me.error(),
                        "When it is back, check that no node is Primary, then run there: drbdadm primary " + res);
            }
            if (me.isPrimary()) {
                run.log(node() + " is Primary already.");
                return;
            }
            if (peer.reachable() && peer.isPrimary()) {
                throw new StepFailed(peer.node() + " is Primary: " + node() + " cannot be re-promoted without "
                        + "making two Primaries.", "Decide which node should run " + res + ": demote the other.");
            }
            if (!peer.reachable() && run.promoteSent()) {
                throw new StepFailed(peer.node() + " cannot be reached, and it was sent a promote: it may be "
                        + "Primary. Promoting " + node() + " now could make two Primaries (split brain).",
                        "Look at " + peer.node() + " first (console, IPMI). If it is Secondary or down, run on "
                                + node() + ": drbdadm primary " + res);
            }
            if (run.promoteSent() && !inSync(run, rd)) {
                try { // a link that is reconnecting gets the verification's time to come back
                    rd = run.await(peer.node() + " Secondary, Connected to " + node() + ", both UpToDate",
                            r -> inSync(run, r));
                } catch (StepFailed f) {
                    Run.Reads now = run.reads();
                    throw new StepFailed(peer.node() + " was sent a promote and is not in sync with " + node()
                            + " now (" + mine(run, now).describe(run.peerHostOf(node())) + "; "
                            + peer(run, now).describe(run.hostOf(node())) + "). If it was Primary while apart, "
                            + "what it wrote is not on " + node() + ": promoting " + node() + " now would split the "
                            + "brain.", "Decide which node has the data you want. If " + peer.node() + " never "
                            + "wrote as Primary, reconnect them (drbdadm connect " + res + " on each) and wait for "
                            + "UpToDate/UpToDate, then run on " + node() + ": drbdadm primary " + res + ". If both "
                            + "sides wrote, resolve the split brain first.");
                }
            }
            change(run, node(), DrbdCommands.primary(res), "re-promote " + node(), a -> {
                if (a > 1 && run.promoteSent() && !inSync(run, run.reads())) {
                    throw new StepFailed(peer.node() + " is not in sync with " + node() + " any more.",
                            "Check both nodes before promoting either.");
                }
            });
            run.await(node() + " is Primary", r -> {
                NodeRead n = mine(run, r);
                return n.reachable() && n.isPrimary();
            });
        }

        private NodeRead mine(Run run, Run.Reads r) {
            return node().equals(run.source()) ? r.source() : r.target();
        }

        private NodeRead peer(Run run, Run.Reads r) {
            return node().equals(run.source()) ? r.target() : r.source();
        }

        /** The peer Secondary, Connected both ways, both disks UpToDate as each side sees itself and the other. */
        private boolean inSync(Run run, Run.Reads r) {
            NodeRead me = mine(run, r);
            NodeRead peer = peer(run, r);
            String mh = run.hostOf(node());
            String ph = run.peerHostOf(node());
            return me.reachable() && peer.reachable() && peer.role() == Role.SECONDARY && me.connectedTo(ph)
                    && peer.connectedTo(mh) && me.diskUpToDate() && peer.diskUpToDate() && me.peerDiskUpToDate(ph)
                    && peer.peerDiskUpToDate(mh) && !me.resyncRuns() && !peer.resyncRuns();
        }

        @Override
        public Step undo() {
            return null;
        }
    }
}
