// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A stream's lines, read in bulk: the same lines whatever the chunks the network delivers, and no line past its cap. */
class LineReaderTest {

    /** @param chunk bytes per read (1: the worst case; large: a whole buffer) */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 8192, 100_000})
    void linesAreTheSameWhateverTheChunks(int chunk) throws IOException {
        String text = "exists resource name:r0 role:Primary\r\nexists device name:r0 volume:0 disk:UpToDate\n\n"
                + "größe:1 ünicode ✓\nexists -\nlast line without its end";
        assertThat(read(text, chunk, 1024)).containsExactly("exists resource name:r0 role:Primary",
                "exists device name:r0 volume:0 disk:UpToDate", "", "größe:1 ünicode ✓", "exists -",
                "last line without its end");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 64, 100_000})
    void aLineLongerThanTheCapIsSkippedWholeAndTheNextIsRead(int chunk) throws IOException {
        String longLine = "x".repeat(100);
        String text = "short\n" + longLine + "\nafter\n" + "y".repeat(20) + "\n" + "z".repeat(21) + "\nend\n";
        LineReader r = new LineReader(new Chunked(text.getBytes(StandardCharsets.UTF_8), chunk), 20);
        assertThat(r.next()).isEqualTo("short");
        assertThat(r.skipped()).isFalse();
        assertThat(r.next()).isEmpty();
        assertThat(r.skipped()).as("100 bytes against a cap of 20").isTrue();
        assertThat(r.next()).isEqualTo("after");
        assertThat(r.skipped()).isFalse();
        assertThat(r.next()).as("exactly the cap is kept").isEqualTo("y".repeat(20));
        assertThat(r.next()).isEmpty();
        assertThat(r.skipped()).isTrue();
        assertThat(r.next()).isEqualTo("end");
        assertThat(r.next()).isNull();
        assertThat(r.next()).as("the end stays the end").isNull();
    }

    @Test
    void anEndlessLineNeverHoldsMoreThanAboutItsCap() throws IOException {
        int cap = 4096;
        InputStream endless = new InputStream() {
            private long sent;

            @Override
            public int read() {
                return sent++ < 50_000_000L ? 'a' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (sent >= 50_000_000L) {
                    return -1;
                }
                int n = (int) Math.min(len, 50_000_000L - sent);
                java.util.Arrays.fill(b, off, off + n, (byte) 'a');
                sent += n;
                return n;
            }
        };
        LineReader r = new LineReader(endless, cap);
        assertThat(r.next()).isEmpty();
        assertThat(r.skipped()).isTrue();
        assertThat(r.next()).isNull();
    }

    private static List<String> read(String text, int chunk, int cap) throws IOException {
        LineReader r = new LineReader(new Chunked(text.getBytes(StandardCharsets.UTF_8), chunk), cap);
        List<String> out = new ArrayList<>();
        String line;
        while ((line = r.next()) != null) {
            out.add(line);
        }
        return out;
    }

    /** Delivers at most {@code chunk} bytes per read, as a network does. */
    private static final class Chunked extends ByteArrayInputStream {
        private final int chunk;

        Chunked(byte[] bytes, int chunk) {
            super(bytes);
            this.chunk = chunk;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, chunk));
        }
    }
}
