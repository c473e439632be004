// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What a node prints is bounded: a command's output past its cap is dropped (and the command is failed, see
 * {@link NodeSession#run}), and a streamed line past its cap is skipped, so no node can fill the operator's memory.
 *
 * <p>The bytes are kept in chunks that grow to at most {@link #CHUNK}, filled one after the other: a dump-xml of a
 * thousand resources (1.2 MB) no longer goes through the doubling copies of one array (32 bytes up to 2 MB, three of
 * them larger than half of G1's 1 MiB regions, each such allocation a humongous one that can start a concurrent cycle).
 */
final class BoundedOutput extends OutputStream {

    /** A command's stdout or stderr, at most. */
    static final int COMMAND_CAP = 16 * 1024 * 1024;
    /** One line of a stream, at most. */
    static final int LINE_CAP = 1024 * 1024;
    /** The first chunk: most outputs (a version, a role, an empty stderr) fit in it. */
    private static final int FIRST = 1024;
    /** The largest chunk: under half of G1's smallest region, so never a humongous allocation. */
    static final int CHUNK = 256 * 1024;

    private final int cap;
    /** The full chunks before {@link #current}, in order. */
    private final List<byte[]> full = new ArrayList<>();
    private byte[] current;
    private int used;
    private int size;
    private volatile boolean overflow;

    BoundedOutput(int cap) {
        this.cap = cap;
    }

    @Override
    public synchronized void write(int b) {
        if (size >= cap) {
            overflow = true;
            return;
        }
        room();
        current[used++] = (byte) b;
        size++;
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        int room = cap - size;
        if (len > room) {
            overflow = true;
        }
        int n = Math.min(room, len);
        while (n > 0) {
            room();
            int k = Math.min(n, current.length - used);
            System.arraycopy(b, off, current, used, k);
            used += k;
            size += k;
            off += k;
            n -= k;
        }
    }

    /** A chunk with room: the next one as large as what is held so far, from {@link #FIRST} up to {@link #CHUNK}. */
    private void room() {
        if (current != null && used < current.length) {
            return;
        }
        if (current != null) {
            full.add(current);
        }
        current = new byte[current == null ? FIRST : Math.min(CHUNK, size)];
        used = 0;
    }

    /** More came than the cap: what is kept is cut. */
    boolean overflow() {
        return overflow;
    }

    synchronized String text() {
        if (size == 0) {
            return "";
        }
        if (full.isEmpty()) {
            return new String(current, 0, used, StandardCharsets.UTF_8);
        }
        byte[] all = new byte[size]; // decoded whole: a character may be cut between two chunks
        int at = 0;
        for (byte[] c : full) {
            System.arraycopy(c, 0, all, at, c.length);
            at += c.length;
        }
        System.arraycopy(current, 0, all, at, used);
        return new String(all, StandardCharsets.UTF_8);
    }
}
