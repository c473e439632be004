// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.disk;

import io.drbdpilot.drbd.command.DrbdCommands;
import io.drbdpilot.drbd.model.DiskState;
import io.drbdpilot.ops.node.NodeRead;
import io.drbdpilot.ops.node.Probe;
import io.drbdpilot.ops.plan.Run;
import io.drbdpilot.ops.plan.Step;
import io.drbdpilot.ops.plan.StepFailed;
import io.drbdpilot.ops.resync.ResyncReport;
import io.drbdpilot.ssh.CommandResult;
import io.drbdpilot.ssh.RemoteCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The steps of a disk replacement. The node being repaired is the plan's target, the good node its source. Every
 * step that destroys or hides data re-reads, right before it acts, that the good node is UpToDate: create-md and
 * invalidate run only on the node being repaired, and never while it could hold the only good copy.
 */
final class DiskSteps {

    private DiskSteps() {
    }

    private static boolean attached(NodeRead r) {
        return r.up() && r.devices().stream().anyMatch(d -> !d.disk().is(DiskState.DISKLESS));
    }

    /** The good node is UpToDate now, read fresh; otherwise the step stops before it touches anything. */
    private static void goodStillGood(Run run, String good, String doing) throws StepFailed, InterruptedException {
        NodeRead g = run.read(good);
        if (!DiskChecks.upToDate(g)) {
            throw StepFailed.needsAPerson("Before " + doing + ": " + good + " is no longer UpToDate ("
                    + g.describe(run.peerHostOf(good)) + "), so it may not hold the only good copy any more. Nothing "
                    + "was done on the disk.", "Find where the good data is before going on; nothing will be "
                    + "overwritten until then.");
        }
    }

    private static void exec(Run run, String node, RemoteCommand c, boolean person) throws StepFailed,
            InterruptedException {
        CommandResult r = run.exec(node, c);
        if (!r.ok()) {
            String msg = "'" + c + "' on " + node + " failed (" + Probe.said(r) + ").";
            String remedy = "Look at drbdadm status " + run.resource() + " and the kernel log on " + node + ".";
            throw person ? StepFailed.needsAPerson(msg, remedy) : new StepFailed(msg, remedy);
        }
    }

    /** {@code drbdadm detach}: the failing (or replaced) disk is let go; skipped when it is out already. */
    static final class Detach extends Step {
        private final String res;
        private final String good;

        Detach(String node, String res, String good) {
            super(node);
            this.res = res;
            this.good = good;
        }

        @Override
        public String title() {
            return "Detach " + node() + "'s disk from " + res;
        }

        @Override
        public String conditions() {
            return "before: " + good + " UpToDate (read again); skipped when " + node() + " is Diskless or down; "
                    + "after: Diskless";
        }

        @Override
        public List<RemoteCommand> commands() {
            return List.of(DrbdCommands.detach(res));
        }

        @Override
        public void execute(Run run) throws StepFailed, InterruptedException {
            if (!attached(run.read(node()))) {
                run.log(node() + " has no disk attached to " + res + ": nothing to detach.");
                return;
            }
            goodStillGood(run, good, "detaching " + node() + "'s disk");
            exec(run, node(), commands().get(0), false);
            run.await(node() + " Diskless", r -> !attached(r.target()));
        }

        @Override
        public Step undo() {
            return null; // the disk is being replaced: it is not attached again
        }
    }

    /** Re-reads the new devices: there, large enough, and holding nothing but what the operator confirmed. */
    static final class CheckDevices extends Step {
        private final List<DiskChecks.Device> devices;
        private final boolean forced;

        CheckDevices(String node, List<DiskChecks.Device> devices, boolean forced) {
            super(node);
            this.devices = List.copyOf(devices);
            this.forced = forced;
        }

        @Override
        public String title() {
            return "Check the new disk" + (devices.size() == 1 ? " " + devices.get(0).path() : "s") + " on " + node();
        }

        @Override
        public String conditions() {
            return "there, at least as large as the good node's, and " + (forced ? "holding what was confirmed"
                    : "blank");
        }

        @Override
        public List<RemoteCommand> commands() {
            List<RemoteCommand> out = new ArrayList<>();
            devices.forEach(d -> {
                out.add(DrbdCommands.deviceSize(d.path()));
                out.add(DrbdCommands.probeSignature(d.path()));
            });
            return out;
        }

