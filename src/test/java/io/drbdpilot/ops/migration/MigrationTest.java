// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.migration;

import io.drbdpilot.SimViews;
import io.drbdpilot.drbd.model.Role;
import io.drbdpilot.ops.SimAccess;
import io.drbdpilot.ops.node.Probe;
import io.drbdpilot.ops.node.WorkloadCommands;
import io.drbdpilot.ops.plan.Check;
import io.drbdpilot.ops.plan.Decider;
import io.drbdpilot.ops.plan.DualWindow;
import io.drbdpilot.ops.plan.Outcome;
import io.drbdpilot.ops.plan.PlanListener;
import io.drbdpilot.ops.plan.PlanResult;
import io.drbdpilot.ops.plan.ResourceLock;
import io.drbdpilot.ops.plan.StepRecord;
import io.drbdpilot.ops.workload.Workload;
import io.drbdpilot.ops.workload.Workloads;
import io.drbdpilot.sim.SimCluster;
import io.drbdpilot.sim.SimClusters;
import io.drbdpilot.sim.SimHosts;
import io.drbdpilot.sim.SimResourceSpec;
import io.drbdpilot.sim.SimShell;
import io.drbdpilot.sim.SimState;
import io.drbdpilot.sim.SimVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

public class MigrationTest {

    @TempDir
    Path dir;

    /** The lab's r0 and r1, both Primary on alpha, under a VM "db" with two disks, a Xen domain and a service. */
    public static SimCluster twoDisks() {
        return SimViews.twoDisks();
    }

    public static Workload found(SimCluster c, String name) throws InterruptedException {
        return Workloads.discover(new Probe(new SimAccess(c)), c.nodes()).find(name).orElseThrow();
    }

    Migration plan(SimAccess a, SimCluster c, Workload w, String target, Migration.Mode mode) {
        return new Migration(a, c.nodes(), w, target, mode, new Migration.Options(dir.resolve("audit.jsonl"),
                "alice@ws1", Duration.ofSeconds(15), Duration.ofSeconds(60), Duration.ofMinutes(30)));
    }

    static final class Recorder implements PlanListener {
        final List<String> steps = new ArrayList<>();
        final List<String> window = new ArrayList<>();
        final List<String> log = new ArrayList<>();

        @Override
        public void stepFinished(StepRecord s) {
            steps.add(s.status() + " " + s.title());
        }

        @Override
        public void dualPrimary(String res, boolean open, Duration d, boolean over) {
            window.add(res + (open ? " open" : " closed") + (over ? " over" : ""));
        }

        @Override
        public void log(String line) {
            log.add(line);
        }
    }

    @Test
    void discoversVmsXenDomainsAndServicesWithAllTheirResources() throws Exception {
        SimCluster c = twoDisks();
        c.hosts().addXenVm("beta", "web", List.of(1), false); // defined, not running: xl does not list it
        c.hosts().addMountService("alpha", "mailer", "/srv/mail-spool", 0, true);
        Workloads.Found f = Workloads.discover(new Probe(new SimAccess(c)), c.nodes());

        assertThat(f.errors()).isEmpty();
        Workload db = f.find("db").orElseThrow();
        assertThat(db.kind()).isEqualTo(Workload.Kind.LIBVIRT);
        assertThat(db.resources()).containsExactly("r0", "r1");
        assertThat(db.node()).isEqualTo("alpha");
        assertThat(db.running()).isTrue();
        Workload svc = f.find("mailer").orElseThrow();
        assertThat(svc.kind()).isEqualTo(Workload.Kind.SERVICE);
        assertThat(svc.mounts()).containsExactly(new Probe.Mount("/dev/drbd0", "/srv/mail-spool"));
        assertThat(svc.units()).containsExactly("mailer");
        assertThat(f.find("/srv/mail-spool")).contains(svc);
        assertThat(f.find("web")).isEmpty();

        SimCluster x = SimClusters.lab84(false);
        x.hosts().addXenVm("alpha", "web", List.of(0), true);
        Workload web = found(x, "web");
        assertThat(web.kind()).isEqualTo(Workload.Kind.XEN);
        assertThat(web.resources()).containsExactly("r0");
    }

    @Test
    void systemdMountUnitNamesAreEscapedLikeSystemdEscape() {
        assertThat(WorkloadCommands.mountUnit("/srv/mail-spool")).isEqualTo("srv-mail\\x2dspool.mount");
        assertThat(WorkloadCommands.mountUnit("/mnt/r0/")).isEqualTo("mnt-r0.mount");
        assertThat(WorkloadCommands.mountUnit("/")).isEqualTo("-.mount");
    }

