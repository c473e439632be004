// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.migration;

import io.drbdpilot.drbd.command.DrbdCommands;
import io.drbdpilot.ops.node.Futures;
import io.drbdpilot.ops.node.NodeRead;
import io.drbdpilot.ops.node.Probe;
import io.drbdpilot.ops.node.RemoteOutput;
import io.drbdpilot.ops.node.WorkloadCommands;
import io.drbdpilot.ops.plan.Run;
import io.drbdpilot.ops.plan.Step;
import io.drbdpilot.ops.plan.StepFailed;
import io.drbdpilot.ops.workload.UserSteps;
import io.drbdpilot.ops.workload.Workload;
import io.drbdpilot.ssh.CommandResult;
import io.drbdpilot.ssh.RemoteCommand;
import io.drbdpilot.ssh.SshException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A VM's own moves: live ({@code virsh migrate --live}, {@code xl migrate}) and its definition for a cold move. */
public final class VmSteps {


    private VmSteps() {
    }

    /**
     * The running VM moves to the target: {@code virsh migrate --live} or {@code xl migrate}, with progress from
     * {@code virsh domjobinfo}; confirmed running on the target and not on the source.
     */
    static final class LiveMove extends Step {
        private final Workload.Kind kind;
        private final String vm;
        /** virsh's handle: the UUID (a Xen domain: its name). */
        private final String ref;
        private final String to;
        private final String toHost;
        private final String fromHost;
        private final boolean carry;
        private final Duration timeout;
        private final List<String> resources;

        /**
         * @param carry the domain is not defined on the target: {@code --persistent --undefinesource}
         */
        LiveMove(String node, String fromHost, Workload.Kind kind, String vm, String ref, String to, String toHost,
                boolean carry, Duration timeout, List<String> resources) {
            super(node);
            this.resources = List.copyOf(resources);
            this.kind = kind;
            this.vm = DrbdCommands.unit(vm);
            this.ref = kind == Workload.Kind.XEN ? this.vm : WorkloadCommands.domain(ref);
            this.to = to;
            this.toHost = WorkloadCommands.host(toHost);
            this.fromHost = fromHost;
            this.carry = carry;
            this.timeout = timeout;
        }

        @Override
        public String title() {
            return "Migrate " + vm + " live from " + node() + " to " + to;
        }

        @Override
        public String conditions() {
            return "before: " + vm + " runs on " + node() + "; after: it runs on " + to + " and not on " + node();
        }

        @Override
        public List<RemoteCommand> commands() {
            return List.of(kind == Workload.Kind.XEN ? WorkloadCommands.xlMigrate(vm, toHost)
                    : WorkloadCommands.migrateLive(ref, toHost, carry));
        }

        @Override
        public void execute(Run run) throws StepFailed, InterruptedException {
            if (runs(run, to) && !runs(run, node())) {
                run.log(vm + " runs on " + to + " already.");
                return;
            }
            if (!runs(run, node())) {
                throw new StepFailed(vm + " does not run on " + node() + " (nor on " + to + ").", "Find the VM: virsh "
                        + "list --all on both nodes. Start it where its disks are Primary.");
            }
            // read fresh right before it moves: a link that dropped since the promote means the VM's next writes
            // would stay on this node only, and arrive stale on the target
            for (String res : resources) {
                String why = unfit(run.on(res), run.on(res).reads());
                if (why != null) {
                    throw new StepFailed(why + " " + vm + " was not moved.", "Nothing moved; the migration is "
                            + "rolled back. Reconnect the nodes and wait for UpToDate/UpToDate before migrating.");
                }
            }
            CommandResult r;
            try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
                Future<CommandResult> f = ex.submit(() -> run.exec(node(), commands().get(0), timeout));
                while (true) {
                    try {
                        r = f.get(1, TimeUnit.SECONDS); // progress about once a second while it runs
                        break;
                    } catch (TimeoutException e) {
                        progress(run);
                    } catch (ExecutionException e) {
                        r = Futures.value(f);
                        break;
                    }
                }
            }
            if (r.exitCode() == Run.LOST && kind == Workload.Kind.LIBVIRT) {
                // timed out or cut off: the job may still run. Abort it before anything is undone, so the VM stays
                // where it is instead of arriving on a node the rollback is about to demote.
                run.log("The migration of " + vm + " did not end (" + r.stderr().strip() + "); aborting its job.");
                CommandResult abort = run.exec(node(), WorkloadCommands.domjobabort(ref));
                if (!abort.ok()) {
                    run.log("virsh domjobabort " + vm + " said: " + Probe.said(abort));
                }
                Instant until = run.now().plusSeconds(30);
                while (run.now().isBefore(until) && jobRuns(run)) {
                    run.awaitChange(Duration.ofSeconds(1));
                }
            }
            boolean there = runs(run, to);
            boolean here = runs(run, node());
            if (there && !here) {
                run.listener().progress("Migrating " + vm, 1.0);
                for (String res : resources) { // the link must have held all the way: else writes may be missing
                    Run.Reads rd = run.on(res).reads();
                    String why = unfit(run.on(res), rd);
                    if (why != null) {
                        throw StepFailed.needsAPerson(vm + " now runs on " + to + ", but " + why + " What " + vm
                                + " wrote on " + node() + " while they were apart may be missing on " + to + ".",
                                "Pause " + vm + " on " + to + " (virsh suspend " + vm + "), compare the nodes' data "
                                        + "generations (drbdadm show-gi " + res + "), and decide which side to keep "
                                        + "before demoting either.");
                    }
                }
                return;
            }
            String said = (r.stderr() + " " + r.stdout()).strip();
            if (here && !there) {
                throw new StepFailed("The migration of " + vm + " failed" + (said.isEmpty() ? "" : ": " + said)
                        + ". The VM still runs on " + node() + ".", "Nothing moved. Fix the cause (the target's "
                        + "libvirt log /var/log/libvirt/qemu/" + vm + ".log, the network between the nodes) and "
                        + "migrate again.");
            }
            throw new StepFailed(vm + " runs on " + (here ? "both nodes" : "neither node") + " after the migration"
                    + (said.isEmpty() ? "" : " (" + said + ")") + ".", here ? "Stop one of them at once: virsh "
                    + "destroy " + vm + " on the node that should not run it." : "Start it on the node that is "
                    + "Primary for all its disks.");
        }