        @Override
        public void execute(Run run) throws StepFailed, InterruptedException {
            for (DiskChecks.Device d : devices) {
                Long size = DiskChecks.size(run.probe(), node(), d.path());
                if (size == null || d.neededBytes() != null && size < d.neededBytes()) {
                    throw new StepFailed(d.path() + " on " + node() + " is " + (size == null ? "not there"
                            : DiskChecks.human(size)) + " now.", "Check the new disk; nothing was written to it.");
                }
                String sig = DiskChecks.signature(run.probe(), node(), d.path());
                boolean ok = sig == null || forced && !"?".equals(sig) && (d.signature() == null
                        || sig.equals(d.signature()));
                if (!ok) {
                    throw new StepFailed(d.path() + " on " + node() + " holds " + ("?".equals(sig) ? "something "
                            + "that could not be read" : DiskChecks.describe(sig)) + " now, which was not confirmed.",
                            "Check the device; confirm it by its path if it is the new disk.");
                }
                run.log(d.path() + ": " + DiskChecks.human(size) + (sig == null ? ", blank." : ", holds "
                        + DiskChecks.describe(sig) + " (confirmed)."));
            }
        }

        @Override
        public Step undo() {
            return null;
        }
    }

    /** {@code drbdadm create-md}: new metadata on the new device, only while another node is UpToDate. */
    static final class CreateMd extends Step {
        private final String res;
        private final String good;
        private final boolean force;
        private final List<DiskChecks.Device> devices;

        CreateMd(String node, String res, String good, boolean force, List<DiskChecks.Device> devices) {
            super(node);
            this.res = res;
            this.good = good;
            this.force = force;
            this.devices = List.copyOf(devices);
        }

        @Override
        public String title() {
            return "Write new DRBD metadata on " + node() + "'s new disk" + (devices.size() == 1 ? " "
                    + devices.get(0).path() : "s");
        }

        @Override
        public String conditions() {
            return "before: " + node() + " has no disk attached and " + good + " is UpToDate (both read again); "
                    + "after: blkid finds DRBD metadata";
        }

        @Override
        public List<RemoteCommand> commands() {
            return List.of(DrbdCommands.createMd(res, force));
        }

        @Override
        public boolean pointOfNoReturn() {
            return true;
        }

        @Override
        public void execute(Run run) throws StepFailed, InterruptedException {
            if (attached(run.read(node()))) {
                throw new StepFailed(node() + " has a disk attached to " + res + " again.", "Detach it first; no "
                        + "metadata was written.");
            }
            goodStillGood(run, good, "writing new metadata on " + node());
            exec(run, node(), commands().get(0), false);
            for (DiskChecks.Device d : devices) {
                if (!"drbd".equals(DiskChecks.signature(run.probe(), node(), d.path()))) {
                    throw StepFailed.needsAPerson("After create-md, blkid finds no DRBD metadata on " + d.path() + ".",
                            "Look at the device on " + node() + " and run drbdadm create-md " + res + " again.");
                }
            }
        }

        @Override
        public Step undo() {
            return null;
        }
    }

    /** {@code drbdadm up} (the resource was down) or {@code attach}: the new disk under DRBD, connecting to the peer. */
    static final class Attach extends Step {
        private final String res;
        private final boolean down;

        Attach(String node, String res, boolean down) {
            super(node);
            this.res = res;
            this.down = down;
        }

        @Override
        public String title() {
            return (down ? "Bring " + res + " up on " : "Attach the new disk to " + res + " on ") + node();
        }

        @Override
        public String conditions() {
            return "after: a disk attached (Inconsistent until the resync) and Connected to the good node";
        }

        @Override
        public List<RemoteCommand> commands() {
            return List.of(down ? DrbdCommands.up(res) : DrbdCommands.attach(res));
        }

        @Override
        public void execute(Run run) throws StepFailed, InterruptedException {
            NodeRead now = run.read(node());
            if (!attached(now)) {
                RemoteCommand c = now.up() ? DrbdCommands.attach(res) : DrbdCommands.up(res);
                CommandResult r = run.exec(node(), c);
                if (!r.ok()) {
                    throw StepFailed.needsAPerson("'" + c + "' on " + node() + " failed (" + Probe.said(r) + ").",
                            "The new metadata is written; look at the kernel log on " + node() + ", then attach "
                            + "it.", List.of(new Step.Cmd(node(), DrbdCommands.adjust(res))));
                }
            }
            try {
                run.await(node() + " attached and Connected to " + run.source(), r -> attached(r.target())
                        && r.target().connectionTo(run.hostOf(run.source())).map(cs -> cs.connection().is(
                        io.drbdpilot.drbd.model.CState.CONNECTED)).orElse(false));
            } catch (StepFailed e) {
                throw StepFailed.needsAPerson(e.getMessage(), "The new disk is attached or being attached; connect "
                        + "the nodes and the resync starts by itself.", List.of(new Step.Cmd(node(),
                        DrbdCommands.adjust(res))));
            }
        }

