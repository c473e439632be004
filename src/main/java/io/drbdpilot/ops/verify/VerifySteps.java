// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.verify;

import io.drbdpilot.drbd.command.DrbdCommands;
import io.drbdpilot.drbd.inspect.KernelLog;
import io.drbdpilot.drbd.inspect.VerifyLog;
import io.drbdpilot.drbd.model.CState;
import io.drbdpilot.drbd.model.DeviceState;
import io.drbdpilot.drbd.model.ReplicationState;
import io.drbdpilot.ops.node.NodeRead;
import io.drbdpilot.ops.plan.Run;
import io.drbdpilot.ops.plan.Step;
import io.drbdpilot.ops.plan.StepFailed;
import io.drbdpilot.ops.role.RoleSteps;
import io.drbdpilot.ssh.CommandResult;
import io.drbdpilot.ssh.RemoteCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The steps of an online verify: start it, watch it to its end and read what the kernel found, resync it. */
final class VerifySteps {

    /** What the verify found, shared by the steps and the plan's result. */
    static final class Found {
        volatile VerifyLog.Result log;
        volatile long outOfSyncKiB;
        volatile long seconds;
        volatile Instant at;
    }

    private VerifySteps() {
    }

    /** The link to the peer is up (Connected), whatever runs on it. */
    private static boolean linkUp(NodeRead r, String peerHost) {
        return r.connectionTo(peerHost).map(c -> c.connection() != null && c.connection().value() == CState.CONNECTED)
                .orElse(false);
    }

    private static boolean verifying(NodeRead r, String peerHost) {
        return r.connectionTo(peerHost).map(c -> c.peerDevices().stream().anyMatch(pd -> pd.replication() != null
                && (pd.replication().value() == ReplicationState.VERIFY_S
                || pd.replication().value() == ReplicationState.VERIFY_T))).orElse(false);
    }

    /** {@code drbdadm verify}, then watched until both sides are Established again; the kernel's findings read. */
    static final class VerifyRun extends Step {
        private final String res;
        private final String peer;
        private final boolean drbd9;
        private final Duration timeout;
        private final Found found;

        VerifyRun(String node, String res, String peer, boolean drbd9, Duration timeout, Found found) {
            super(node);
            this.res = res;
            this.peer = peer;
            this.drbd9 = drbd9;
            this.timeout = timeout;
            this.found = found;
        }

        @Override
        public String title() {
            return "Verify " + res + " between " + node() + " and " + peer;
        }

        @Override
        public String conditions() {
            return "before: Connected, both UpToDate, nothing running; after: Established again, the kernel's "
                    + "findings read from both nodes' logs";
        }

        @Override
        public List<RemoteCommand> commands() {
            return List.of(DrbdCommands.verify(res, drbd9 ? peer : null));
        }

        @Override
        public void execute(Run run) throws StepFailed, InterruptedException {
            Instant t0 = run.now();
            found.at = t0;
            RoleSteps.change(run, node(), commands().get(0), "start the verify", a -> { });
            Instant deadline = t0.plus(timeout);
            Instant nextLog = t0;
            boolean seen = false;
            while (true) {
                Run.Reads r = run.reads();
                boolean on = r.source().reachable() && verifying(r.source(), run.hostOf(peer))
                        || r.target().reachable() && verifying(r.target(), run.hostOf(node()));
                seen |= on;
                if (!on && r.source().reachable() && r.target().reachable()
                        && linkUp(r.source(), run.hostOf(peer)) && (seen || run.now().isAfter(t0.plus(
                        Duration.ofSeconds(3))))) {
                    break;
                }
                if (!linkUp(r.source(), run.hostOf(peer)) && r.source().reachable()) {
                    throw new StepFailed("The connection dropped during the verify: " + r.source().connectionText(
                            run.hostOf(peer)) + ".", "Connect the nodes again and run the verify again.");
                }
                if (run.now().isAfter(deadline)) {
                    throw new StepFailed("The verify did not end within " + timeout.toMinutes() + " min.",
                            "It may still run: watch it (drbdadm status " + res + "), or stop it (drbdadm disconnect "
                            + res + "; drbdadm connect " + res + ").");
                }
                if (!run.now().isBefore(nextLog)) {
                    run.log("Verifying " + res + " (" + Duration.between(t0, run.now()).toSeconds() + " s).");
                    nextLog = run.now().plus(Duration.ofSeconds(10));
                }
                run.awaitChange(Duration.ofSeconds(1));
            }
            found.seconds = Duration.between(t0, run.now()).toSeconds();
            Run.Reads end = run.reads();
            found.outOfSyncKiB = Math.max(end.source().outOfSyncKiB(run.hostOf(peer)),
                    end.target().outOfSyncKiB(run.hostOf(node())));
            CommandResult dmesg = run.query(node(), DrbdCommands.kernelLog());
            Set<Integer> minors = new TreeSet<>();
            end.source().devices().stream().map(DeviceState::minor).forEach(minors::add);
            found.log = dmesg.ok() ? VerifyLog.last(KernelLog.lines(dmesg.stdout(), res, minors, 2000)) : null;
            long logged = found.log == null ? 0 : found.log.outOfSyncKiB();
            found.outOfSyncKiB = Math.max(found.outOfSyncKiB, logged);
            run.log("Verify done in " + found.seconds + " s: " + found.outOfSyncKiB + " KiB out of sync"
                    + (found.log == null || found.log.ranges().isEmpty() ? "." : ", at " + String.join("; ",
                    found.log.ranges().stream().limit(10).map(VerifyLog.Range::describe).toList()) + "."));
        }

