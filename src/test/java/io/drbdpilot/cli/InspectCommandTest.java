// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drbdpilot.drbd.Samples;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class InspectCommandTest {

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private Run run(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        InspectCommand cmd = new InspectCommand(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                Clock.fixed(Instant.parse("2026-11-24T03:00:00Z"), ZoneOffset.UTC));
        CommandLine cl = new CommandLine(cmd);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private Path file(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void healthyInputExitsZeroAndPrintsTheTable() throws Exception {
        Path f = file("proc.txt", Samples.section("proc_drbd_connected", "alpha", "cat /proc/drbd", 0).output());
        Run r = run("", f.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("(/proc/drbd)").contains("kernel DRBD 8.4.11")
                .contains("minor-0").contains("Connected").contains("findings: none, healthy");
    }

    @Test
    void findingsExitOneAndConfigurationNamesTheResources() throws Exception {
        Path sb = file("sb.txt", Samples.lab("split_brain"));
        Path cfg = file("cfg.xml", Samples.section("drbdadm_dump", "alpha", "drbdadm dump-xml", 0).output());
        Run r = run("", sb.toString(), cfg.toString());
        assertThat(r.code()).isEqualTo(InspectCommand.FINDINGS);
        assertThat(r.out()).contains("DANGER  r1: Split brain on r1").contains("→ Decide which node's data survives");
    }

    @Test
    void stdinAndJson() throws Exception {
        Run r = run(Samples.fixture("events2_drbd9_3nodes.txt"), "--json", "-");
        assertThat(r.code()).isEqualTo(InspectCommand.FINDINGS);
        JsonNode json = new ObjectMapper().readTree(r.out());
        JsonNode node = json.path("inputs").get(0).path("nodes").get(0);
        assertThat(json.path("inputs").get(0).path("format").asText()).isEqualTo("drbdsetup events2");
        assertThat(node.path("resources").get(0).path("name").asText()).isEqualTo("vm1");
        assertThat(node.path("resources").get(0).path("role").asText()).isEqualTo("Primary");
        assertThat(node.path("findings").findValuesAsText("kind")).contains("NO_QUORUM");
    }

    @Test
    void unreadableInputExitsTwoAndQuotesFileLineAndText() throws Exception {
        Path bad = file("bad.txt", "r0 role:Primary\n  disk:UpToDate\nGARBAGE:HERE x\n");
        Run r = run("", bad.toString());
        assertThat(r.code()).isEqualTo(InspectCommand.UNREADABLE);
        assertThat(r.err()).contains("bad.txt:3: cannot read: expected a resource name").contains("    GARBAGE:HERE x");

        // a /proc/drbd line that cannot be placed costs only itself: said, and the devices are read
        Path wrapped = file("wrapped.txt", "version: 8.4.11 (api:1/proto:86-101)\n 0: cs:Connected "
                + "ro:Primary/Secondary ds:UpToDate/UpToDate C r-----\nGARBAGE HERE\n");
        Run w = run("", wrapped.toString());
        assertThat(w.code()).isZero();
        assertThat(w.out()).contains("warning: line 3: not a /proc/drbd line; skipped: GARBAGE HERE");

        Run missing = run("", dir.resolve("nope.txt").toString());
        assertThat(missing.code()).isEqualTo(InspectCommand.UNREADABLE);
        assertThat(missing.err()).contains("nope.txt: no such file");

        Run unknown = run("hello\nworld\n", "-");
        assertThat(unknown.code()).isEqualTo(InspectCommand.UNREADABLE);
        assertThat(unknown.err()).contains("<stdin>:1: cannot read: not a format DRBD Pilot reads").contains("hello");
    }

    @Test
    void historyPrintsTheSequenceOfStatesOfAnEvents2Capture() throws Exception {
        String capture;
        try (var in = getClass().getResourceAsStream("/samples/lab9/switchover_events2.txt")) {
            capture = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path f = file("switchover.txt", capture);
        Run r = run("", "--history", f.toString());
        assertThat(r.code()).isZero();
        // r0 moved alpha -> beta -> gamma -> alpha: alpha saw itself demoted, both peers promoted and demoted, and
        // itself promoted again, in that order
        String out = r.out();
        assertThat(out).contains("== history of alpha in ").contains("(6 changes)");
        int demoted = out.indexOf("r0 role: Primary -> Secondary");
        int beta = out.indexOf("r0 to beta peer role: Secondary -> Primary");
        int gamma = out.indexOf("r0 to gamma peer role: Secondary -> Primary");
        int back = out.indexOf("r0 role: Secondary -> Primary");
        assertThat(demoted).isPositive().isLessThan(beta);
        assertThat(beta).isLessThan(gamma);
        assertThat(gamma).isLessThan(back);
        assertThat(run("", f.toString()).out()).doesNotContain("== history of");
    }
}
