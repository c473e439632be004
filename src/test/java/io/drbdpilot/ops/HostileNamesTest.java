// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drbdpilot.ops.migration.Migration;
import io.drbdpilot.ops.node.Probe;
import io.drbdpilot.ops.plan.Decider;
import io.drbdpilot.ops.plan.Outcome;
import io.drbdpilot.ops.plan.PlanListener;
import io.drbdpilot.ops.plan.PlanResult;
import io.drbdpilot.ops.switchover.SwitchoverRequest;
import io.drbdpilot.ops.workload.Workload;
import io.drbdpilot.ops.workload.Workloads;
import io.drbdpilot.sim.SimCluster;
import io.drbdpilot.sim.SimClusters;
import io.drbdpilot.sim.SimHosts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names that come from nodes: an odd but legal one is left out with a warning and discovery goes on; libvirt domains
 * are addressed by UUID, so a VM named {@code 3} is never confused with domain id 3.
 */
class HostileNamesTest {

    @TempDir
    Path dir;

    private SimCluster cluster() {
        SimCluster c = SimClusters.lab84(false);
        c.promote("alpha", "r1", false);
        // three running VMs on a non-DRBD disk take the domain ids 1, 2 and 3
        for (String vm : List.of("a", "b", "c")) {
            c.hosts().addVm("alpha", vm, List.of(50), true);
        }
        c.hosts().addVm("alpha", "3", List.of(0, 1), true); // id 4, named "3"
        return c;
    }

    @Test
    void oddNamesAreLeftOutWithAWarningAndDiscoveryGoesOn() throws Exception {
        SimCluster c = cluster();
        c.hosts().addVm("beta", "web(1)", List.of(0), false);
        c.hosts().addVm("beta", "-rf", List.of(0), false);
        c.hosts().addVm("beta", "x\nreboot", List.of(0), false);
        c.hosts().addMountService("beta", "files\\x2dsync", "/srv/files", 1, true);
        Workloads.Found f = Workloads.discover(new Probe(new SimAccess(c)), c.nodes());
        assertThat(f.errors()).isEmpty();
        assertThat(f.find("3")).get().satisfies(w -> {
            assertThat(w.uuid()).isEqualTo(SimHosts.vmUuid("3"));
            assertThat(w.resources()).containsExactly("r0", "r1");
        });
        assertThat(f.skipped()).hasSize(4).anySatisfy(s -> assertThat(s).contains("libvirt VM 'web(1)' on beta"))
                .anySatisfy(s -> assertThat(s).contains("'-rf'"))
                .anySatisfy(s -> assertThat(s).contains("'x reboot'"))
                .anySatisfy(s -> assertThat(s).contains("unit 'files\\x2dsync' on beta"))
                .allSatisfy(s -> assertThat(s).doesNotContain("\n"));
    }

    @Test
    void aVmNamedThreeMovesByItsUuidAndDomainIdThreeIsUntouched() throws Exception {
        SimCluster c = cluster();
        SimAccess a = new SimAccess(c);
        Workload w = Workloads.discover(new Probe(a), c.nodes()).find("3").orElseThrow();
        Migration m = new Migration(a, c.nodes(), w, "beta", Migration.Mode.LIVE, new Migration.Options(
                dir.resolve("audit.jsonl"), "alice@ws1", Duration.ofSeconds(15), Duration.ofSeconds(60),
                Duration.ofMinutes(30)));
        PlanResult r = m.execute(PlanListener.NONE, Decider.ABORT);
        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.DONE);
        assertThat(c.hosts().vmRunning("beta", "3")).isTrue();
        assertThat(c.hosts().vmRunning("alpha", "c")).as("domain id 3 still runs where it ran").isTrue();
        assertThat(a.commandLog).filteredOn(l -> l.contains("virsh")).isNotEmpty()
                .noneMatch(l -> List.of(l.split(" ")).contains("3"));

        Migration cold = new Migration(a, c.nodes(), Workloads.discover(new Probe(a), c.nodes()).find("3")
                .orElseThrow(), "alpha", Migration.Mode.COLD, Migration.Options.defaults(null, "alice@ws1"));
        assertThat(cold.execute(PlanListener.NONE, Decider.ABORT).outcome()).isEqualTo(Outcome.DONE);
        assertThat(c.hosts().vmRunning("alpha", "3")).isTrue();
        assertThat(c.hosts().vmRunning("alpha", "c")).isTrue();
    }

    @Test
    void anOperatorCannotNameAVmByDigitsThatVirshReadsAsAnId() {
        assertThatThrownBy(() -> new SwitchoverRequest("r0", "beta", "alpha", List.of(), List.of(), List.of("3"),
                List.of(), List.of(), List.of())).hasMessageContaining("domain id").hasMessageContaining("UUID");
        new SwitchoverRequest("r0", "beta", "alpha", List.of(), List.of(), List.of(SimHosts.vmUuid("3")),
                List.of(), List.of(), List.of());
    }
}
