// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import io.drbdpilot.drbd.model.ConnectionState;
import io.drbdpilot.drbd.model.DiskState;
import io.drbdpilot.drbd.model.ReplicationState;
import io.drbdpilot.drbd.model.ResourceState;
import io.drbdpilot.drbd.model.Role;
import io.drbdpilot.drbd.parse.ParseException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden readings of the real DRBD 9.2.18 kernel's captures (samples/lab9, copied from ../shared/lab/samples9): every
 * file is read, its sections that are no state output are skipped with a warning, and the states are the ones the
 * captures show.
 */
class Drbd9CapturesTest {

    private static final List<String> FILES = List.of("proc_drbd", "drbdadm_status", "drbdsetup_status",
            "drbdsetup_events2", "drbdadm_dump", "refusals", "quorum", "resync", "switchover_events2");

    private static String read(String name) throws IOException {
        try (InputStream in = Drbd9CapturesTest.class.getResourceAsStream("/samples/lab9/" + name + ".txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<NodeReport> inspect(String name) throws Exception {
        return Inspector.inspect(name, read(name), Instant.EPOCH);
    }

    private static NodeReport node(List<NodeReport> all, String node) {
        return all.stream().filter(r -> r.node().equals(node)).findFirst().orElseThrow();
    }

    private static ResourceState res(NodeReport r, String res) {
        return r.resources().stream().filter(x -> x.name().equals(res)).findFirst().orElseThrow();
    }

    @Test
    void everyCaptureIsReadAndHealthyAtItsEnd() throws Exception {
        for (String f : FILES) {
            List<NodeReport> reports;
            try {
                reports = inspect(f);
            } catch (ParseException e) {
                throw new AssertionError(f + ": " + e.getMessage(), e);
            }
            assertThat(reports).as(f).isNotEmpty();
            assertThat(reports).as(f + ": findings at the end").allSatisfy(r -> assertThat(r.findings()).isEmpty());
        }
    }

    @Test
    void threeNodesWithTheirPeersAndRoles() throws Exception {
        List<NodeReport> all = inspect("drbdsetup_status");
        ResourceState r0 = res(node(all, "alpha"), "r0");
        assertThat(r0.role().value()).isEqualTo(Role.PRIMARY);
        assertThat(r0.connections()).extracting(ConnectionState::name).containsExactlyInAnyOrder("beta", "gamma");
        assertThat(r0.connections()).allSatisfy(c -> {
            assertThat(c.peerNodeId()).isNotNull();
            assertThat(c.peerDevices()).allSatisfy(p -> {
                assertThat(p.replication().value()).isEqualTo(ReplicationState.ESTABLISHED);
                assertThat(p.peerDisk().value()).isEqualTo(DiskState.UP_TO_DATE);
            });
        });
        assertThat(res(node(all, "gamma"), "r2").connections()).singleElement()
                .satisfies(c -> assertThat(c.peerRole().value()).isEqualTo(Role.PRIMARY));
    }

    @Test
    void sectionsThatAreNoStateOutputAreSkippedWithAWarning() throws Exception {
        NodeReport alpha = node(inspect("drbdadm_status"), "alpha");
        assertThat(alpha.warnings()).anySatisfy(w -> assertThat(w).contains("skipped")
                .contains("unrecognized option '--statistics'"));
        assertThat(res(alpha, "r1").role().value()).isEqualTo(Role.SECONDARY);
        List<NodeReport> refusals = inspect("refusals");
        assertThat(node(refusals, "gamma").warnings()).anySatisfy(w -> assertThat(w).contains("not defined"));
        assertThat(refusals.stream().flatMap(r -> r.refusals().stream()).map(x -> x.code()))
                .contains(-1, -12);
        assertThat(inspect("quorum").stream().flatMap(r -> r.refusals().stream()).map(x -> x.code())).contains(-25);
    }

    @Test
    void afterTheResyncNoProgressIsShownForEstablishedPeers() throws Exception {
        ResourceState r0 = res(node(inspect("resync"), "beta"), "r0");
        assertThat(r0.devices()).allSatisfy(d -> assertThat(d.disk().value()).isEqualTo(DiskState.UP_TO_DATE));
        assertThat(r0.connections()).flatExtracting(ConnectionState::peerDevices).allSatisfy(p -> {
            assertThat(p.replication().value()).isEqualTo(ReplicationState.ESTABLISHED);
            assertThat(p.resync()).as("the last done:/eta: of an ended resync").isNull();
        });
    }
}
