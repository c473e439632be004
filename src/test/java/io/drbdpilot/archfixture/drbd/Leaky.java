// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.archfixture.drbd;

import javafx.scene.paint.Color;

/** A deliberate violation: a domain class that uses JavaFX. Only ArchitectureTest reads it. */
public final class Leaky {
    public Object colour() {
        return Color.RED;
    }
}
