// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.workspace;

import io.drbdpilot.cluster.NodeLinks;
import io.drbdpilot.settings.ClusterSettings;
import java.util.List;

/**
 * The built-in demo cluster as the UI sees it: a cluster to open, the way to its simulated nodes, and the faults
 * its menu offers. The app wires the simulator behind it, so the UI never drives the simulator itself.
 */
public interface Demo extends AutoCloseable {

    /**
     * One entry of the Demo menu.
     *
     * @param text  the menu text, with its mnemonic
     * @param id    the menu item's id (for tests)
     * @param group entries of another group than the one before are set apart
     * @param run   what it does to the simulated cluster; runs off the UI thread
     */
    record Fault(String text, String id, int group, Runnable run) {
    }

    /** The demo cluster's settings (its name marks it as simulated). */
    ClusterSettings settings();

    /** The way to its nodes. */
    NodeLinks links();

    List<Fault> faults();

    @Override
    void close();
}
