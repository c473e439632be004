// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.drbdpilot.cluster.ClusterMonitor;
import io.drbdpilot.ops.migration.Migration;
import io.drbdpilot.ops.migration.MigrationChecks;
import io.drbdpilot.ops.node.Probe;
import io.drbdpilot.ops.node.SshNodeAccess;
import io.drbdpilot.ops.plan.Decider;
import io.drbdpilot.ops.plan.Outcome;
import io.drbdpilot.ops.plan.PlanListener;
import io.drbdpilot.ops.plan.PlanResult;
import io.drbdpilot.ops.splitbrain.SplitBrain;
import io.drbdpilot.ops.workload.Workload;
import io.drbdpilot.ops.workload.Workloads;
import io.drbdpilot.ssh.CommandResult;
import io.drbdpilot.ssh.RemoteCommand;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Live migration on the real hypervisor: the virt lab's libvirt 9.0 and qemu 7.2 on alpha and beta, and vm1, a tiny
 * VM whose only disk is r1 and whose guest keeps writing a counter to it (DRBDLAB_VIRT=1, its own state directory;
 * run with -Dlab.virt=true). vm1 is found by discovery, moved there and back and verified from the kernel and libvirt
 * (one node runs it, one Primary, allow-two-primaries off, the counter grew, no reboot, the window DRBD Pilot reports
 * within a second of the kernel's), and a migration that libvirt fails ends ROLLED_BACK with vm1 still writing on
 * the source. The timings go to target/virt-migration.txt.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VirtMigrationLabIT {

    private static final Path REPORT = Path.of("target/virt-migration.txt");
    private static ClusterMonitor monitor;
    private static SshNodeAccess access;

    @BeforeAll
    static void start() throws Exception {
        assumeThat(Boolean.getBoolean("lab.virt")).as("the virt lab: -Dlab.virt=true").isTrue();
        String nodes = System.getProperty("lab.nodes", "");
        assumeThat(nodes.split(",")).hasSizeGreaterThanOrEqualTo(2);
        monitor = LabNodes.monitor(List.of(nodes.split(",")));
        access = new SshNodeAccess(monitor, Clock.systemUTC());
        Files.deleteIfExists(REPORT);
        if (runningOn().isEmpty()) {
            vm("define");
            vm("start", "alpha");
        }
        Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> runningOn().size() == 1);
    }

    @AfterAll
    static void stop() {
        if (monitor != null) {
            monitor.close();
        }
    }

    /** lab/vm with the virt lab's environment (its state directory and ports); its output. */
    static String vm(String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("./vm"));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).directory(Path.of(System.getProperty("lab.dir",
                "../shared/lab")).toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> env = pb.environment();
        env.put("DRBDLAB_VIRT", "1");
        env.put("DRBDLAB_STATE", System.getProperty("lab.state", "/var/tmp/drbdlabvirt"));
        env.put("DRBDLAB_SSH_PORT", System.getProperty("lab.sshPort", "2230"));
        env.put("DRBDLAB_HUB_PORT", System.getProperty("lab.hubPort", "24990"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", argv) + ": " + out).isZero();
        return out;
    }

    private static CommandResult root(String node, String... argv) throws Exception {
        return access.run(node, RemoteCommand.root(argv), Duration.ofSeconds(120));
    }

    /** The nodes where libvirt says vm1 is running. */
    private static List<String> runningOn() throws Exception {
        List<String> out = new ArrayList<>();
        for (String n : List.of("alpha", "beta")) {
            if (root(n, "virsh", "domstate", "vm1").stdout().strip().startsWith("running")) {
                out.add(n);
            }
        }
        return out;
    }

    private static final Pattern COUNTER = Pattern.compile("counter=(\\d+) boots=(\\d+)");

    /** vm1's counter and boot count from sector 1 of r1, read on the Primary (lab/vm where). */
    private static long[] counter() throws Exception {
        Matcher m = COUNTER.matcher(vm("where"));
        assertThat(m.find()).as("lab/vm where prints the counter").isTrue();
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
    }

    /**
     * The counter once it is past {@code before}: the guest kept writing. Read again for up to a minute (under TCG a
     * guest resumed after a failed migration can take a while to write again); a guest that never writes again fails
     * with its domain state and the tail of its serial console (where an int 13h error would show).
     */
    private static long[] keptWriting(long[] before, String on) throws Exception {
        long[][] last = {counter()};
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(5)).until(() -> {
                last[0] = counter();
                return last[0][0] > before[0];
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("the guest did not write on " + on + " for a minute after the plan: counter "
                    + before[0] + " -> " + last[0][0] + "; " + root(on, "virsh", "domstate", "--reason", "vm1")
                    .stdout().strip() + "; serial console: " + root(on, "tail", "-c", "300",
                    "/var/log/libvirt/qemu/vm1-serial.log").stdout().replace('\n', ' '), e);
        }
        return last[0];
    }

    private static void safeAtRest(String on) throws Exception {
        assertThat(runningOn()).as("vm1 runs on exactly one node").containsExactly(on);
        String other = on.equals("alpha") ? "beta" : "alpha";
        assertThat(root(on, "drbdadm", "role", "r1").stdout().strip()).isEqualTo("Primary/Secondary");
        assertThat(root(other, "drbdadm", "role", "r1").stdout().strip()).isEqualTo("Secondary/Primary");
        for (String n : List.of("alpha", "beta")) {
            assertThat(root(n, "drbdsetup", "show", "--show-defaults", "r1").stdout())
                    .as("allow-two-primaries off on " + n).containsPattern("allow-two-primaries\\s+no");
        }
    }

    private static final Pattern KLINE = Pattern.compile("\\[\\s*(\\d+\\.\\d+)\\] block drbd1: (peer|role)\\( "
            + "(Secondary -> Primary|Primary -> Secondary) \\)");

    /** The window in the source's kernel log: the peer's promotion to the source's own demotion, in seconds. */
    private static double kernelWindow(String source) throws Exception {
        double open = -1;
        double close = -1;
        Matcher m = KLINE.matcher(root(source, "dmesg").stdout());
        while (m.find()) {
            double t = Double.parseDouble(m.group(1));
            if (m.group(2).equals("peer") && m.group(3).startsWith("Secondary")) {
                open = t;
                close = -1;
            } else if (m.group(2).equals("role") && m.group(3).startsWith("Primary") && open >= 0) {
                close = t;
            }
        }
        assertThat(open).isPositive();
        assertThat(close).isGreaterThan(open);
        return close - open;
    }

    private static final Pattern REPORTED = Pattern.compile("Dual-primary window: r1 (?:(\\d+) min )?(\\d+\\.\\d) s");

    private static Workload vm1() throws Exception {
        Workloads.Found found = Workloads.discover(new Probe(access), List.of("alpha", "beta"));
        return found.find("vm1").orElseThrow(() -> new AssertionError("vm1 not found: " + found));
    }

    private static Migration migration(Workload w, String to) {
        return new Migration(access, List.of("alpha", "beta"), w, to, Migration.Mode.LIVE, new Migration.Options(
                Path.of("target/lab-audit.jsonl"), "VirtMigrationLabIT", Duration.ofSeconds(60),
                Duration.ofSeconds(180), Duration.ofMinutes(10)));
    }

    static void note(String line) throws Exception {
        Files.writeString(REPORT, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    @Order(1)
    void discoveryFindsVm1WithR1OnTheNodeThatRunsIt() throws Exception {
        Workload w = vm1();
        assertThat(w.kind()).isEqualTo(Workload.Kind.LIBVIRT);
        assertThat(w.resources()).containsExactly("r1");
        assertThat(w.running()).isTrue();
        assertThat(List.of(w.node())).isEqualTo(runningOn());
    }

    @Test
    @Order(2)
    void movesVm1ThereAndBackWhileItKeepsWriting() throws Exception {
        for (int i = 0; i < 2; i++) {
            Workload w = vm1();
            String from = w.node();
            String to = from.equals("alpha") ? "beta" : "alpha";
            long[] before = counter();
            List<String> progress = new CopyOnWriteArrayList<>();
            Migration m = migration(w, to);
            MigrationChecks.Result c = m.check();
            assertThat(c.blocked()).as(c.checks().toString()).isFalse();
            PlanResult r = m.execute(new PlanListener() {
                @Override
                public void progress(String what, double fraction) {
                    progress.add(what + " " + fraction);
                }
            }, Decider.ABORT, c);
            assertThat(r.outcome()).as(r.message() + " " + r.manual()).isEqualTo(Outcome.DONE);
            safeAtRest(to);
            long[] after = keptWriting(before, to);
            assertThat(after[1]).as("the guest did not reboot").isEqualTo(before[1]);
            Matcher rep = REPORTED.matcher(r.message());
            assertThat(rep.find()).as(r.message()).isTrue();
            double reported = (rep.group(1) == null ? 0 : 60 * Integer.parseInt(rep.group(1)))
                    + Double.parseDouble(rep.group(2)); // past a minute: "1 min 00.4 s"
            double kernel = kernelWindow(from);
            note(String.format(Locale.ROOT, "%s -> %s: DONE in %.1f s; dual-primary window %.1f s reported, %.2f s "
                    + "in %s's kernel log; counter %d -> %d, boots %d", from, to, r.elapsed().toMillis() / 1000.0,
                    reported, kernel, from, before[0], after[0], after[1]));
            progress.stream().filter(p -> p.startsWith("Migrating vm1")).distinct().forEach(p -> {
                try {
                    note("  progress: " + p);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(Math.abs(reported - kernel)).as("reported %s s, kernel %s s", reported, kernel)
                    .isLessThanOrEqualTo(1.0);
            assertThat(progress).as("progress while virsh migrate runs").anyMatch(p -> p.startsWith("Migrating vm1 ("));
        }
    }

    @Test
    @Order(3)
    void aMigrationLibvirtFailsIsRolledBackWithVm1StillWritingOnTheSource() throws Exception {
        Workload w = vm1();
        String from = w.node();
        String to = from.equals("alpha") ? "beta" : "alpha";
        long[] before = counter();
        Migration m = migration(w, to);
        MigrationChecks.Result c = m.check();
        assertThat(c.blocked()).as(c.checks().toString()).isFalse();
        PlanResult r;
        try {
            r = m.execute(new PlanListener() {
                @Override
                public void command(String node, RemoteCommand cmd, CommandResult res) {
                    // the target's libvirtd dies once the window is open: virsh migrate fails on the real hypervisor
                    if (res != null && res.ok() && node.equals(to) && cmd.argv().equals(List.of("drbdadm", "primary",
                            "r1"))) {
                        try {
                            root(to, "pkill", "-x", "libvirtd");
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }
            }, Decider.ABORT, c);
        } finally {
            root(to, "sh", "-c", "pgrep -x libvirtd >/dev/null || libvirtd -d");
            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2)).until(() ->
                    root(to, "virsh", "-q", "uri").exitCode() == 0);
        }
        note(String.format(Locale.ROOT, "%s -> %s with %s's libvirtd killed in the window: %s in %.1f s: %s", from,
                to, to, r.outcome(), r.elapsed().toMillis() / 1000.0, r.message()));
        assertThat(r.outcome()).as(r.message() + " " + r.manual()).isEqualTo(Outcome.ROLLED_BACK);
        safeAtRest(from);
        long[] after = keptWriting(before, from);
        assertThat(after[1]).isEqualTo(before[1]);
    }

    /** lab/fault with the virt lab's environment. */
    private static void fault(String node, String what) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("./fault", node, what).directory(Path.of(System.getProperty("lab.dir",
                "../shared/lab")).toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("DRBDLAB_VIRT", "1");
        pb.environment().put("DRBDLAB_STATE", System.getProperty("lab.state", "/var/tmp/drbdlabvirt"));
        pb.environment().put("DRBDLAB_SSH_PORT", System.getProperty("lab.sshPort", "2230"));
        pb.environment().put("DRBDLAB_HUB_PORT", System.getProperty("lab.hubPort", "24990"));
        Process p = pb.start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).isZero();
    }

    @Test
    @Order(4)
    void theLinkCutInsideTheWindowLeavesVm1OnOneNodeAndThePersonTold() throws Exception {
        Workload w = vm1();
        String from = w.node();
        String to = from.equals("alpha") ? "beta" : "alpha";
        long[] before = counter();
        Migration m = new Migration(access, List.of("alpha", "beta"), w, to, Migration.Mode.LIVE,
                new Migration.Options(Path.of("target/lab-audit.jsonl"), "VirtMigrationLabIT", Duration.ofSeconds(60),
                        Duration.ofSeconds(180), Duration.ofSeconds(150)));
        MigrationChecks.Result c = m.check();
        assertThat(c.blocked()).as(c.checks().toString()).isFalse();
        PlanResult r;
        try {
            r = m.execute(new PlanListener() {
                @Override
                public void command(String node, RemoteCommand cmd, CommandResult res) {
                    if (res != null && res.ok() && node.equals(to) && cmd.argv().equals(List.of("drbdadm", "primary",
                            "r1"))) {
                        try {
                            fault(to, "cut"); // the replication link (and the migration's own network) goes
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }
            }, Decider.ABORT, c);
        } finally {
            fault(to, "heal");
        }
        note(String.format(Locale.ROOT, "%s -> %s with the link cut in the window: %s in %.1f s: %s %s", from, to,
                r.outcome(), r.elapsed().toMillis() / 1000.0, r.message(), r.manual()));
        assertThat(r.outcome()).as(r.message()).isIn(Outcome.ROLLED_BACK, Outcome.MANUAL);
        assertThat(runningOn()).as("vm1 runs on exactly one node, the source").containsExactly(from);
        if (r.outcome() == Outcome.MANUAL) {
            assertThat(r.manual()).as("a person is told what is left").isNotEmpty();
        }
        // 8.4 gives a Primary that loses its peer a new data generation: if the target noticed the cut while still
        // Primary, both did, and the heal finds split brain. The plan reads both generations and says so, naming the
        // node without vm1 as the victim; if the target was Secondary again first, nothing diverged and it says nothing
        boolean announced = r.manual().stream().anyMatch(l -> l.startsWith("when the link is back: drbd-pilot "
                + "split-brain r1 --victim " + to + " "));
        assertThat(r.manual()).as("no other victim is named").noneMatch(l -> l.contains("--victim " + from));
        // after the heal: what the kernel made of it, written down, then the lab back to one Primary with vm1
        Thread.sleep(15_000);
        note("  after the heal: " + from + ": " + root(from, "drbdadm", "cstate", "r1").stdout().strip() + " "
                + root(from, "drbdadm", "role", "r1").stdout().strip() + "; " + to + ": "
                + root(to, "drbdadm", "cstate", "r1").stdout().strip() + " " + root(to, "drbdadm", "role", "r1")
                .stdout().strip());
        note("  " + to + "'s kernel: " + String.join(" | ", root(to, "dmesg").stdout().lines().filter(l -> l.contains(
                "drbd1") || l.contains("drbd r1")).skip(Math.max(0, root(to, "dmesg").stdout().lines().filter(l -> l
                .contains("drbd1") || l.contains("drbd r1")).count() - 12)).toList()));
        boolean split = root(to, "drbdadm", "cstate", "r1").stdout().contains("StandAlone")
                || root(from, "drbdadm", "cstate", "r1").stdout().contains("StandAlone");
        note("  split brain announced: " + announced + "; found after the heal: " + split);
        assertThat(split).as("the plan's word on a split brain matches what the kernel found after the heal")
                .isEqualTo(announced);
        if (announced) { // the resolution as told, on the real kernel: the target's side goes, vm1's stays
            PlanResult sb = new SplitBrain(access, List.of("alpha", "beta"), "r1", to, new SplitBrain.Options(
                    Path.of("target/lab-audit.jsonl"), "VirtMigrationLabIT", Duration.ofSeconds(60),
                    Duration.ofMinutes(10))).execute(PlanListener.NONE, Decider.ABORT, null);
            note("  the resolution as told: " + sb.outcome() + " in " + sb.elapsed().toSeconds() + " s");
            assertThat(sb.outcome()).as(sb.message()).isEqualTo(Outcome.DONE);
        }
        Awaitility.await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(2)).until(() ->
                root(from, "drbdadm", "dstate", "r1").stdout().strip().equals("UpToDate/UpToDate")
                && root(from, "drbdadm", "cstate", "r1").stdout().strip().equals("Connected"));
        safeAtRest(from);
        long[] after = keptWriting(before, from);
        assertThat(after[1]).isEqualTo(before[1]);
    }
}