        @Override
        public Step undo() {
            return null; // a verify changes no data; what it marked stays marked until a resync
        }
    }

    /**
     * What verify found, resynced from the good side with {@code invalidate-remote} run there: on DRBD 9 only the
     * marked blocks ({@code --reset-bitmap=no}); on 8.4 the whole device, because 8.4's handshake does not resync
     * verify's marks between two nodes of the same generation (the lab's kernel after disconnect/connect: "No resync,
     * but 256 bits in bitmap!"). Verified: nothing out of sync, both UpToDate. Skipped when verify found nothing.
     */
    static final class Resync extends Step {
        private final String res;
        private final String good;
        private final String bad;
        private final boolean drbd9;
        private final Duration timeout;
        private final Found found;

        Resync(String good, String bad, String res, boolean drbd9, Duration timeout, Found found) {
            super(good);
            this.res = res;
            this.good = good;
            this.bad = bad;
            this.drbd9 = drbd9;
            this.timeout = timeout;
            this.found = found;
        }

        @Override
        public String title() {
            return "Resync what verify found from " + good + " to " + bad + " (" + res + ")";
        }

        @Override
        public String conditions() {
            return "only when verify found blocks out of sync" + (drbd9 ? "" : " (8.4: the whole device resyncs)")
                    + "; after: nothing out of sync, both UpToDate";
        }

        @Override
        public List<RemoteCommand> commands() {
            return List.of(DrbdCommands.invalidateRemote(res, drbd9 ? bad : null));
        }

        @Override
        public void execute(Run run) throws StepFailed, InterruptedException {
            if (found.outOfSyncKiB == 0) {
                run.log("Verify found nothing out of sync: no resync needed.");
                return;
            }
            for (RemoteCommand c : commands()) {
                CommandResult r = run.exec(node(), c);
                if (!r.ok() && r.exitCode() != Run.LOST) {
                    throw new StepFailed("'" + c + "' on " + node() + " failed (exit " + r.exitCode() + "): "
                            + r.stderr().strip(), "Look at both nodes; the marked blocks stay marked.");
                }
            }
            Instant deadline = run.now().plus(timeout);
            while (true) {
                Run.Reads r = run.reads();
                NodeRead g = good.equals(run.source()) ? r.source() : r.target();
                NodeRead b = good.equals(run.source()) ? r.target() : r.source();
                if (g.reachable() && b.reachable() && g.connectedTo(run.hostOf(bad)) && !g.resyncRuns()
                        && !b.resyncRuns() && g.diskUpToDate() && b.diskUpToDate()
                        && g.outOfSyncKiB(run.hostOf(bad)) == 0 && b.outOfSyncKiB(run.hostOf(good)) == 0) {
                    run.log("Resynced: nothing out of sync, both UpToDate.");
                    return;
                }
                if (run.now().isAfter(deadline)) {
                    throw StepFailed.needsAPerson("The resync did not end within " + timeout.toMinutes() + " min: "
                            + b.describe(run.hostOf(good)) + ".", "Watch it (drbdadm status " + res + ").",
                            List.of(new Step.Cmd(bad, DrbdCommands.status(res))));
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
