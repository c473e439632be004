// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * What a node prints is bounded: a command's output past its cap is dropped (and the command is failed, see
 * {@link NodeSession#run}), and a streamed line past its cap is skipped, so no node can fill the operator's memory.
 */
final class BoundedOutput extends OutputStream {

    /** A command's stdout or stderr, at most. */
    static final int COMMAND_CAP = 16 * 1024 * 1024;
    /** One line of a stream, at most. */
    static final int LINE_CAP = 1024 * 1024;

    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    private final int cap;
    private volatile boolean overflow;

    BoundedOutput(int cap) {
        this.cap = cap;
    }

    @Override
    public synchronized void write(int b) {
        if (buf.size() < cap) {
            buf.write(b);
        } else {
            overflow = true;
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        int room = cap - buf.size();
        if (len > room) {
            overflow = true;
        }
        if (room > 0) {
            buf.write(b, off, Math.min(room, len));
        }
    }

    /** More came than the cap: what is kept is cut. */
    boolean overflow() {
        return overflow;
    }

    synchronized String text() {
        return buf.toString(StandardCharsets.UTF_8);
    }

    /**
     * Reads one line (without its end) of at most {@code max} bytes; a longer line is skipped whole and comes back as
     * {@code ""} with {@code skipped[0]} set. Null at the end of the stream.
     */
    static String readLine(InputStream in, int max, boolean[] skipped) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        boolean tooLong = false;
        int b;
        boolean any = false;
        while ((b = in.read()) >= 0) {
            any = true;
            if (b == '\n') {
                break;
            }
            if (line.size() < max) {
                line.write(b);
            } else {
                tooLong = true;
            }
        }
        if (!any) {
            return null;
        }
        skipped[0] = tooLong;
        if (tooLong) {
            return "";
        }
        String s = line.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }
}
