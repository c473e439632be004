// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The command log: what ran, grouped by plan, with secrets and terminal escapes gone and the size bounded. */
class CommandJournalTest {

    private final CommandJournal journal = new CommandJournal(Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"),
            ZoneOffset.UTC));

    private void ran(String node, String... argv) {
        journal.record(node, List.of(argv), new CommandResult(0, "", "", Duration.ofMillis(5)), "", Duration.ofMillis(5));
    }

    @Test
    void aPlansCommandsCarryItsGroupAlsoFromTheThreadsItStarts() throws InterruptedException {
        ran("node-a", "cat", "/proc/drbd");
        try (CommandJournal.Scope plan = CommandJournal.group("switchover web to node-b (1)", Instant.EPOCH)) {
            ran("node-a", "drbdadm", "secondary", "web");
            Thread t = Thread.ofVirtual().start(() -> ran("node-b", "drbdadm", "primary", "web"));
            t.join();
        }
        ran("node-a", "uname", "-n");
        List<CommandJournal.Entry> all = journal.entries();
        assertThat(all).extracting(e -> e.commandLine() + " @ " + (e.group() == null ? "-" : e.group().title()))
                .containsExactly("cat /proc/drbd @ -", "drbdadm secondary web @ switchover web to node-b (1)",
                        "drbdadm primary web @ switchover web to node-b (1)", "uname -n @ -");
        assertThat(CommandJournal.currentGroup()).isNull();
    }

    @Test
    void secretsAndEscapesNeverReachTheLogAndOutputIsCapped() {
        journal.record("node-a", List.of("drbdsetup", "show", "r0"), new CommandResult(0,
                "net {\n    shared-secret \"s3cr3t\";\n}\n\u001b[31mred\u001b[0m\n", "", Duration.ZERO), "", Duration.ZERO);
        journal.record("node-a", List.of("drbdadm", "dump-xml"), new CommandResult(0, "x".repeat(100_000), "",
                Duration.ZERO), "", Duration.ZERO);
        List<CommandJournal.Entry> all = journal.entries();
        assertThat(all.get(0).stdout()).contains("shared-secret ***").doesNotContain("s3cr3t").contains("red")
                .doesNotContain("\u001b");
        assertThat(all.get(1).stdout()).hasSizeLessThan(CommandJournal.OUTPUT_CAP + 100)
                .endsWith("(" + (100_000 - CommandJournal.OUTPUT_CAP) + " more characters not kept)");
    }

    @Test
    void theMonitorsReadsNeverPushAPlansCommandsOut() {
        try (CommandJournal.Scope plan = CommandJournal.group("resize r0 (2)", Instant.EPOCH)) {
            ran("node-a", "drbdadm", "resize", "r0");
        }
        for (int i = 0; i < CommandJournal.KEPT + 10; i++) {
            ran("node-a", "cat", "/proc/drbd");
        }
        List<CommandJournal.Entry> all = journal.entries();
        assertThat(all).hasSize(CommandJournal.KEPT + 1);
        assertThat(all.get(0).commandLine()).isEqualTo("drbdadm resize r0");
        AtomicReference<CommandJournal.Entry> heard = new AtomicReference<>();
        journal.subscribe(heard::set);
        ran("node-b", "uname", "-n");
        assertThat(heard.get().node()).isEqualTo("node-b");
    }
}