        private void progress(Run run) throws InterruptedException {
            if (run.window() != null) {
                run.window().check(run.now());
            }
            if (kind == Workload.Kind.XEN) {
                run.listener().progress("Migrating " + vm, -1);
                return;
            }
            try {
                CommandResult job = run.probe().run(node(), WorkloadCommands.domjobinfo(ref));
                run.listener().progress("Migrating " + vm + " (" + RemoteOutput.migrationPhase(job.stdout()) + ")",
                        RemoteOutput.migrationProgress(job.stdout()));
            } catch (SshException e) {
                run.listener().progress("Migrating " + vm, -1);
            }
        }

        /** Why a resource is not fit to carry the VM across (both Primary, Connected, UpToDate), or null. */
        private static String unfit(Run run, Run.Reads rd) {
            NodeRead s = rd.source();
            NodeRead t = rd.target();
            String sh = run.hostOf(run.source());
            String th = run.hostOf(run.target());
            String res = run.resource();
            if (!s.reachable() || !t.reachable()) {
                return "the state of " + res + " could not be read (" + (s.reachable() ? t.error() : s.error()) + ").";
            }
            if (!s.isPrimary() || !t.isPrimary()) {
                return res + " is not Primary on both nodes (" + s.role().drbdName() + "/" + t.role().drbdName() + ").";
            }
            if (!s.connectedTo(th) || !t.connectedTo(sh)) {
                return "the replication link of " + res + " is not Connected (" + s.connectionText(th) + " / "
                        + t.connectionText(sh) + ").";
            }
            if (!s.diskUpToDate() || !t.diskUpToDate()) {
                return res + " is not UpToDate on both nodes (" + s.diskText() + " / " + t.diskText() + ").";
            }
            return null;
        }

        @Override
        public boolean pointOfNoReturn() {
            return true;
        }

        /** Whether a migration job still runs on the source ({@code Job type: None} when not); unknown counts as yes. */
        private boolean jobRuns(Run run) throws InterruptedException {
            CommandResult job = run.query(node(), WorkloadCommands.domjobinfo(ref));
            return !(job.ok() && job.stdout().contains("None"));
        }

        private boolean runs(Run run, String node) throws InterruptedException, StepFailed {
            if (kind == Workload.Kind.XEN) {
                return UserSteps.read(run, node, WorkloadCommands.xlList(vm)).ok();
            }
            CommandResult r = UserSteps.read(run, node, WorkloadCommands.domstate(ref));
            return r.ok() && r.stdout().strip().equals("running");
        }

        @Override
        public Step undo() {
            return new LiveMove(to, toHost, kind, vm, ref, node(), fromHost, carry, timeout, resources);
        }
    }

    /** A shut-off libvirt domain's definition moves to the target ({@code virsh migrate --offline}), for a cold move. */
    static final class CarryDefinition extends Step {
        private final String vm;
        private final String ref;
        private final String to;
        private final String toHost;
        private final String fromHost;

        CarryDefinition(String node, String fromHost, String vm, String ref, String to, String toHost) {
            super(node);
            this.vm = DrbdCommands.unit(vm);
            this.ref = WorkloadCommands.domain(ref);
            this.to = to;
            this.toHost = WorkloadCommands.host(toHost);
            this.fromHost = fromHost;
        }

        @Override
        public String title() {
            return "Move the definition of " + vm + " to " + to;
        }

        @Override
        public String conditions() {
            return "before: " + vm + " is shut off; after: it is defined on " + to;
        }

        @Override
        public List<RemoteCommand> commands() {
            return List.of(WorkloadCommands.migrateOffline(ref, toHost));
        }

        @Override
        public void execute(Run run) throws StepFailed, InterruptedException {
            if (UserSteps.read(run, to, WorkloadCommands.domstate(ref)).ok()) {
                run.log(vm + " is defined on " + to + " already.");
                return;
            }
            CommandResult r = run.exec(node(), commands().get(0));
            if (!UserSteps.read(run, to, WorkloadCommands.domstate(ref)).ok()) {
                throw new StepFailed("The definition of " + vm + " did not reach " + to + ": "
                        + (r.stderr() + r.stdout()).strip(), "Define it there by hand: virsh dumpxml " + vm + " on "
                        + node() + ", then virsh define on " + to + ".");
            }
        }

        @Override
        public Step undo() {
            return new CarryDefinition(to, toHost, vm, ref, node(), fromHost);
        }
    }
}
