// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.splitbrain;

import io.drbdpilot.drbd.command.DrbdCommands;
import io.drbdpilot.drbd.model.CState;
import io.drbdpilot.drbd.model.ConnectionState;
import io.drbdpilot.drbd.model.ReplicationState;
import io.drbdpilot.drbd.model.Role;
import io.drbdpilot.ops.node.NodeRead;
import io.drbdpilot.ops.plan.Run;
import io.drbdpilot.ops.plan.Step;
import io.drbdpilot.ops.plan.StepFailed;
import io.drbdpilot.ops.role.RoleSteps;
import io.drbdpilot.ssh.RemoteCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The steps of a split-brain resolution, in the documented order for the kernel in use: the victim is made
 * Secondary and StandAlone, connects discarding its data, the survivor (and any other StandAlone peer) connects
 * again, and the resync to the victim is watched until both sides are UpToDate with nothing out of sync. Each step
 * re-reads the nodes fresh before it acts and confirms its result.
 */
final class SplitBrainSteps {

    private SplitBrainSteps() {
    }

    /** Whether {@code r} is StandAlone toward {@code peerHost} (or has no connection to it at all). */
    static boolean standAlone(NodeRead r, String peerHost) {
        return r.connectionTo(peerHost).map(c -> c.connection().value() == CState.STANDALONE).orElse(true);
    }

    /** The node a step acts on, read fresh (a third peer is read through the probe with its own host name). */
    static NodeRead fresh(Run run, String node, String host) throws InterruptedException {
        return node.equals(run.source()) || node.equals(run.target()) ? run.read(node)
                : run.probe().read(node, host, run.resource());
    }

    /**
     * After the victim was told to discard its data there is no going back: a failure from there stops the plan for a
     * person (MANUAL, with the state), with what is left to do.
     */
    static StepFailed afterTheDiscard(StepFailed e, Run run, String res) {
        return e.stopHere() ? e : StepFailed.needsAPerson(e.getMessage(), e.remedy() + " The victim was already told "
                + "to discard its data: finish by hand (drbdadm connect " + res + " on a StandAlone side) and watch "
                + "the resync (drbdadm status " + res + ").", List.of(
                new Step.Cmd(run.source(), DrbdCommands.connect(res)), new Step.Cmd(run.target(),
                        DrbdCommands.connect(res)), new Step.Cmd(run.target(), DrbdCommands.status(res))));
    }

    /**
     * One of the switchover's user steps (stop a VM or unit, unmount) on the victim, without its undo: what used the
     * victim's data is not started on it again, whatever happens (that data is about to be replaced).
     */
    static Step kept(Step inner) {
        return new Step(inner.node()) {
            @Override
            public String title() {
                return inner.title();
            }

            @Override
            public String conditions() {
                return inner.conditions();
            }

            @Override
            public List<RemoteCommand> commands() {
                return inner.commands();
            }

            @Override
            public void execute(Run run) throws StepFailed, InterruptedException {
                inner.execute(run);
            }

            @Override
            public Step undo() {
                return null;
            }
        };
    }

    /** {@code drbdadm disconnect}: the node StandAlone (skipped when it is already, as 8.4 refuses it then). */
    static final class Isolate extends Step {
        private final String res;
        private final String peerHost;

        Isolate(String node, String res, String peerHost) {
            super(node);
            this.res = res;
            this.peerHost = peerHost;
        }

        @Override
        public String title() {
            return "Make " + node() + " StandAlone (" + res + ")";
        }

        @Override
        public String conditions() {
            return "before: " + node() + " is Secondary; after: " + node() + " is StandAlone";
        }

        @Override
        public List<RemoteCommand> commands() {
            return List.of(DrbdCommands.disconnect(res));
        }

        @Override
        public void execute(Run run) throws StepFailed, InterruptedException {
            NodeRead r = run.read(node());
            if (!r.reachable()) {
                throw new StepFailed(node() + " cannot be reached: " + r.error(), "Check the node and the SSH link.");
            }
            if (r.role() != Role.SECONDARY) {
                throw new StepFailed(node() + " is " + r.role() + ", not Secondary: its data must not be replaced "
                        + "while it serves.", "Demote it first (drbdadm secondary " + res + ").");
            }
            if (standAlone(r, peerHost)) {
                run.log(node() + " is StandAlone already.");
                return;
            }
            RoleSteps.change(run, node(), DrbdCommands.disconnect(res), "disconnect " + node(), a -> { });
            run.await(node() + " is StandAlone", rd -> {
                NodeRead n = node().equals(run.source()) ? rd.source() : rd.target();
                return n.reachable() && standAlone(n, peerHost);
            });
        }

