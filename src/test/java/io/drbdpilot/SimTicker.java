// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot;

import io.drbdpilot.sim.SimCluster;
import java.time.Duration;

/**
 * Moves a simulated cluster's time forward in the background (a second every few milliseconds), so a resync advances
 * while a plan waits for it; stopped when closed.
 */
public final class SimTicker implements AutoCloseable {

    private final Thread thread;

    private SimTicker(SimCluster c, long everyMillis) {
        thread = Thread.ofVirtual().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                c.tick(Duration.ofSeconds(1));
                try {
                    Thread.sleep(everyMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** A simulated second every {@code everyMillis} of real time. */
    public static SimTicker start(SimCluster c, long everyMillis) {
        return new SimTicker(c, everyMillis);
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
