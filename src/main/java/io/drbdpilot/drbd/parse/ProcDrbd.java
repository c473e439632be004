// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.parse;

import io.drbdpilot.drbd.model.KernelVersion;
import java.util.List;

/**
 * The whole of {@code /proc/drbd}.
 *
 * @param kernel     the header; null when the output had none
 * @param transports DRBD 9's {@code Transports (api:N): ...} line, or null
 * @param devices    per-minor entries, in printed order (none for DRBD 9.0-9.2)
 */
public record ProcDrbd(KernelVersion kernel, String transports, List<ProcDevice> devices) {

    public ProcDrbd {
        devices = List.copyOf(devices);
    }
}
