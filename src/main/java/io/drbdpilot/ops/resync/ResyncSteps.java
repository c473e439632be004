// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.resync;

import io.drbdpilot.drbd.command.DrbdCommands;
import io.drbdpilot.ops.node.Probe;
import io.drbdpilot.ops.plan.Run;
import io.drbdpilot.ops.plan.Step;
import io.drbdpilot.ops.plan.StepFailed;
import io.drbdpilot.ssh.CommandResult;
import io.drbdpilot.ssh.RemoteCommand;
import io.drbdpilot.ssh.SshException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The steps of resync control. Each reads the resource fresh before it acts (a goal already reached is not acted on
 * again) and confirms its result by reading again: a pause shows {@code user} on its node, a rate runs in the kernel,
 * a reset leaves nothing for {@code drbdadm -d adjust} to change in the disk options.
 */
final class ResyncSteps {

    private ResyncSteps() {
    }

    private static ResyncReport read(Run run, String node) throws InterruptedException {
        return ResyncReport.read(run.probe(), run.resource(), List.of(run.source(), run.target()).contains(node)
                ? List.of(run.source(), run.target()) : List.of(node));
    }

    /** Reads until {@code ok} holds, at most {@code timeout}; fails with what was last seen. */
    private static ResyncReport await(Run run, String node, Duration timeout, String what,
            Predicate<ResyncReport> ok) throws StepFailed, InterruptedException {
        Instant deadline = run.now().plus(timeout);
        while (true) {
            ResyncReport r = read(run, node);
            if (r.unread().isEmpty() && ok.test(r)) {
                return r;
            }
            if (run.now().isAfter(deadline)) {
                throw new StepFailed("Not confirmed within " + timeout.toSeconds() + " s: " + what + ". Seen: "
                        + r.describe().strip().replace('\n', ';') + ".", "Look at drbdadm status " + run.resource()
                        + " and the kernel log on " + node + ".");
            }
            run.awaitChange(Duration.ofSeconds(1));
        }
    }

    private static void exec(Run run, String node, RemoteCommand c) throws StepFailed, InterruptedException {
        CommandResult r = run.exec(node, c);
        if (!r.ok()) {
            throw new StepFailed("'" + c + "' on " + node + " failed (" + Probe.said(r) + ").", "Look at drbdadm status "
                    + run.resource() + " on " + node + ".");
        }
    }

    private static boolean pausedByUser(ResyncReport r, String node) {
        return r.lines().stream().anyMatch(l -> l.node().equals(node) && l.pausedBy().contains("user"));
    }

    /** {@code drbdadm pause-sync} on the SyncTarget: the resync waits; the peer shows "paused on the peer". */
    static final class Pause extends Step {
        private final String res;
        private final Duration timeout;

        Pause(String node, String res, Duration timeout) {
            super(node);
            this.res = res;
            this.timeout = timeout;
        }

        @Override
        public String title() {
            return "Pause the resync of " + res + " on " + node();
        }

        @Override
        public String conditions() {
            return "before: a resync runs; after: " + node() + " shows it paused by an admin (user)";
        }

        @Override
        public List<RemoteCommand> commands() {
            return List.of(DrbdCommands.pauseSync(res));
        }

        @Override
        public void execute(Run run) throws StepFailed, InterruptedException {
            ResyncReport now = read(run, node());
            if (pausedByUser(now, node())) {
                run.log("The resync of " + res + " on " + node() + " is paused already.");
                return;
            }
            if (now.lines().stream().noneMatch(l -> l.node().equals(node()))) {
                throw new StepFailed("No resync of " + res + " runs on " + node() + " any more.", "Nothing to pause.");
            }
            exec(run, node(), commands().get(0));
            await(run, node(), timeout, "the resync paused on " + node(), r -> pausedByUser(r, node())
                    || r.lines().stream().noneMatch(l -> l.node().equals(node())));
            run.log("Paused: " + String.join("; ", read(run, node()).lines().stream().map(ResyncReport.Line::describe)
                    .toList()));
        }

        @Override
        public Step undo() {
            return new Resume(node(), res, timeout);
        }
    }

    /** {@code drbdadm resume-sync}: what an admin paused on this node goes on. */
    static final class Resume extends Step {
        private final String res;
        private final Duration timeout;

