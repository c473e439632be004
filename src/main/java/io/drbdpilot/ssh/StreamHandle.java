// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/** A running streaming command: write to its stdin, cancel it, and learn how it ended. */
public interface StreamHandle {

    /** Writes text to the remote stdin (e.g. {@code "n\n"} to make {@code events2 --poll} refresh). */
    void write(String text) throws IOException;

    /** Stops the command; {@link #ended()} then completes with {@link End.Reason#CANCELLED}. */
    void cancel();

    /** Completes once when the stream is over; never exceptionally. */
    CompletableFuture<End> ended();

    /** How a stream ended. {@code exitCode} is null unless the command exited. */
    record End(Reason reason, Integer exitCode, String detail) {
        /** Why. */
        public enum Reason { EXITED, CANCELLED, CONNECTION_LOST }
    }
}
