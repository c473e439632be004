// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drbdpilot.drbd.command.DrbdCommands;
import io.drbdpilot.ops.switchover.SwitchoverRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A plan never stops or starts a unit that reboots, halts or rescues the machine, systemd's own, or sshd. */
class SpecialUnitsTest {

    @Test
    void servicesPassSpecialUnitsAreRefused() {
        for (String ok : List.of("nginx", "postgresql.service", "app@1", "smbd")) {
            assertThat(DrbdCommands.serviceUnit(ok)).isEqualTo(ok);
        }
        for (String bad : List.of("reboot.target", "multi-user.target", "poweroff", "halt.service", "kexec",
                "rescue", "emergency.service", "systemd-logind", "systemd-journald.service", "sshd", "ssh.socket",
                "-rf", "a b", "x;reboot")) {
            assertThatThrownBy(() -> DrbdCommands.serviceUnit(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void neitherARequestNorAWorkloadTakesOne() {
        assertThatThrownBy(() -> new SwitchoverRequest("r0", "beta", null, List.of(), List.of("reboot.target"),
                List.of(), List.of(), List.of(), List.of())).hasMessageContaining("reboot.target");
        assertThatThrownBy(() -> new SwitchoverRequest("r0", "beta", null, List.of(), List.of(), List.of(),
                List.of(), List.of("systemd-networkd"), List.of())).hasMessageContaining("systemd");
        Workload w = new Workload(Workload.Kind.SERVICE, "/srv/files", "alpha", true, List.of("r0"), List.of(),
                List.of());
        assertThatThrownBy(() -> w.withUnits(List.of("poweroff"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(w.withUnits(List.of("smbd")).units()).containsExactly("smbd");
    }
}
