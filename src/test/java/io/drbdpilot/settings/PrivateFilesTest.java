// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.settings;

import static org.assertj.core.api.Assertions.assertThat;

import io.drbdpilot.ops.Audit;
import io.drbdpilot.ops.NodeAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
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
        NodeAccess none = (NodeAccess) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
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
}
