// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import io.drbdpilot.drbd.Samples;
import io.drbdpilot.drbd.health.Finding;
import io.drbdpilot.drbd.health.FindingKind;
import io.drbdpilot.drbd.health.Severity;
import io.drbdpilot.drbd.model.CState;
import io.drbdpilot.drbd.model.ReplicationState;
import io.drbdpilot.drbd.model.ResourceState;
import io.drbdpilot.drbd.model.Role;
import io.drbdpilot.drbd.parse.ParseException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Every real lab capture reads without error, and the interesting states give the expected findings. */
class InspectorGoldenTest {

    private static final Instant NOW = Instant.parse("2026-11-24T03:00:00Z");
    static final List<String> LAB = Samples.LAB;

    private static List<NodeReport> inspect(String... samples) {
        List<Inspector.Source> src = Arrays.stream(samples)
                .map(s -> new Inspector.Source(s, Samples.lab(s))).toList();
        List<Inspector.Result> results = Inspector.inspectAll(src, NOW);
        results.forEach(r -> assertThat(r.error()).as(r.name()).isNull());
        return results.get(0).nodes();
    }

    private static NodeReport node(List<NodeReport> nodes, String name) {
        return nodes.stream().filter(n -> n.node().equals(name)).findFirst().orElseThrow();
    }

    private static ResourceState res(NodeReport n, String name) {
        return n.resources().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    @ParameterizedTest
    @FieldSource("LAB")
    void everyLabSampleParses(String sample) throws ParseException {
        assertThat(InputFormat.detect(Samples.lab(sample))).isEqualTo(InputFormat.LAB_CAPTURE);
        List<NodeReport> nodes = Inspector.inspect(sample, Samples.lab(sample), NOW);
        assertThat(nodes).isNotEmpty();
    }

    @Test
    void connectedBaselineIsHealthyAndNamedFromTheConfiguration() {
        List<NodeReport> nodes = inspect("proc_drbd_connected", "drbdadm_dump");
        NodeReport alpha = node(nodes, "alpha");
        assertThat(alpha.kernel().version()).isEqualTo("8.4.11");
        assertThat(alpha.resources()).extracting(ResourceState::name).containsExactly("r0", "r1");
        assertThat(res(alpha, "r0").role().value()).isEqualTo(Role.PRIMARY);
        assertThat(node(nodes, "gamma").resources()).extracting(ResourceState::name).containsExactly("r2");
        nodes.forEach(n -> assertThat(n.findings()).as(n.node()).isEmpty());
    }

    @Test
    void resyncSeenFromBothSides() {
        List<NodeReport> nodes = inspect("resync", "drbdadm_dump");
        NodeReport beta = node(nodes, "beta");
        ResourceState r0 = res(beta, "r0");
        var pd = r0.connections().get(0).peerDevices().get(0);
        assertThat(pd.replication().value()).isEqualTo(ReplicationState.SYNC_TARGET);
        assertThat(pd.resync().wantKiBps()).isEqualTo(4096L);
        assertThat(beta.findings()).extracting(Finding::kind)
                .contains(FindingKind.RESYNC_RUNNING, FindingKind.DISK_DEGRADED);
        // alpha's last capture is after the resync: healthy again.
        assertThat(node(nodes, "alpha").findings()).isEmpty();
    }

    @Test
    void standAloneOnOneSideAndConnectingOnTheOther() throws ParseException {
        // Read the first /proc/drbd sections of the capture: alpha disconnected by hand, beta waiting.
        var alpha = Inspector.inspect("a", Samples.section("standalone", "alpha", "cat /proc/drbd", 0).output(), NOW);
        assertThat(alpha.get(0).findings()).extracting(Finding::kind, Finding::severity)
                .containsExactly(Tuple.tuple(FindingKind.STANDALONE, Severity.WARNING));
        var beta = Inspector.inspect("b", Samples.section("standalone", "beta", "cat /proc/drbd", 0).output(), NOW);
        assertThat(beta.get(0).resources().get(0).connections().get(0).connection().value())
                .isEqualTo(CState.CONNECTING);
        assertThat(beta.get(0).findings()).extracting(Finding::kind).containsExactly(FindingKind.NOT_CONNECTED);
    }

    @Test
    void splitBrainIsDangerOnTheNodeThatStaysStandAlone() {
        List<NodeReport> nodes = inspect("split_brain", "drbdadm_dump");
        NodeReport beta = node(nodes, "beta");
        assertThat(beta.findings()).filteredOn(f -> f.kind() == FindingKind.SPLIT_BRAIN).singleElement()
                .satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(Severity.DANGER);
                    assertThat(f.resource()).isEqualTo("r1");
                    assertThat(f.nextStep()).contains("drbdadm connect --discard-my-data r1");
                });
        assertThat(beta.refusals()).extracting(r -> r.code()).containsExactly(162);
        // alpha was reconnected at the end of the capture.
        assertThat(node(nodes, "alpha").findings()).isEmpty();
    }

    @Test
    void crashAndFailoverLeavesTheSurvivorPrimaryAndWaiting() {
        List<NodeReport> nodes = inspect("crash_failover", "drbdadm_dump");
        NodeReport beta = node(nodes, "beta");
        ResourceState r0 = res(beta, "r0");
        assertThat(r0.role().value()).isEqualTo(Role.PRIMARY);
        assertThat(r0.connections().get(0).connection().value()).isEqualTo(CState.CONNECTING);
        assertThat(r0.connections().get(0).peerDevices().get(0).outOfSyncKiB()).isEqualTo(40L);
        assertThat(beta.findings()).extracting(Finding::kind).contains(FindingKind.NOT_CONNECTED);
        assertThat(beta.warnings()).anySatisfy(w -> assertThat(w).contains("outside a '### host$ command' section"));
        assertThat(res(node(nodes, "alpha"), "r0").role().value()).isEqualTo(Role.PRIMARY);
    }

    @Test
    void refusalsCaptureIsTyped() {
        NodeReport alpha = node(inspect("refusals"), "alpha");
        assertThat(alpha.refusals()).extracting(r -> r.code()).containsExactly(-12);
    }

    @Test
    void drbd9FixturesAsSingleInputs() throws ParseException {
        var events = Inspector.inspect("n1", Samples.fixture("events2_drbd9_3nodes.txt"), NOW).get(0);
        assertThat(events.findings()).extracting(Finding::kind)
                .contains(FindingKind.NO_QUORUM, FindingKind.IO_SUSPENDED, FindingKind.RESYNC_RUNNING,
                        FindingKind.TRANSIENT_STATE_STUCK)
                .doesNotContain(FindingKind.SPLIT_BRAIN);
        var json = Inspector.inspect("n1", Samples.fixture("status_drbd9.json"), NOW).get(0);
        assertThat(json.findings()).extracting(Finding::kind).contains(FindingKind.NOT_CONNECTED,
                FindingKind.NO_QUORUM, FindingKind.DISK_DEGRADED);
        var cfg = Inspector.inspect("n1", Samples.fixture("dump_xml_drbd9.xml"), NOW).get(0);
        assertThat(cfg.config().resources()).hasSize(1);
    }
}
