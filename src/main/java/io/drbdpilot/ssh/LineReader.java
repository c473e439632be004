// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a stream's lines (UTF-8, ending in {@code \n}, a {@code \r} before it dropped) in bulk from its own buffer,
 * which grows only up to one line's cap: a line longer than the cap is skipped whole and reported, so a node cannot
 * fill the operator's memory one line at a time. An events2 initial dump of thousands of lines costs a scan of its
 * bytes and one string per line. Not thread-safe: one stream, one reader.
 */
final class LineReader {

    private static final int START = 8 * 1024;

    private final InputStream in;
    private final int cap;
    private byte[] buf = new byte[START];
    private int start;
    private int end;
    private boolean eof;
    private boolean skipped;

    LineReader(InputStream in, int cap) {
        this.in = in;
        this.cap = cap;
    }

    /** The next line, "" for a line that was too long ({@link #skipped()} then says so), or null at the end. */
    String next() throws IOException {
        skipped = false;
        boolean tooLong = false;
        int scanned = 0; // bytes after start already known to hold no line end
        while (true) {
            for (int i = start + scanned; i < end; i++) {
                if (buf[i] == '\n') {
                    boolean over = tooLong || i - start > cap;
                    String line = over ? "" : text(start, i);
                    start = i + 1;
                    skipped = over;
                    return line;
                }
            }
            scanned = end - start;
            if (scanned > cap) { // too long: forget what came so far, then find its end
                tooLong = true;
                start = end = scanned = 0;
            }
            if (eof || !fill()) {
                eof = true;
                if (start == end && !tooLong) {
                    return null;
                }
                boolean over = tooLong || end - start > cap;
                String line = over ? "" : text(start, end); // the last line, without its end
                start = end;
                skipped = over;
                return line;
            }
        }
    }

    /** The last line returned was longer than the cap and was skipped. */
    boolean skipped() {
        return skipped;
    }

    private String text(int from, int to) {
        int len = to - from;
        if (len > 0 && buf[to - 1] == '\r') {
            len--;
        }
        return new String(buf, from, len, StandardCharsets.UTF_8);
    }

    /** Reads more; false at the end of the stream. */
    private boolean fill() throws IOException {
        if (start > 0) { // keep the line begun, at the front
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == buf.length) {
            buf = Arrays.copyOf(buf, Math.min(Math.max(buf.length * 2, START), cap + START + 1));
        }
        int n = in.read(buf, end, buf.length - end);
        if (n < 0) {
            return false;
        }
        end += n;
        return true;
    }
}