    @Test
    void movesTheDemoVmLiveAndClosesTheDualPrimaryWindow() throws Exception {
        SimCluster c = SimClusters.demo();
        SimAccess a = new SimAccess(c);
        Workload mail = found(c, "mail");
        assertThat(mail.resources()).containsExactly("vm-mail");
        Recorder rec = new Recorder();
        PlanResult r = plan(a, c, mail, "node-c", Migration.Mode.LIVE).execute(rec, Decider.ABORT);

        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.DONE);
        assertThat(rec.steps).containsExactly("DONE Allow two Primaries (vm-mail, runtime only)",
                "DONE Promote node-c beside its peer (vm-mail, dual-primary)",
                "DONE Migrate mail live from node-b to node-c", "DONE Demote node-b to Secondary (vm-mail)",
                "DONE Disallow two Primaries (vm-mail, runtime only)");
        assertThat(c.hosts().vmRunning("node-c", "mail")).isTrue();
        assertThat(c.hosts().vmRunning("node-b", "mail")).isFalse();
        assertThat(c.hosts().vmDefined("node-b", "mail")).as("carried with --undefinesource").isFalse();
        assertThat(SimState.role(c, "node-c", "vm-mail")).isEqualTo(Role.PRIMARY);
        assertThat(SimState.role(c, "node-b", "vm-mail")).isEqualTo(Role.SECONDARY);
        assertThat(SimState.allowsTwoPrimaries(c, "node-b", "vm-mail")).isFalse();
        assertThat(SimState.allowsTwoPrimaries(c, "node-c", "vm-mail")).isFalse();
        assertThat(rec.window).containsExactly("vm-mail open", "vm-mail closed");
        assertThat(r.message()).contains("mail runs on node-c").contains("Dual-primary window: vm-mail");
        assertThat(a.commandLog).anyMatch(l -> l.equals("node-b: virsh migrate --live --persistent --undefinesource "
                + "--verbose " + SimHosts.vmUuid("mail") + " qemu+ssh://node-c/system"));
        assertThat(a.commandLog).noneMatch(l -> l.contains("--force"));
        List<String> audit = Files.readAllLines(dir.resolve("audit.jsonl"));
        assertThat(audit.get(0)).contains("\"kind\":\"migration\"").contains("\"mode\":\"LIVE\"");
        assertThat(c.hosts().syslog("node-c")).anyMatch(l -> l.contains("live migration of mail"));
    }

    @Test
    void movesAVmWithTwoDisksLiveAndBothResourcesFollow() throws Exception {
        SimCluster c = twoDisks();
        SimAccess a = new SimAccess(c);
        c.hosts().addVm("beta", "db", List.of(0, 1), false); // defined on both: no --undefinesource
        PlanResult r = plan(a, c, found(c, "db"), "beta", Migration.Mode.LIVE).execute(new Recorder(),
                Decider.ABORT);

        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.DONE);
        for (String res : List.of("r0", "r1")) {
            assertThat(SimState.role(c, "beta", res)).isEqualTo(Role.PRIMARY);
            assertThat(SimState.primaries(c, res)).isEqualTo(1);
            assertThat(SimState.allowsTwoPrimaries(c, "alpha", res)).isFalse();
        }
        assertThat(a.commandLog).anyMatch(l -> l.equals("alpha: virsh migrate --live --verbose " + SimHosts.vmUuid("db") + " "
                + "qemu+ssh://beta/system"));
        assertThat(c.hosts().vmRunning("beta", "db")).isTrue();
        assertThat(c.hosts().vmDefined("alpha", "db")).isTrue();
    }

    @Test
    void movesAXenDomainLive() throws Exception {
        SimCluster c = SimClusters.lab84(false);
        c.hosts().addXenVm("alpha", "web", List.of(0), true);
        SimAccess a = new SimAccess(c);
        PlanResult r = plan(a, c, found(c, "web"), "beta", Migration.Mode.LIVE).execute(new Recorder(),
                Decider.ABORT);

        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.DONE);
        assertThat(a.commandLog).contains("alpha: xl migrate web beta");
        assertThat(c.hosts().vmRunning("beta", "web")).isTrue();
        assertThat(c.hosts().vmRunning("alpha", "web")).isFalse();
        assertThat(SimState.allowsTwoPrimaries(c, "beta", "r0")).isFalse();
    }

    @Test
    void aFailedMigrationLeavesTheVmOnTheSourceAndClosesTheWindow() throws Exception {
        SimCluster c = SimClusters.demo();
        SimAccess a = new SimAccess(c);
        c.hosts().failNextMigration("node-b", "error: operation failed: migration out job: unexpectedly failed");
        Recorder rec = new Recorder();
        PlanResult r = plan(a, c, found(c, "mail"), "node-c", Migration.Mode.LIVE).execute(rec,
                Decider.ABORT);

        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.ROLLED_BACK);
        assertThat(r.message()).contains("unexpectedly failed").contains("The VM still runs on node-b");
        assertThat(c.hosts().vmRunning("node-b", "mail")).isTrue();
        assertThat(c.hosts().vmRunning("node-c", "mail")).isFalse();
        assertThat(SimState.role(c, "node-c", "vm-mail")).isEqualTo(Role.SECONDARY);
        assertThat(SimState.role(c, "node-b", "vm-mail")).isEqualTo(Role.PRIMARY);
        assertThat(SimState.allowsTwoPrimaries(c, "node-b", "vm-mail")).isFalse();
        assertThat(SimState.allowsTwoPrimaries(c, "node-c", "vm-mail")).isFalse();
        assertThat(rec.window).containsExactly("vm-mail open", "vm-mail closed");
    }

    @Test
    void liveNeedsProtocolCAndAWorkingTransportColdDoesNot() throws Exception {
        SimCluster c = new SimCluster(SimVersion.V84, List.of("alpha", "beta"), List.of(new SimResourceSpec("r0",
                List.of("alpha", "beta"), List.of(), List.of(0), List.of(131032L), 7789, 'A', false, 40 * 1024,
                null, "off")));
        c.promote("alpha", "r0", false);
        c.hosts().addVm("alpha", "vm1", List.of(0), true);
        c.hosts().migrationTransport("alpha", false);
        SimAccess a = new SimAccess(c);
        Workload vm = found(c, "vm1");

        MigrationChecks.Result live = plan(a, c, vm, "beta", Migration.Mode.LIVE).check();
        assertThat(live.blocked()).isTrue();
        assertThat(live.checks()).anySatisfy(k -> {
            assertThat(k.id()).isEqualTo("r0/protocol");
            assertThat(k.status()).isEqualTo(Check.Status.BLOCK);
            assertThat(k.reason()).contains("The protocol is A").contains("139");
        });
        assertThat(live.checks()).anySatisfy(k -> {
            assertThat(k.id()).isEqualTo("transport");
            assertThat(k.status()).isEqualTo(Check.Status.BLOCK);
            assertThat(k.remedy()).contains("ssh-copy-id");
        });
        PlanResult r = plan(a, c, vm, "beta", Migration.Mode.LIVE).execute(PlanListener.NONE,
                Decider.ABORT);
        assertThat(r.outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(SimState.allowsTwoPrimaries(c, "alpha", "r0")).isFalse();

        c.hosts().migrationTransport("alpha", true); // the definition moves over it too
        PlanResult cold = plan(a, c, vm, "beta", Migration.Mode.COLD).execute(new Recorder(),
                Decider.ABORT);
        assertThat(cold.outcome()).as(cold.message()).isEqualTo(Outcome.DONE);
        assertThat(c.hosts().vmRunning("beta", "vm1")).isTrue();
        String vm1 = SimHosts.vmUuid("vm1");
        assertThat(a.commandLog).contains("alpha: virsh shutdown " + vm1,
                "alpha: virsh migrate --offline --persistent --undefinesource " + vm1 + " qemu+ssh://beta/system",
                "beta: virsh start " + vm1);
    }

    @Test
    void refusesProtocolAAtTheKernelTooIfTheCheckWereSkipped() {
        SimCluster c = new SimCluster(SimVersion.V84, List.of("alpha", "beta"), List.of(new SimResourceSpec("r0",
                List.of("alpha", "beta"), List.of(), List.of(0), List.of(131032L), 7789, 'A', false, 40 * 1024,
                null, "off")));
        SimShell.Result r = new SimShell(c, "alpha", "root").run("drbdadm net-options --allow-two-primaries=yes r0");
        assertThat(r.exit()).isEqualTo(10);
        assertThat(r.stderr()).contains("(139) Protocol C required");
    }

    @Test
    void movesAServiceColdWithItsFilesystemAndUnits() throws Exception {
        SimCluster c = SimClusters.lab84(false);
        c.hosts().addMountService("alpha", "mailer", "/srv/spool", 0, true);
        c.hosts().addMountService("beta", "mailer", "/srv/spool", 0, false);
        c.startWriter("alpha", "r0", 100);
        SimAccess a = new SimAccess(c);
        Recorder rec = new Recorder();
        PlanResult r = plan(a, c, found(c, "mailer"), "beta", Migration.Mode.COLD).execute(rec,
                Decider.ABORT);

        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.DONE);
        assertThat(rec.steps).containsExactly("DONE Stop mailer on alpha", "DONE Unmount /srv/spool on alpha",
                "DONE Demote alpha to Secondary (r0)", "DONE Re-verify beta, then promote it to Primary (r0)",
                "DONE Mount /dev/drbd0 on /srv/spool on beta", "DONE Start mailer on beta");
        assertThat(c.hosts().serviceActive("beta", "mailer")).isTrue();
        assertThat(c.hosts().mountOf("beta", 0)).isEqualTo("/srv/spool");
        assertThat(c.hosts().mountOf("alpha", 0)).isNull();
        assertThat(r.message()).contains("mounted and running");
        assertThat(rec.window).isEmpty();
    }

    @Test
    void theDryRunShowsEveryCommandOnEveryNodeAndTheRollback() throws Exception {
        SimCluster c = SimClusters.demo();
        SimAccess a = new SimAccess(c);
        Migration m = plan(a, c, found(c, "mail"), "node-c", Migration.Mode.LIVE);
        String s = m.script(m.check());

        assertThat(s).contains("ssh root@node-b 'drbdadm net-options --allow-two-primaries=yes vm-mail'")
                .contains("ssh root@node-c 'drbdadm net-options --allow-two-primaries=yes vm-mail'")
                .contains("ssh root@node-c 'drbdadm primary vm-mail'")
                .contains("virsh migrate --live --persistent --undefinesource --verbose " + SimHosts.vmUuid("mail") + " qemu+ssh://node-c/system")
                .contains("ssh root@node-b 'drbdadm secondary vm-mail'")
                .contains("--allow-two-primaries=no vm-mail'")
                .contains("#   ssh root@node-c 'drbdadm secondary vm-mail'   # Demote node-c to Secondary (vm-mail)");
        assertThat(s.indexOf("primary vm-mail'")).isLessThan(s.indexOf("virsh migrate"));
        assertThat(SimState.allowsTwoPrimaries(c, "node-b", "vm-mail")).as("a dry run changes nothing").isFalse();
    }

    @Test
    void aSecondAdminIsKeptOutByTheLocks() throws Exception {
        SimCluster c = SimClusters.demo();
        c.hosts().tryLock("node-c", ResourceLock.lockPath("vm-mail"), "bob@ws2 (drbd-pilot)",
                ResourceLock.holderPath("vm-mail"));
        PlanResult r = plan(new SimAccess(c), c, found(c, "mail"), "node-c", Migration.Mode.LIVE)
                .execute(PlanListener.NONE, Decider.ABORT);
        assertThat(r.outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(r.message()).contains("bob@ws2");
        assertThat(c.hosts().vmRunning("node-b", "mail")).isTrue();
    }

    @Test
    void aWindowOpenPastTheLimitIsReportedLoudly() {
        Recorder rec = new Recorder();
        DualWindow w = new DualWindow(Duration.ofSeconds(30), rec);
        Instant t0 = Instant.parse("2026-11-24T10:00:00Z");
        w.observe("r0", true, t0);
        w.check(t0.plusSeconds(29));
        assertThat(rec.log).noneMatch(l -> l.startsWith("WARNING"));
        w.check(t0.plusSeconds(31));
        w.check(t0.plusSeconds(40));
        assertThat(rec.log).filteredOn(l -> l.startsWith("WARNING")).singleElement()
                .satisfies(l -> assertThat(l).contains("r0").contains("31.0 s").contains("split brain"));
        w.observe("r0", false, t0.plusSeconds(45));
        assertThat(rec.window).containsExactly("r0 open", "r0 open over", "r0 closed over");
        assertThat(w.summary(t0.plusSeconds(50))).isEqualTo("Dual-primary window: r0 45.0 s (WARNING: past the "
                + "limit of 30.0 s).");
    }
}
