// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cluster;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bounds how many nodes of a cluster make their big first reads at once (the configuration, {@code drbdadm
 * dump-xml}, and events2's initial dump): 200 nodes answering together would hold all their outputs, raw and parsed,
 * in memory at the same moment (a 512 MiB monitor of 200 × 1000 resources ran out of memory that way, although it
 * settles at less). A node waits here for a turn; its turn ends when its initial state is in, when its read fails,
 * or after {@link NodeMonitor}'s limit, so one stuck node cannot keep the others waiting. Thread-safe.
 */
final class ReadGate {

    /** Turns at a time by default: enough to keep two cores busy while one node's output travels. */
    static final int DEFAULT_TURNS = Math.max(1, Integer.getInteger("drbdpilot.readTurns",
            Math.max(4, 2 * Runtime.getRuntime().availableProcessors())));

    private final Semaphore turns;
    private final int size;

    ReadGate(int turns) {
        if (turns < 1) {
            throw new IllegalArgumentException("a read gate needs at least one turn");
        }
        this.size = turns;
        this.turns = new Semaphore(turns, true);
    }

    /** Waits for a turn (in the order asked). */
    Turn enter() throws InterruptedException {
        turns.acquire();
        return new Turn();
    }

    /** Turns free now (tests, diagnostics). */
    int free() {
        return turns.availablePermits();
    }

    int size() {
        return size;
    }

    /** One node's turn; ending it twice ends it once. */
    final class Turn implements AutoCloseable {
        private final AtomicBoolean ended = new AtomicBoolean();

        @Override
        public void close() {
            if (ended.compareAndSet(false, true)) {
                turns.release();
            }
        }

        boolean ended() {
            return ended.get();
        }
    }
}
