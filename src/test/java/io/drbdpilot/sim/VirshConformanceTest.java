// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.drbdpilot.drbd.Samples;
import io.drbdpilot.ops.workload.Workloads;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The simulator's virsh against real libvirt 9.0 in the virt lab (virt_virsh.txt, virt_refusals.txt, copied from
 * the lab's samples): the same tables line by line, the same states, and the same refusal when the target is not
 * Primary; and DRBD Pilot reads both the same way.
 */
class VirshConformanceTest {

    private static String real(String sample, String command) {
        String cap = Samples.lab(sample);
        String rest = cap.substring(cap.indexOf("### " + command));
        rest = rest.substring(rest.indexOf('\n') + 1);
        return rest.substring(0, rest.indexOf("[exit")).strip();
    }

    private static SimShell.Result sim(SimCluster c, String node, String cmd) {
        return new SimShell(c, node, "root").run(cmd);
    }

    private static SimCluster withVm1() {
        SimCluster c = SimClusters.lab84(false);
        c.promote("alpha", "r1", false);
        c.hosts().addVm("alpha", "vm1", List.of(1), true);
        return c;
    }

    @Test
    void theTablesAndStatesAreLibvirtsOwn() {
        SimCluster c = withVm1();
        assertThat(sim(c, "alpha", "virsh list --all").stdout().strip().replaceAll("(?m)^ 1 ", " 6 "))
                .isEqualTo(real("virt_virsh", "alpha$ virsh list --all"));
        assertThat(sim(c, "alpha", "virsh domblklist vm1").stdout().strip())
                .isEqualTo(real("virt_virsh", "alpha$ virsh domblklist vm1"));
        assertThat(sim(c, "alpha", "virsh domblklist --details vm1").stdout().strip())
                .isEqualTo(real("virt_virsh", "alpha$ virsh domblklist --details vm1"));
        assertThat(sim(c, "alpha", "virsh domstate vm1").stdout().strip())
                .isEqualTo(real("virt_virsh", "alpha$ virsh domstate vm1"));
        assertThat(sim(c, "alpha", "virsh domstate --reason vm1").stdout().strip())
                .isEqualTo(real("virt_virsh", "alpha$ virsh domstate --reason vm1"));
        assertThat(sim(c, "alpha", "virsh list --name").stdout().strip())
                .isEqualTo(real("virt_virsh", "alpha$ virsh list --name"));
        assertThat(Workloads.resourcesIn(real("virt_virsh", "alpha$ virsh domblklist vm1"), Map.of(1, "r1")))
                .isEqualTo(Workloads.resourcesIn(sim(c, "alpha", "virsh domblklist vm1").stdout(), Map.of(1, "r1")))
                .containsExactly("r1");
    }

    @Test
    void aMigrationToATargetThatIsNotPrimaryFailsAsQemuSaysIt() {
        SimCluster c = withVm1();
        SimShell.Result r = sim(c, "alpha", "virsh migrate --live --persistent --undefinesource --verbose vm1 "
                + "qemu+ssh://beta/system");
        String real = real("virt_refusals", "alpha$ virsh migrate --live --persistent --undefinesource --verbose vm1");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.stderr().strip()).isEqualTo(real);
        assertThat(sim(c, "alpha", "virsh domstate vm1").stdout().strip()).as("vm1 still runs on the source")
                .isEqualTo("running");
    }
}