        @Override
        public Step undo() {
            return null; // a StandAlone victim is safe: it neither serves nor resyncs
        }
    }

    /** The victim connects and discards its changes since the split: from here on, only forward. */
    static final class DiscardAndConnect extends Step {
        private final String res;
        private final String survivor;
        private final String survivorHost;

        DiscardAndConnect(String victim, String res, String survivor, String survivorHost) {
            super(victim);
            this.res = res;
            this.survivor = survivor;
            this.survivorHost = survivorHost;
        }

        @Override
        public String title() {
            return "Connect " + node() + " discarding its changes (" + res + ")";
        }

        @Override
        public String conditions() {
            return "before (read fresh): " + node() + " Secondary and StandAlone, " + survivor + " reachable and "
                    + "UpToDate; after: " + node() + " connecting or connected";
        }

        @Override
        public List<RemoteCommand> commands() {
            return List.of(DrbdCommands.connectDiscardingMyData(res));
        }

        @Override
        public boolean pointOfNoReturn() {
            return true;
        }

        @Override
        public void execute(Run run) throws StepFailed, InterruptedException {
            Run.Reads rd = run.reads();
            NodeRead v = rd.target();
            NodeRead s = rd.source();
            if (!v.reachable() || !s.reachable()) {
                throw new StepFailed("Both sides must answer before anything is discarded: " + (v.reachable() ? ""
                        : node() + ": " + v.error() + " ") + (s.reachable() ? "" : survivor + ": " + s.error()),
                        "Bring the node back, then retry.");
            }
            if (!standAlone(v, survivorHost)) {
                run.log(node() + " is connecting already (" + v.connectionText(survivorHost) + "): its discard was "
                        + "sent before.");
            } else {
                if (v.role() != Role.SECONDARY) {
                    throw new StepFailed(node() + " is " + v.role() + " again: it must be Secondary to discard "
                            + "its data.", "Find out who promoted it, demote it, then retry.");
                }
                if (!s.diskUpToDate()) {
                    throw new StepFailed(survivor + " is " + s.diskText() + " now, not UpToDate: it cannot be the "
                            + "source of the resync.", "Look at " + survivor + " before anything is discarded.");
                }
                RoleSteps.change(run, node(), DrbdCommands.connectDiscardingMyData(res), "connect " + node()
                        + " discarding its data", a -> { });
            }
            try {
                run.await(node() + " is no longer StandAlone", r -> r.target().reachable()
                        && !standAlone(r.target(), survivorHost));
            } catch (StepFailed e) {
                throw afterTheDiscard(e, run, res);
            }
        }

        @Override
        public Step undo() {
            return null;
        }
    }

    /** A StandAlone peer (the survivor, or a DRBD 9 tiebreaker) connects again: on DRBD 9 disconnect, then connect. */
    static final class Reconnect extends Step {
        private final String res;
        private final String host;
        private final String peerHost;
        private final boolean drbd9;

        Reconnect(String node, String res, String host, String peerHost, boolean drbd9) {
            super(node);
            this.res = res;
            this.host = host;
            this.peerHost = peerHost;
            this.drbd9 = drbd9;
        }

        @Override
        public String title() {
            return "Connect " + node() + " again (" + res + ")";
        }

        @Override
        public String conditions() {
            return "before: " + node() + " StandAlone (else nothing to do); after: " + node() + " connecting or "
                    + "connected";
        }

        @Override
        public List<RemoteCommand> commands() {
            return drbd9 ? List.of(DrbdCommands.disconnect(res), DrbdCommands.connect(res))
                    : List.of(DrbdCommands.connect(res));
        }

        @Override
        public void execute(Run run) throws StepFailed, InterruptedException {
            try {
                reconnect(run);
            } catch (StepFailed e) {
                throw afterTheDiscard(e, run, res);
            }
        }