        @Override
        public Step undo() {
            return null;
        }
    }

    /**
     * External metadata keeps the old generation: {@code drbdadm invalidate} on the repaired node (never another) makes
     * it take everything from the good node.
     */
    static final class Invalidate extends Step {
        private final String res;
        private final String good;

        Invalidate(String node, String res, String good) {
            super(node);
            this.res = res;
            this.good = good;
        }

        @Override
        public String title() {
            return "Throw away " + node() + "'s view of the data and resync it from " + good;
        }

        @Override
        public String conditions() {
            return "before: " + good + " UpToDate and Connected to " + node() + " (read again); only on " + node();
        }

        @Override
        public List<RemoteCommand> commands() {
            return List.of(DrbdCommands.invalidate(res));
        }

        @Override
        public void execute(Run run) throws StepFailed, InterruptedException {
            goodStillGood(run, good, "invalidating " + node());
            NodeRead n = run.read(node());
            if (!n.connectedTo(run.hostOf(good)) && !n.resyncRuns()) {
                throw StepFailed.needsAPerson(node() + " is not Connected to " + good + ": " + n.describe(
                        run.hostOf(good)) + ".", "Connect them, then run drbdadm invalidate " + res + " on " + node()
                        + ".", List.of(new Step.Cmd(node(), DrbdCommands.invalidate(res))));
            }
            if (n.resyncRuns()) {
                run.log(node() + " resyncs already.");
                return;
            }
            exec(run, node(), commands().get(0), true);
        }

        @Override
        public Step undo() {
            return null;
        }
    }

    /** Follows the full resync from the good node to UpToDate on both, with its progress in the log. */
    static final class Resync extends Step {
        private final String res;
        private final Duration timeout;

        Resync(String node, String res, Duration timeout) {
            super(node);
            this.res = res;
            this.timeout = timeout;
        }

        @Override
        public String title() {
            return "Resync " + node() + "'s new disk in full";
        }

        @Override
        public String conditions() {
            return "after: " + node() + " UpToDate on every volume, Connected, nothing out of sync";
        }

        @Override
        public List<RemoteCommand> commands() {
            return List.of();
        }

        @Override
        public void execute(Run run) throws StepFailed, InterruptedException {
            Instant t0 = run.now();
            Instant nextLog = t0;
            while (true) {
                Run.Reads r = run.reads();
                NodeRead t = r.target();
                String goodHost = run.hostOf(run.source());
                if (DiskChecks.upToDate(t) && DiskChecks.upToDate(r.source()) && t.connectedTo(goodHost)
                        && t.outOfSyncKiB(goodHost) == 0) {
                    run.log(node() + "'s new disk is UpToDate after " + Duration.between(t0, run.now()).toSeconds()
                            + " s.");
                    return;
                }
                if (t.reachable() && !t.resyncRuns() && !t.connectedTo(goodHost) && Duration.between(t0, run.now())
                        .toSeconds() > 30) {
                    throw StepFailed.needsAPerson("The resync stopped: " + t.describe(goodHost) + ".", "Connect "
                            + node() + " to " + run.source() + " again: the resync goes on by itself.",
                            List.of(new Step.Cmd(node(), DrbdCommands.status(res))));
                }
                if (run.now().isAfter(t0.plus(timeout))) {
                    throw StepFailed.needsAPerson("The resync did not end within " + timeout.toMinutes() + " min: "
                            + t.describe(goodHost) + ".", "Watch it: drbdadm status " + res + ".",
                            List.of(new Step.Cmd(node(), DrbdCommands.status(res))));
                }
                if (!run.now().isBefore(nextLog)) {
                    ResyncReport rep = ResyncReport.read(run.probe(), res, List.of(node()));
                    run.log(rep.lines().isEmpty() ? "Waiting for the resync of " + node() + " to start."
                            : String.join("; ", rep.lines().stream().map(ResyncReport.Line::describe).toList()));
                    nextLog = run.now().plus(Duration.ofSeconds(10));
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
