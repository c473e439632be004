// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

import java.io.ByteArrayOutputStream;
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
}