        private void reconnect(Run run) throws StepFailed, InterruptedException {
            NodeRead r = fresh(run, node(), host);
            if (!r.reachable()) {
                throw new StepFailed(node() + " cannot be reached: " + r.error(), "Check the node and the SSH link.");
            }
            if (!standAlone(r, peerHost)) {
                run.log(node() + " is not StandAlone (" + r.connectionText(peerHost) + "): nothing to do.");
                return;
            }
            if (drbd9) { // a plain connect out of a split brain's StandAlone fails: "Device has a net-config"
                run.exec(node(), DrbdCommands.disconnect(res));
            }
            RoleSteps.change(run, node(), DrbdCommands.connect(res), "connect " + node(), a -> { });
            Instant deadline = run.now().plus(Duration.ofSeconds(15));
            while (standAlone(fresh(run, node(), host), peerHost)) {
                if (run.now().isAfter(deadline)) {
                    throw new StepFailed(node() + " is still StandAlone after connect.", "Look at dmesg on "
                            + node() + ".");
                }
                run.awaitChange(Duration.ofSeconds(1));
            }
        }

        @Override
        public Step undo() {
            return null;
        }
    }

    /** The resync to the victim, watched until it is done and verified from both sides. */
    static final class AwaitResync extends Step {
        private final String res;
        private final String survivor;
        private final String survivorHost;
        private final String victimHost;
        private final Duration timeout;

        AwaitResync(String victim, String res, String survivor, String survivorHost, String victimHost,
                Duration timeout) {
            super(victim);
            this.res = res;
            this.survivor = survivor;
            this.survivorHost = survivorHost;
            this.victimHost = victimHost;
            this.timeout = timeout;
        }

        @Override
        public String title() {
            return "Resync " + node() + " from " + survivor + " and verify (" + res + ")";
        }

        @Override
        public String conditions() {
            return "after (read on both sides): Connected and Established, " + node() + " UpToDate and Secondary, "
                    + survivor + " UpToDate, nothing out of sync";
        }

        /** The watch, as a person would run it (the step itself reads the state fresh on both sides). */
        @Override
        public List<RemoteCommand> commands() {
            return List.of(DrbdCommands.status(res));
        }

        static List<String> notYet(Run.Reads r, String survivorHost, String victimHost) {
            List<String> out = new ArrayList<>();
            NodeRead s = r.source();
            NodeRead v = r.target();
            if (!s.reachable() || !v.reachable()) {
                out.add("a side does not answer");
                return out;
            }
            if (!established(s, victimHost) || !established(v, survivorHost)) {
                out.add("connection " + v.connectionText(survivorHost));
            }
            if (!v.diskUpToDate()) {
                out.add("victim disk " + v.diskText());
            }
            if (!s.diskUpToDate()) {
                out.add("survivor disk " + s.diskText());
            }
            if (v.outOfSyncKiB(survivorHost) > 0 || s.outOfSyncKiB(victimHost) > 0) {
                out.add(Math.max(v.outOfSyncKiB(survivorHost), s.outOfSyncKiB(victimHost)) + " KiB out of sync");
            }
            if (v.role() != Role.SECONDARY) {
                out.add("victim is " + v.role());
            }
            return out;
        }

        private static boolean established(NodeRead n, String peerHost) {
            return n.connectionTo(peerHost).map(ConnectionState::peerDevices).map(pds -> !pds.isEmpty()
                    && pds.stream().allMatch(pd -> pd.replication() != null && pd.replication().value()
                    == ReplicationState.ESTABLISHED)).orElse(false) && n.connectedTo(peerHost);
        }

        @Override
        public void execute(Run run) throws StepFailed, InterruptedException {
            try {
                watch(run);
            } catch (StepFailed e) {
                throw afterTheDiscard(e, run, res);
            }
        }

        private void watch(Run run) throws StepFailed, InterruptedException {
            Instant deadline = run.now().plus(timeout);
            Instant nextLog = run.now();
            while (true) {
                Run.Reads r = run.reads();
                List<String> missing = notYet(r, survivorHost, victimHost);
                if (missing.isEmpty()) {
                    run.log("Verified: " + node() + " and " + survivor + " are Connected and UpToDate, nothing out "
                            + "of sync; " + node() + " is Secondary.");
                    return;
                }
                if (run.now().isAfter(deadline)) {
                    throw new StepFailed("The resync did not finish within " + timeout.toMinutes() + " min: "
                            + String.join(", ", missing) + ".", "It may still be running: watch it (drbdadm status "
                            + res + "); nothing else is needed once it ends.");
                }
                if (!run.now().isBefore(nextLog)) {
                    run.log("Resync to " + node() + ": " + String.join(", ", missing) + ".");
                    nextLog = run.now().plus(Duration.ofSeconds(5));
                }
                run.awaitChange(Duration.ofSeconds(1));
            }
        }

        @Override
        public Step undo() {
            return null;
        }
    }
}
