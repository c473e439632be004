// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops;

import io.drbdpilot.drbd.command.DrbdCommands;
import io.drbdpilot.ssh.CommandResult;
import io.drbdpilot.ssh.RemoteCommand;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The steps of a live migration (reference §f.2): open the dual-primary window at runtime, promote the target beside
 * the source, move the running VM, demote the source, close the window. Each looks first, acts only when needed, and
 * confirms from both nodes.
 */
final class MigrationSteps {

    private static final Pattern FAILURE = Pattern.compile("Failure: \\((\\d+)\\) ([^\\n]+)");
    private static final Pattern DATA = Pattern.compile("Data (processed|total):\\s+([0-9.]+)\\s*([KMGT]i?B)");

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
            for (String n : List.of(node(), peer)) {
                Boolean now = run.probe().dualPrimary(n, res);
                if (now == null && !on && !n.equals(node()) && !run.read(n).reachable()) {
                    // a runtime option: it ends with the node's restart, and the configuration says no
                    run.log(n + " cannot be reached: its runtime allow-two-primaries ends when it restarts (the "
                            + "configuration is unchanged).");
                    continue;
                }
                if (now != null && now == on) {
                    run.log("allow-two-primaries is " + (on ? "on" : "off") + " on " + n + " already.");
                    continue;
                }
                CommandResult r = run.exec(n, commands().get(0));
                if (!r.ok() && r.exitCode() != Run.LOST) {
                    Matcher m = FAILURE.matcher(r.stderr());
                    String said = m.find() ? "(" + m.group(1) + ") " + m.group(2) : (r.stderr() + r.stdout()).strip();
                    throw new StepFailed("DRBD refused allow-two-primaries " + (on ? "yes" : "no") + " on " + n
                            + ": " + said + ".", said.startsWith("(139)") ? "Live migration needs protocol C on "
                            + res + ". Use a cold migration, or set protocol C in the configuration on both nodes "
                            + "and run drbdadm adjust " + res + "." : said.startsWith("(164)") ? "Both nodes are "
                            + "Primary: demote one first (drbdadm secondary " + res + ")." : "Check dmesg on " + n
                            + ".");
                }
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
            NodeRead me = me(run, rd);
            NodeRead peer = peer(run, rd);
            String abort = "Nothing was promoted; the migration is rolled back.";
            for (NodeRead n : List.of(me, peer)) {
                if (!n.reachable()) {
                    throw new StepFailed(n.node() + " cannot be reached: " + n.error(), abort);
                }
            }
            String ph = run.peerHostOf(node());
            String mh = run.hostOf(node());
            if (!me.connectedTo(ph) || !peer.connectedTo(mh)) {
                throw new StepFailed("The replication link of " + res + " is not Connected: " + node() + " says "
                        + me.connectionText(ph) + ", " + peer.node() + " says " + peer.connectionText(mh) + ".", abort);
            }
            if (!me.diskUpToDate() || !peer.peerDiskUpToDate(mh) || !peer.diskUpToDate()) {
                throw new StepFailed(node() + "'s disk is " + me.diskText() + " (" + peer.node() + " sees "
                        + peer.peerDiskText(mh) + ", its own is " + peer.diskText() + "): two Primaries need both "
                        + "UpToDate.", abort);
            }
            if (me.resyncRuns() || peer.resyncRuns()) {
                throw new StepFailed("A resync or verify runs on " + res + ".", abort);
            }
            if (me.quorumLost() || peer.quorumLost()) {
                throw new StepFailed("Quorum is lost on " + res + ".", abort);
            }
        }

        @Override
        public Step undo() {
            return new RoleSteps.Demote(node(), res, false);
        }
    }

    /**
     * The running VM moves to the target: {@code virsh migrate --live} or {@code xl migrate}, with progress from
     * {@code virsh domjobinfo}; confirmed running on the target and not on the source.
     */
    static final class LiveMove extends Step {
        private final Workload.Kind kind;
        private final String vm;
        private final String to;
        private final String toHost;
        private final String fromHost;
        private final boolean carry;
        private final Duration timeout;

        /**
         * @param carry the domain is not defined on the target: {@code --persistent --undefinesource}
         */
        LiveMove(String node, String fromHost, Workload.Kind kind, String vm, String to, String toHost, boolean carry,
                Duration timeout) {
            super(node);
            this.kind = kind;
            this.vm = DrbdCommands.unit(vm);
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
                    : WorkloadCommands.migrateLive(vm, toHost, carry));
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
                        r = Parallel.value(f);
                        break;
                    }
                }
            }
            boolean there = runs(run, to);
            boolean here = runs(run, node());
            if (there && !here) {
                run.listener().progress("Migrating " + vm, 1.0);
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
                CommandResult job = run.probe().run(node(), WorkloadCommands.domjobinfo(vm));
                double processed = -1;
                double total = -1;
                Matcher m = DATA.matcher(job.stdout());
                while (m.find()) {
                    double v = bytes(m.group(2), m.group(3));
                    if (m.group(1).equals("processed")) {
                        processed = v;
                    } else {
                        total = v;
                    }
                }
                run.listener().progress("Migrating " + vm, processed >= 0 && total > 0 ? Math.min(1, processed / total)
                        : -1);
            } catch (io.drbdpilot.ssh.SshException e) {
                run.listener().progress("Migrating " + vm, -1);
            }
        }

        static double bytes(String n, String unit) {
            double v = Double.parseDouble(n);
            return switch (unit.toUpperCase(Locale.ROOT).charAt(0)) {
                case 'K' -> v * 1024;
                case 'M' -> v * 1024 * 1024;
                case 'G' -> v * 1024 * 1024 * 1024;
                case 'T' -> v * 1024 * 1024 * 1024 * 1024;
                default -> v;
            };
        }

        private boolean runs(Run run, String node) throws InterruptedException, StepFailed {
            if (kind == Workload.Kind.XEN) {
                return UserSteps.read(run, node, WorkloadCommands.xlList(vm)).ok();
            }
            CommandResult r = UserSteps.read(run, node, WorkloadCommands.domstate(vm));
            return r.ok() && r.stdout().strip().equals("running");
        }

        @Override
        public Step undo() {
            return new LiveMove(to, toHost, kind, vm, node(), fromHost, carry, timeout);
        }
    }

    /** A shut-off libvirt domain's definition moves to the target ({@code virsh migrate --offline}), for a cold move. */
    static final class CarryDefinition extends Step {
        private final String vm;
        private final String to;
        private final String toHost;
        private final String fromHost;

        CarryDefinition(String node, String fromHost, String vm, String to, String toHost) {
            super(node);
            this.vm = DrbdCommands.unit(vm);
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
            return List.of(WorkloadCommands.migrateOffline(vm, toHost));
        }

        @Override
        public void execute(Run run) throws StepFailed, InterruptedException {
            if (UserSteps.read(run, to, WorkloadCommands.domstate(vm)).ok()) {
                run.log(vm + " is defined on " + to + " already.");
                return;
            }
            CommandResult r = run.exec(node(), commands().get(0));
            if (!UserSteps.read(run, to, WorkloadCommands.domstate(vm)).ok()) {
                throw new StepFailed("The definition of " + vm + " did not reach " + to + ": "
                        + (r.stderr() + r.stdout()).strip(), "Define it there by hand: virsh dumpxml " + vm + " on "
                        + node() + ", then virsh define on " + to + ".");
            }
        }

        @Override
        public Step undo() {
            return new CarryDefinition(to, toHost, vm, node(), fromHost);
        }
    }
}