        Resume(String node, String res, Duration timeout) {
            super(node);
            this.res = res;
            this.timeout = timeout;
        }

        @Override
        public String title() {
            return "Resume the resync of " + res + " on " + node();
        }

        @Override
        public String conditions() {
            return "before: paused by an admin on " + node() + "; after: no longer paused by the admin";
        }

        @Override
        public List<RemoteCommand> commands() {
            return List.of(DrbdCommands.resumeSync(res));
        }

        @Override
        public void execute(Run run) throws StepFailed, InterruptedException {
            if (!pausedByUser(read(run, node()), node())) {
                run.log("Nothing of " + res + " is paused by an admin on " + node() + ".");
                return;
            }
            exec(run, node(), commands().get(0));
            await(run, node(), timeout, "the resync no longer paused by the admin on " + node(),
                    r -> !pausedByUser(r, node()));
        }

        @Override
        public Step undo() {
            return null;
        }
    }

    /** The temporary rate on the SyncTarget, runtime only; confirmed in the kernel's running options. */
    static final class SetRate extends Step {
        private final String res;
        private final long kib;
        private final boolean drbd9;
        private final Duration timeout;

        private final String peer;

        SetRate(String node, String res, long kib, boolean drbd9, Duration timeout, String peer) {
            super(node);
            this.peer = peer;
            this.res = res;
            this.kib = kib;
            this.drbd9 = drbd9;
            this.timeout = timeout;
        }

        @Override
        public String title() {
            return "Set a temporary resync rate of " + ResyncReport.rate(kib) + " on " + node() + " (" + res + ")";
        }

        @Override
        public String conditions() {
            return "runtime only, the files are not touched; after: the kernel runs resync-rate " + kib + "k";
        }

        @Override
        public List<RemoteCommand> commands() {
            return List.of(DrbdCommands.resyncRate(res, kib, drbd9));
        }

        private boolean runs(ResyncReport r) {
            return r.rates().stream().anyMatch(x -> x.node().equals(node()) && x.runningKiBps() != null
                    && x.runningKiBps() == kib);
        }

        @Override
        public void execute(Run run) throws StepFailed, InterruptedException {
            if (runs(read(run, node()))) {
                run.log(node() + " runs " + ResyncReport.rate(kib) + " already.");
                return;
            }
            exec(run, node(), commands().get(0));
            await(run, node(), timeout, "resync-rate " + kib + "k running on " + node(), this::runs);
        }

        @Override
        public Step undo() {
            return new Reset(node(), res, timeout, false, peer);
        }
    }

    /** Watches the resync to its end, with its progress in the log: the temporary rate is reset after it. */
    static final class Follow extends Step {
        private final String res;
        private final Duration timeout;

        Follow(String node, String res, Duration timeout) {
            super(node);
            this.res = res;
            this.timeout = timeout;
        }

        @Override
        public String title() {
            return "Follow the resync of " + res + " on " + node() + " to its end";
        }

        @Override
        public String conditions() {
            return "ends when " + node() + " has no resync left (UpToDate); a dropped connection ends it with the reset";
        }

        @Override
        public List<RemoteCommand> commands() {
            return List.of();
        }

        @Override
        public void execute(Run run) throws StepFailed, InterruptedException {
            Instant t0 = run.now();
            Instant deadline = t0.plus(timeout);
            Instant nextLog = t0;
            while (true) {
                ResyncReport r = read(run, node());
                if (!r.unread().isEmpty()) {
                    throw new StepFailed("A node stopped answering during the resync: " + String.join("; ",
                            r.unread()) + ".", "The temporary rate is reset where it can be; check the nodes.");
                }
                List<ResyncReport.Line> mine = r.lines().stream().filter(l -> l.node().equals(node())).toList();
                if (mine.isEmpty()) {
                    boolean up = run.read(node()).diskUpToDate();
                    if (!up) {
                        throw new StepFailed("The resync on " + node() + " stopped before it ended: "
                                + run.read(node()).describe(run.peerHostOf(node())) + ".", "The temporary rate is "
                                + "reset; the resync goes on at the configured rate when the nodes reconnect.");
                    }
                    run.log("The resync of " + res + " on " + node() + " ended after "
                            + ResyncReport.duration(Duration.between(t0, run.now()).toSeconds()) + ": UpToDate.");
                    return;
                }
                if (!run.now().isBefore(nextLog)) {
                    run.log(String.join("; ", mine.stream().map(ResyncReport.Line::describe).toList()));
                    nextLog = run.now().plus(Duration.ofSeconds(10));
                }
                if (run.now().isAfter(deadline)) {
                    throw new StepFailed("The resync did not end within " + timeout.toMinutes() + " min.", "The "
                            + "temporary rate is reset; the resync goes on at the configured rate.");
                }
                run.awaitChange(Duration.ofSeconds(1));
            }
        }

