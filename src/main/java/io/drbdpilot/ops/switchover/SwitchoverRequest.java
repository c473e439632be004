// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.switchover;

import io.drbdpilot.drbd.command.DrbdCommands;
import io.drbdpilot.ops.node.WorkloadCommands;
import java.util.List;

/**
 * What the operator asked for: move the Primary role of {@code resource} to {@code target}, with the steps that stop
 * the device's users on the source first and start them on the target afterwards. Every name is validated here, so no
 * step can be built from a bad one.
 *
 * @param source null to take the node that is Primary now
 */
public record SwitchoverRequest(String resource, String target, String source, List<String> umount,
        List<String> stopUnits, List<String> shutdownVms, List<String> mount, List<String> startUnits,
        List<String> startVms) {

    public SwitchoverRequest {
        DrbdCommands.resource(resource);
        if (target == null || target.isBlank()) {
            throw new IllegalArgumentException("name the target node");
        }
        if (target.equals(source)) {
            throw new IllegalArgumentException("the target is the source: " + target);
        }
        umount = List.copyOf(umount);
        stopUnits = List.copyOf(stopUnits);
        shutdownVms = List.copyOf(shutdownVms);
        mount = List.copyOf(mount);
        startUnits = List.copyOf(startUnits);
        startVms = List.copyOf(startVms);
        umount.forEach(DrbdCommands::path);
        mount.forEach(DrbdCommands::path);
        stopUnits.forEach(DrbdCommands::serviceUnit);
        startUnits.forEach(DrbdCommands::serviceUnit);
        shutdownVms.forEach(WorkloadCommands::domain); // a name, or a UUID; never digits virsh reads as an id
        startVms.forEach(WorkloadCommands::domain);
    }

    /** A bare switchover: no users to stop or start. */
    public static SwitchoverRequest of(String resource, String target) {
        return new SwitchoverRequest(resource, target, null, List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of());
    }

    public SwitchoverRequest withSource(String s) {
        return new SwitchoverRequest(resource, target, s, umount, stopUnits, shutdownVms, mount, startUnits,
                startVms);
    }
}
