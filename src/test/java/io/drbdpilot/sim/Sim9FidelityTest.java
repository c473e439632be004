// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drbdpilot.drbd.parse.CaptureSection;
import io.drbdpilot.drbd.parse.LabCapture;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The DRBD 9 simulator against the real DRBD 9.2.18 kernel's captures (samples/lab9), to the character where the
 * simulator claims to be the kernel: the layout of the captured cluster, then its status text, events2 and refusals.
 */
class Sim9FidelityTest {

    /** The captured cluster: r0 on three nodes with quorum (Primary alpha), r1 on alpha and beta, r2 on beta and gamma. */
    static SimCluster lab9() {
        SimCluster c = new SimCluster(SimVersion.V9, List.of("alpha", "beta", "gamma"), List.of(
                new SimResourceSpec("r0", List.of("alpha", "beta", "gamma"), List.of(), List.of(0), List.of(131028L),
                        7789, 'C', false, 40 * 1024, null, "majority"),
                new SimResourceSpec("r1", List.of("alpha", "beta"), List.of(), List.of(1), List.of(65496L), 7790, 'C',
                        false, 40 * 1024, null, "off"),
                new SimResourceSpec("r2", List.of("beta", "gamma"), List.of(), List.of(2), List.of(65496L), 7791, 'C',
                        false, 40 * 1024, null, "off")));
        c.promote("alpha", "r0", false);
        c.promote("beta", "r2", false);
        return c;
    }

