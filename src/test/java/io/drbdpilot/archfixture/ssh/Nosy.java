// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.archfixture.ssh;

import io.drbdpilot.archfixture.drbd.Leaky;

/** A deliberate violation: transport code that knows a DRBD class. Only ArchitectureTest reads it. */
public final class Nosy {
    public Object peek() {
        return new Leaky();
    }
}
