// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.drbdpilot.drbd.parse.ProcDevice;
import io.drbdpilot.drbd.parse.ProcDrbdParser;
import io.drbdpilot.sim.SimCluster;
import io.drbdpilot.sim.SimClusters;
import io.drbdpilot.sim.SimShell;
import io.drbdpilot.ssh.CommandResult;
import io.drbdpilot.ssh.NodeSession;
import io.drbdpilot.ssh.RemoteCommand;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The same scripted scenario against the simulator and against the real lab (DRBD 8.4.11): after parsing, the same
 * sequence of states, and the same refusal texts and exit codes. Needs the shared lab (its {@code fault} script cuts
 * the replication link). It leaves the lab in its baseline: r0 Primary on alpha.
 */
class SimConformanceLabIT {

    /** One side of the comparison: a way to run a command on a node and to cut or heal alpha's link. */
    private interface Backend {
        String[] run(String node, String command) throws Exception; // exit, stdout, stderr

        void cut() throws Exception;

        void heal() throws Exception;

        /** Waits (real time, or simulated ticks) until the predicate holds for both nodes' minor 0. */
        void await(Predicate<List<String>> condition) throws Exception;
    }

    private static final class Sim implements Backend {
        final SimCluster c = SimClusters.lab84(false);

        @Override
        public String[] run(String node, String command) {
            SimShell.Result r = new SimShell(c, node, "root").run(command);
            return new String[] {Integer.toString(r.exit()), r.stdout(), r.stderr()};
        }

        @Override
        public void cut() {
            c.cut("alpha", "beta");
        }

        @Override
        public void heal() {
            c.heal("alpha", "beta");
        }

        @Override
        public void await(Predicate<List<String>> condition) throws Exception {
            for (int i = 0; i < 600 && !condition.test(state(this)); i++) {
                c.tick(Duration.ofMillis(500));
            }
        }
    }

    private static final class Lab implements Backend {
        final NodeSession alpha;
        final NodeSession beta;
        final Path fault;

        Lab(List<String> nodes, Path fault) {
            alpha = LabNodes.session(nodes.get(0), Duration.ofSeconds(5), 4);
            beta = LabNodes.session(nodes.get(1), Duration.ofSeconds(5), 4);
            this.fault = fault;
        }

        @Override
        public String[] run(String node, String command) throws Exception {
            NodeSession s = node.equals("alpha") ? alpha : beta;
            CommandResult r = s.run(new RemoteCommand(List.of("sh", "-c", command), false),
                    Duration.ofSeconds(60));
            return new String[] {Integer.toString(r.exitCode()), r.stdout(), r.stderr()};
        }

        @Override
        public void cut() throws Exception {
            lab("cut");
        }

        @Override
        public void heal() throws Exception {
            lab("heal");
        }

        private void lab(String what) throws Exception {
            Process p = new ProcessBuilder(fault.toString(), "alpha", what).redirectErrorStream(true)
                    // Never the test JVM's own stdin/stdout: they are surefire's channel to Maven.
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(new File("target/lab-scripts.log")))
                    .start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
        }

        @Override
        public void await(Predicate<List<String>> condition) throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!condition.test(state(this)) && System.nanoTime() < deadline) {
                LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
            }
        }
    }

    /** Both nodes' minor 0, parsed: "cs ro/peer ds/peer" per node. */
    private static List<String> state(Backend b) throws Exception {
        List<String> out = new ArrayList<>();
        for (String n : List.of("alpha", "beta")) {
            ProcDevice d = ProcDrbdParser.parse(b.run(n, "cat /proc/drbd")[1]).value().devices().stream()
                    .filter(x -> x.minor() == 0).findFirst().orElseThrow();
            out.add(n + " " + d.cs().raw() + " " + d.role().raw() + "/" + d.peerRole().raw() + " " + d.disk().raw()
                    + "/" + d.peerDisk().raw());
        }
        return out;
    }

    /** The scenario; returns what it observed, step by step. */
    private static List<String> scenario(Backend b) throws Exception {
        List<String> seen = new ArrayList<>();
        seen.add("baseline " + state(b));
        seen.add("demote " + String.join("|", b.run("alpha", "drbdadm secondary r0")) + " " + state(b));
        seen.add("promote peer " + String.join("|", b.run("beta", "drbdadm primary r0")) + " " + state(b));
        seen.add("promote while peer primary " + String.join("|", b.run("alpha", "drbdadm primary r0")) + " "
                + state(b));
        seen.add("demote mounted " + String.join("|", b.run("beta",
                "mkdir -p /mnt/r0; mount /dev/drbd0 /mnt/r0 && drbdadm secondary r0")) + " " + state(b));
        b.run("beta", "umount /mnt/r0; drbdadm secondary r0");
        b.run("alpha", "drbdadm primary r0");
        seen.add("back " + state(b));
        b.cut();
        b.await(s -> s.get(0).startsWith("alpha WFConnection") && s.get(1).startsWith("beta WFConnection"));
        seen.add("cut " + state(b));
        // Through the filesystem, as an application would: never to the raw device, which would destroy the
        // lab's ext4 (an earlier version of this test did exactly that).
        String[] w = b.run("alpha", "mkdir -p /mnt/r0 && mount /dev/drbd0 /mnt/r0 && dd if=/dev/zero "
                + "of=/mnt/r0/conformance.bin bs=1M count=8 conv=fsync 2>/dev/null; umount /mnt/r0; cat /proc/drbd");
        seen.add("write oos>0 " + (ProcDrbdParser.parse(w[1]).value().devices().get(0).counter("oos") > 0));
        b.heal();
        b.await(s -> s.get(0).equals("alpha Connected Primary/Secondary UpToDate/UpToDate")
                && s.get(1).equals("beta Connected Secondary/Primary UpToDate/UpToDate"));
        seen.add("healed and resynced " + state(b));
        return seen;
    }

    @Test
    void theSimulatorBehavesLikeRealDrbd84() throws Exception {
        String nodes = System.getProperty("lab.nodes", "");
        Path fault = Path.of(System.getProperty("lab.faultCommand", "../shared/lab/fault"));
        assumeThat(nodes.split(",")).as("two lab nodes").hasSizeGreaterThanOrEqualTo(2);
        assumeThat(Files.isExecutable(fault)).as("lab fault script " + fault).isTrue();
        List<String> sim = scenario(new Sim());
        Lab lab = new Lab(List.of(nodes.split(",")), fault);
        List<String> real;
        try {
            real = scenario(lab);
        } finally {
            lab.alpha.close();
            lab.beta.close();
        }
        assertThat(sim).containsExactlyElementsOf(real);
    }
}