    static CaptureSection section(String file, String host, String command) throws Exception {
        String text;
        try (InputStream in = Sim9FidelityTest.class.getResourceAsStream("/samples/lab9/" + file + ".txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return LabCapture.split(text).value().stream().filter(s -> s.host().equals(host)
                && s.command().equals(command)).findFirst().orElseThrow(() -> new AssertionError(host + "$ " + command));
    }

    private static SimShell.Result sh(SimCluster c, String node, String cmd) {
        return new SimShell(c, node, "root").run(cmd);
    }

    @Test
    void drbdadmStatusIsTheKernelsToTheCharacter() throws Exception {
        SimCluster c = lab9();
        for (String node : List.of("alpha", "beta", "gamma")) {
            assertThat(sh(c, node, "drbdadm status").stdout()).as(node).isEqualTo(section("drbdadm_status", node,
                    "drbdadm status").output());
        }
    }

    @Test
    void roleAndStatesByConnectionAreTheKernels() throws Exception {
        SimCluster c = lab9();
        for (String[] hc : new String[][] {{"alpha", "drbdadm role r0; drbdadm cstate r0; drbdadm dstate r0"},
            {"beta", "drbdadm role all; drbdadm cstate all; drbdadm dstate all"},
            {"alpha", "drbdadm cstate r0:beta; drbdadm dstate r0:gamma"}}) {
            assertThat(sh(c, hc[0], hc[1]).stdout()).as(hc[0] + "$ " + hc[1]).isEqualTo(section("drbdadm_status",
                    hc[0], hc[1]).output());
        }
    }

    @Test
    void aSecondPrimaryIsRefusedAsTheKernelRefusesIt() throws Exception {
        SimCluster c = lab9();
        SimShell.Result r = sh(c, "beta", "drbdadm primary r0");
        CaptureSection real = section("refusals", "beta", "drbdadm primary r0");
        assertThat(r.exit()).isEqualTo(real.exitCode());
        assertThat(r.stderr() + r.stdout()).isEqualTo(real.output());
    }

    @Test
    void events2NowIsTheKernelsLineForLine() throws Exception {
        SimCluster c = lab9();
        // the backing disk's name is the lab's (/dev/vdb), not DRBD's
        assertThat(disks(sh(c, "alpha", "drbdsetup events2 --now").stdout())).isEqualTo(disks(section(
                "drbdsetup_events2", "alpha", "drbdsetup events2 --now").output()));
        assertThat(disks(sh(c, "alpha", "drbdsetup events2 --now r1").stdout())).isEqualTo(disks(section(
                "drbdsetup_events2", "alpha", "drbdsetup events2 --now r1").output()));
    }

    @Test
    void theWrongThingsAreRefusedWithTheKernelsWordsAndCodes() throws Exception {
        SimCluster c = lab9();
        String[][] cases = {{"beta", "drbdsetup primary r0"},
            {"beta", "dd if=/dev/zero of=/dev/drbd0 bs=4096 count=1 oflag=direct"},
            {"beta", "dd if=/dev/drbd0 of=/dev/null bs=4096 count=1 iflag=direct"},
            {"beta", "mkdir -p /mnt/r0; mount /dev/drbd0 /mnt/r0"}, {"beta", "mount -o ro /dev/drbd0 /mnt/r0"},
            {"alpha", "drbdadm role r9"}, {"gamma", "drbdadm status r1"}, {"gamma", "drbdadm primary r1"}};
        for (String[] hc : cases) {
            CaptureSection real = section("refusals", hc[0], hc[1]);
            SimShell.Result r = sh(c, hc[0], hc[1]);
            assertThat(r.exit()).as(hc[0] + "$ " + hc[1]).isEqualTo(real.exitCode());
            assertThat(r.stderr() + r.stdout()).as(hc[0] + "$ " + hc[1]).isEqualTo(real.output());
        }
        // the opener's pid and time are the run's own
        CaptureSection held = section("refusals", "alpha", "mkdir -p /mnt/r0; mount /dev/drbd0 /mnt/r0 && drbdadm "
                + "secondary r0");
        SimShell.Result r = sh(c, "alpha", "mkdir -p /mnt/r0; mount /dev/drbd0 /mnt/r0 && drbdadm secondary r0");
        assertThat(r.exit()).isEqualTo(held.exitCode());
        assertThat(opener(r.stderr() + r.stdout())).isEqualTo(opener(held.output()));
    }

    private static String opener(String text) {
        return text.replaceAll("\\(pid \\d+\\) at [0-9-]+ [0-9:.]+", "(pid N) at T");
    }

    @Test
    void quorumAsTheKernelKeepsAndLosesIt() throws Exception {
        SimCluster c = lab9();
        c.cut("gamma", "alpha");
        c.cut("gamma", "beta");
        for (String node : List.of("alpha", "beta", "gamma")) {
            assertThat(sh(c, node, "drbdadm status r0").stdout()).as("gamma cut: " + node).isEqualTo(section("quorum",
                    node, "drbdadm status r0").output());
        }
        CaptureSection refused = section("quorum", "gamma", "drbdadm primary r0");
        SimShell.Result r = sh(c, "gamma", "drbdadm primary r0");
        assertThat(r.exit()).isEqualTo(refused.exitCode());
        assertThat(r.stderr() + r.stdout()).isEqualTo(refused.output());
    }

    @Test
    void plainDrbdsetupStatusIsTheKernels() throws Exception {
        assertThat(sh(lab9(), "alpha", "drbdsetup status").stdout()).isEqualTo(section("drbdsetup_status", "alpha",
                "drbdsetup status").output());
    }

    /** The counters of a real run (reads, writes, bytes sent) differ; every other key and value is the kernel's. */
    private static final Set<String> COUNTERS = Set.of("read", "written", "al-writes", "bm-writes",
            "upper-pending", "lower-pending", "ap-in-flight", "rs-in-flight", "received", "sent", "pending", "unacked");

    @Test
    void statusJsonHasTheKernelsKeysAndStates() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (String node : List.of("alpha", "gamma")) {
            JsonNode real = json.readTree(section("drbdsetup_status", node,
                    "drbdsetup status --json").output());
            JsonNode sim = json.readTree(sh(lab9(), node, "drbdsetup status --json")
                    .stdout());
            assertThat(shape(sim)).as(node).isEqualTo(shape(real));
        }
    }

    /** Every key path with its value, counters blanked. */
    private static Map<String, String> shape(JsonNode n) {
        Map<String, String> out = new TreeMap<>();
        shape("", n, out);
        return out;
    }

    private static void shape(String path, JsonNode n,
            Map<String, String> out) {
        if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                shape(path + "[" + i + "]", n.get(i), out);
            }
        } else if (n.isObject()) {
            n.properties().forEach(e -> shape(path + "." + e.getKey(), e.getValue(), out));
        } else {
            String key = path.substring(path.lastIndexOf('.') + 1);
            out.put(path, COUNTERS.contains(key) ? "#" : n.asText());
        }
    }

    private static String disks(String events2) {
        return events2.replaceAll("backing_dev:\\S+", "backing_dev:DISK");
    }
}