        @Override
        public Step undo() {
            return null;
        }
    }

    /**
     * {@code drbdadm adjust RES} on a node that runs a temporary rate: the kernel back to the configuration files.
     * Unless the operator confirmed them, it refuses when adjust would change more than the disk options there.
     */
    static final class Reset extends Step {
        private final String res;
        private final Duration timeout;
        private final boolean othersConfirmed;
        private final String peer;

        /** @param peer a node to reset after this one when it still runs a rate (8.4 shares it), or null */
        Reset(String node, String res, Duration timeout, boolean othersConfirmed, String peer) {
            super(node);
            this.res = res;
            this.timeout = timeout;
            this.othersConfirmed = othersConfirmed;
            this.peer = peer;
        }

        Reset(String node, String res, Duration timeout, boolean othersConfirmed) {
            this(node, res, timeout, othersConfirmed, null);
        }

        @Override
        public String title() {
            return "Reset the resync rate of " + res + " on " + node() + (peer == null ? "" : " (and " + peer + ")")
                    + " to the configuration's";
        }

        @Override
        public String conditions() {
            return "before: drbdadm -d adjust lists the disk options" + (othersConfirmed ? " (and what the operator "
                    + "confirmed)" : " only") + "; after: it lists none";
        }

        @Override
        public List<RemoteCommand> commands() {
            return List.of(DrbdCommands.adjust(res));
        }

        @Override
        public List<Step.Cmd> plan() {
            List<Step.Cmd> out = new ArrayList<>(super.plan());
            if (peer != null) {
                out.add(new Step.Cmd(peer, DrbdCommands.adjust(res)));
            }
            return out;
        }

        @Override
        public boolean cleanup() {
            return true; // a temporary rate is never left behind
        }

        private List<String> plan(Run run, String on) throws StepFailed, InterruptedException {
            try {
                return run.probe().adjustPlan(on, res);
            } catch (SshException e) {
                throw new StepFailed("What adjust would do on " + on + " could not be read: " + e.getMessage(),
                        "Run drbdadm adjust " + res + " on " + on + " once it answers.");
            }
        }

        @Override
        public void execute(Run run) throws StepFailed, InterruptedException {
            reset(run, node());
            if (peer != null) {
                reset(run, peer); // after node's adjust, 8.4 has sent the files' rate to a connected peer already
            }
        }

        private void reset(Run run, String on) throws StepFailed, InterruptedException {
            List<String> before = plan(run, on);
            if (before.stream().noneMatch(ResyncChecks::isRateLine)) {
                run.log(on + " runs the configured rate.");
                return;
            }
            List<String> other = before.stream().filter(l -> !ResyncChecks.isRateLine(l)).toList();
            if (!other.isEmpty() && !othersConfirmed) {
                throw StepFailed.needsAPerson("drbdadm adjust " + res + " on " + on + " would also run: "
                        + String.join("; ", other) + ".", "Review those lines, then run drbdadm adjust " + res + " on "
                        + on + ".", List.of(new Step.Cmd(on, DrbdCommands.adjust(res))));
            }
            exec(run, on, DrbdCommands.adjust(res));
            Instant deadline = run.now().plus(timeout);
            while (plan(run, on).stream().anyMatch(ResyncChecks::isRateLine)) {
                if (run.now().isAfter(deadline)) {
                    throw new StepFailed("After drbdadm adjust the disk options of " + res + " on " + on + " still "
                            + "differ from the files.", "Look at drbdadm -d adjust " + res + " on " + on + ".");
                }
                run.awaitChange(Duration.ofSeconds(1));
            }
            run.log(on + " runs the configured resync rate again.");
        }

        @Override
        public Step undo() {
            return null;
        }
    }
}
