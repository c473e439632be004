// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What a command printed comes back whole (in chunks, a character cut between them) and no more than the cap. */
class BoundedOutputTest {

    @Test
    void piecesOfAnySizeComeBackAsTheTextTheyMake() {
        Random rnd = new Random(25);
        for (int round = 0; round < 60; round++) {
            StringBuilder text = new StringBuilder();
            int want = round < 20 ? rnd.nextInt(3000) : rnd.nextInt(3 * BoundedOutput.CHUNK);
            while (text.length() < want) {
                text.append(switch (rnd.nextInt(4)) {
                    case 0 -> "é";
                    case 1 -> "\u20ac";
                    case 2 -> "\uD83D\uDE00";
                    default -> "<resource name=\"r" + rnd.nextInt(1000) + "\">\n";
                });
            }
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            BoundedOutput out = new BoundedOutput(BoundedOutput.COMMAND_CAP);
            int at = 0;
            while (at < bytes.length) {
                if (rnd.nextInt(10) == 0) {
                    out.write(bytes[at++]);
                } else {
                    int n = Math.min(bytes.length - at, 1 + rnd.nextInt(40_000));
                    out.write(bytes, at, n);
                    at += n;
                }
            }
            assertThat(out.overflow()).isFalse();
            assertThat(out.text()).isEqualTo(text.toString());
        }
        assertThat(new BoundedOutput(10).text()).isEmpty();
    }

    @Test
    void moreThanTheCapIsCutAndSaidSo() {
        int cap = 700_000;
        byte[] piece = new byte[65_536];
        java.util.Arrays.fill(piece, (byte) 'x');
        BoundedOutput out = new BoundedOutput(cap);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 0; i < 12; i++) { // 786,432 bytes
            out.write(piece, 0, piece.length);
            expected.write(piece, 0, Math.min(piece.length, Math.max(0, cap - expected.size())));
        }
        assertThat(out.overflow()).isTrue();
        assertThat(out.text()).hasSize(cap).isEqualTo(expected.toString(StandardCharsets.US_ASCII));
        out.write('y');
        assertThat(out.text()).hasSize(cap).doesNotContain("y");

        BoundedOutput bytes = new BoundedOutput(3);
        for (char c : "abcd".toCharArray()) {
            bytes.write(c);
        }
        assertThat(bytes.overflow()).isTrue();
        assertThat(bytes.text()).isEqualTo("abc");
    }
}
