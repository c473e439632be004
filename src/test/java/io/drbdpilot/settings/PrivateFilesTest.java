// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.settings;

import static org.assertj.core.api.Assertions.assertThat;

import io.drbdpilot.cluster.EventHistory;
import io.drbdpilot.cluster.HistoryEvent;
import io.drbdpilot.ops.node.NodeAccess;
import io.drbdpilot.ops.plan.Audit;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit (every command and its output) and every file DRBD Pilot makes are the user's alone. */
class PrivateFilesTest {

    @TempDir
    Path dir;

    @Test
    void theAuditIsOwnerOnlyInAnOwnerOnlyDirectory() throws Exception {
        Path file = dir.resolve("state/deeper/audit.jsonl");
        NodeAccess none = (NodeAccess) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {NodeAccess.class}, (p, m, a) -> m.getName().equals("clock") ? Clock.systemUTC() : null);
        try (Audit audit = new Audit(file, none, "t1")) {
            audit.event("start", Map.of("kind", "test"));
            audit.event("end", Map.of("outcome", "DONE"));
        }
        assertThat(Files.readAllLines(file)).hasSize(2);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("state"))))
                .isEqualTo("rwx------");
    }

    @Test
    void aFileMadeByHandWithWiderRightsIsNarrowedOnItsFirstAppend() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        Files.writeString(file, "");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        PrivateFiles.append(file, "x\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void anExportReplacesTheFileOwnerOnlyAndNeverFollowsAPlantedSymlink() throws Exception {
        Path victim = Files.writeString(dir.resolve("victim"), "keep me");
        Path out = dir.resolve("timeline.jsonl");
        // a symlink planted where a careless writer puts its temporary file
        Files.createSymbolicLink(dir.resolve("timeline.jsonl.tmp"), victim);
        PrivateFiles.replace(out, "one\n".getBytes(StandardCharsets.UTF_8));
        assertThat(out).hasContent("one");
        assertThat(victim).hasContent("keep me");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("victim",
                    "timeline.jsonl", "timeline.jsonl.tmp");
        }
    }

    @Test
    void theTimelineExportMasksSecretsAndKeepsEachValueOnOneLine() {
        String line = EventHistory.jsonLine(new HistoryEvent(
                Instant.parse("2026-11-27T10:00:00Z"), "alpha", "r0 net", "shared-secret \"hunter2\";",
                "x\n#!/bin/sh\u001b[2J"));
        assertThat(line).doesNotContain("hunter2").contains("***").doesNotContain("\\n").doesNotContain("\\u001b")
                .contains("x #!/bin/sh");
    }
}
