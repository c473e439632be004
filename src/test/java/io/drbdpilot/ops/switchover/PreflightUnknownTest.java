// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.switchover;

import io.drbdpilot.ops.SimAccess;
import static org.assertj.core.api.Assertions.assertThat;

import io.drbdpilot.ops.plan.Check;
import io.drbdpilot.ops.plan.Decider;
import io.drbdpilot.ops.plan.Outcome;
import io.drbdpilot.ops.plan.PlanListener;
import io.drbdpilot.ops.plan.PlanResult;
import io.drbdpilot.sim.SimCluster;
import io.drbdpilot.ssh.SshException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A check whose read failed is never a PASS: a cluster manager that is installed but cannot be asked blocks (it may
 * own the resource), and users, allow-two-primaries or the running configuration that cannot be read warn with the
 * error. A manager that is not installed is still a PASS.
 */
class PreflightUnknownTest {

    private static Preflight.Result checks(SimCluster c, SimAccess a) throws InterruptedException {
        return new Switchover(a, c.nodes(), SwitchoverTest.withFs("beta"), Switchover.Options.defaults(null,
                "alice@ws1")).check();
    }

    private static Check check(Preflight.Result r, String id) {
        return r.checks().stream().filter(k -> k.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void managersThatAreNotInstalledOwnNothing() throws Exception {
        SimCluster c = SwitchoverTest.lab();
        Preflight.Result r = checks(c, new SimAccess(c));
        assertThat(check(r, "owner").status()).isEqualTo(Check.Status.PASS);
        assertThat(check(r, "users").status()).isEqualTo(Check.Status.PASS);
        assertThat(check(r, "dual-primary").status()).isEqualTo(Check.Status.PASS);
        assertThat(check(r, "config").status()).isEqualTo(Check.Status.PASS);
    }

    @Test
    void pacemakerInstalledButWithoutItsCibBlocksAndTheRunChangesNothing() throws Exception {
        SimCluster c = SwitchoverTest.lab();
        // as seen on the lab: cibadmin present on alpha, cluster stack not running
        c.hosts().breakTool("alpha", "cibadmin", 102, "Could not connect to the CIB: Transport endpoint is not "
                + "connected\nInit failed, could not perform requested operations\n");
        SimAccess a = new SimAccess(c);
        Check owner = check(checks(c, a), "owner");
        assertThat(owner.status()).isEqualTo(Check.Status.BLOCK);
        assertThat(owner.reason()).contains("cibadmin is installed on alpha but could not be asked")
                .contains("exit 102").contains("Could not connect to the CIB");
        PlanResult run = new Switchover(a, c.nodes(), SwitchoverTest.withFs("beta"), Switchover.Options.defaults(
                null, "alice@ws1")).execute(PlanListener.NONE, Decider.ABORT);
        assertThat(run.outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(a.commandLog).noneMatch(l -> l.contains("drbdadm secondary") || l.contains("drbdadm primary"));
    }

    @Test
    void anUnreadableReactorConfigurationOrATimeoutBlocksTheOwnerCheck() throws Exception {
        SimCluster c = SwitchoverTest.lab();
        c.hosts().breakTool("beta", "grep", 2, "grep: /etc/drbd-reactor.d/r0.toml: Permission denied\n");
        Check owner = check(checks(c, new SimAccess(c)), "owner");
        assertThat(owner.status()).isEqualTo(Check.Status.BLOCK);
        assertThat(owner.reason()).contains("drbd-reactor's configuration on beta could not be read")
                .contains("Permission denied");

        SimCluster d = SwitchoverTest.lab();
        SimAccess slow = new SimAccess(d);
        slow.failing = (n, cmd) -> cmd.argv().contains("cibadmin") ? new SshException.Timeout("'cibadmin --query' "
                + "on " + n + " did not finish within 20 s") : null;
        Check timedOut = check(checks(d, slow), "owner");
        assertThat(timedOut.status()).isEqualTo(Check.Status.BLOCK);
        assertThat(timedOut.reason()).contains("did not finish within 20 s");
    }

    @Test
    void usersThatCannotBeListedWarnWithTheError() throws Exception {
        SimCluster c = SwitchoverTest.lab();
        c.hosts().breakTool("alpha", "lsof", 127, "bash: line 1: lsof: command not found\n");
        Check users = check(checks(c, new SimAccess(c)), "users");
        assertThat(users.status()).isEqualTo(Check.Status.WARN);
        assertThat(users.reason()).contains("lsof is not installed on alpha").contains("mounted on /mnt/r0");

        SimCluster d = SwitchoverTest.lab();
        d.hosts().breakTool("alpha", "lsof", 1, "sudo: a password is required\n");
        Check denied = check(checks(d, new SimAccess(d)), "users");
        assertThat(denied.status()).isEqualTo(Check.Status.WARN);
        assertThat(denied.reason()).contains("a password is required");
    }

    @Test
    void allowTwoPrimariesAndTheRunningConfigurationThatCannotBeReadWarn() throws Exception {
        SimCluster c = SwitchoverTest.lab();
        c.hosts().breakTool("beta", "drbdsetup show", 10, "r0: No such resource\n");
        c.hosts().breakTool("alpha", "drbdadm -d", 1, "drbdadm: cannot read /etc/drbd.d/r0.res\n");
        Preflight.Result r = checks(c, new SimAccess(c));
        Check dual = check(r, "dual-primary");
        assertThat(dual.status()).isEqualTo(Check.Status.WARN);
        assertThat(dual.reason()).contains("could not be read on beta");
        Check config = check(r, "config");
        assertThat(config.status()).isEqualTo(Check.Status.WARN);
        assertThat(config.reason()).contains("whether alpha runs its file as written is not known");
        assertThat(r.checks()).noneMatch(k -> k.status() == Check.Status.BLOCK);
        assertThat(List.of(dual, config)).allMatch(k -> !k.remedy().isBlank());
    }
}
