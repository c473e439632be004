// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import io.drbdpilot.drbd.Samples;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the real 8.4.11 kernel logged about online verify (captured by VerifyLabIT), read as ranges and counts. */
class VerifyLogTest {

    private static List<KernelLog.Line> lines(String text) {
        return KernelLog.lines(text, "r1", Set.of(1), 10_000);
    }

    @Test
    void theFirstRunFoundTheMebibyteWrittenBehindDrbdsBackAsOneRangeWhateverOrderTheKernelPrintedIt() {
        String cap = Samples.lab("verify_dmesg");
        String first = cap.substring(0, cap.indexOf("[   53.716858]"));
        VerifyLog.Result r = VerifyLog.last(lines(first));
        assertThat(r.done()).isTrue();
        assertThat(r.seconds()).isEqualTo(5);
        assertThat(r.blocks()).isEqualTo(256);
        assertThat(r.outOfSyncKiB()).isEqualTo(1024);
        assertThat(r.ranges()).extracting(VerifyLog.Range::startKiB).containsExactly(1024L); // 2048+2016, 4064+32
        assertThat(r.ranges()).extracting(VerifyLog.Range::sizeKiB).containsExactly(1024L);
        assertThat(r.ranges().get(0).describe()).isEqualTo("at 1024 KiB, 1024 KiB");
        VerifyLog.Result reversed = new VerifyLog.Result(List.of(new VerifyLog.Range(4064, 32),
                new VerifyLog.Range(2048, 2016), new VerifyLog.Range(10_000, 8)), 257L, 5L, true);
        assertThat(reversed.ranges()).extracting(VerifyLog.Range::startSector).containsExactly(2048L, 10_000L);
    }

    @Test
    void theLastRunIsTheOneReportedAndAResyncAfterItDoesNotEndIt() {
        VerifyLog.Result r = VerifyLog.last(lines(Samples.lab("verify_dmesg")));
        assertThat(r.done()).isTrue();
        assertThat(r.seconds()).isEqualTo(4);
        assertThat(r.outOfSyncKiB()).isEqualTo(1024);
        assertThat(r.ranges()).extracting(VerifyLog.Range::startKiB).containsExactly(1024L);
        assertThat(VerifyLog.last(List.of()).done()).isFalse();
    }
}
