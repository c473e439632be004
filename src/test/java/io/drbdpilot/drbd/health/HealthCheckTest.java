// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.drbdpilot.drbd.Samples;
import io.drbdpilot.drbd.model.HelperEvent;
import io.drbdpilot.drbd.model.ResourceState;
import io.drbdpilot.drbd.parse.DumpXmlParser;
import io.drbdpilot.drbd.parse.Events2State;
import io.drbdpilot.drbd.parse.Events2Stream;
import io.drbdpilot.drbd.parse.ParseException;
import io.drbdpilot.drbd.parse.StatusJsonParser;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HealthCheckTest {

    private static List<ResourceState> events2(String text) throws ParseException {
        return Events2Stream.parse(text).value().resources();
    }

    private static final String CONNECTED = """
            exists resource name:r0 role:Primary suspended:no
            exists connection name:r0 peer-node-id:1 conn-name:b connection:Connected role:Secondary
            exists device name:r0 volume:0 minor:0 disk:UpToDate
            exists peer-device name:r0 peer-node-id:1 conn-name:b volume:0 replication:Established peer-disk:UpToDate
            exists -
            """;

    @Test
    void aHealthyResourceHasNoFindings() throws ParseException {
        assertThat(HealthCheck.evaluate(HealthInput.of(events2(CONNECTED), Instant.EPOCH), HealthPolicy.defaults()))
                .isEmpty();
    }

    @Test
    void standAloneIsSplitBrainOnlyWithEvidence() throws ParseException {
        List<ResourceState> sa = events2(CONNECTED.replace("connection:Connected", "connection:StandAlone"));
        List<Finding> plain = HealthCheck.evaluate(HealthInput.of(sa, Instant.EPOCH), HealthPolicy.defaults());
        assertThat(plain).extracting(Finding::kind).containsExactly(FindingKind.STANDALONE);

        HealthInput withHelper = new HealthInput(sa,
                List.of(new HelperEvent(null, "r0", 0, "b", "split-brain", null, false)), Set.of(), null, Map.of(),
                Map.of(), Instant.EPOCH);
        List<Finding> sb = HealthCheck.evaluate(withHelper, HealthPolicy.defaults());
        assertThat(sb).extracting(Finding::kind).containsExactly(FindingKind.SPLIT_BRAIN);
        assertThat(sb.get(0).severity()).isEqualTo(Severity.DANGER);
        assertThat(HealthCheck.worst(sb)).contains(Severity.DANGER);
    }

    @Test
    void transientStateIsStuckOnlyAfterTheThreshold() throws ParseException {
        Events2State st = Events2Stream.parse(CONNECTED.replace("exists -", "exists -\n")
                + "2026-01-01T10:00:00.000000+00:00 change peer-device name:r0 peer-node-id:1 conn-name:b volume:0 "
                + "replication:WFBitMapS\n").value();
        Map<String, OffsetDateTime> since = st.replicationSince();
        Instant t0 = Instant.parse("2026-01-01T10:00:00Z");
        HealthInput early = new HealthInput(st.resources(), List.of(), Set.of(), null, since, Map.of(),
                t0.plusSeconds(29));
        HealthInput late = new HealthInput(st.resources(), List.of(), Set.of(), null, since, Map.of(),
                t0.plusSeconds(31));
        assertThat(HealthCheck.evaluate(early, HealthPolicy.defaults())).extracting(Finding::kind)
                .doesNotContain(FindingKind.TRANSIENT_STATE_STUCK);
        assertThat(HealthCheck.evaluate(late, HealthPolicy.defaults())).extracting(Finding::kind)
                .contains(FindingKind.TRANSIENT_STATE_STUCK);
    }

    @Test
    void resyncWithoutProgressIsReportedAfterTheThreshold() throws ParseException {
        List<ResourceState> res = events2(CONNECTED.replace("replication:Established peer-disk:UpToDate",
                "replication:SyncSource peer-disk:Inconsistent done:97.9"));
        String key = Events2State.peerDeviceKey("r0", 1, 0);
        Instant since = Instant.parse("2026-01-01T10:00:00Z");
        HealthInput in = new HealthInput(res, List.of(), Set.of(), null, Map.of(), Map.of(key, since),
                since.plusSeconds(6 * 60));
        List<Finding> f = HealthCheck.evaluate(in, HealthPolicy.defaults());
        assertThat(f).extracting(Finding::kind).contains(FindingKind.RESYNC_NO_PROGRESS, FindingKind.RESYNC_RUNNING,
                FindingKind.PEER_DISK_DEGRADED);
        HealthInput fresh = new HealthInput(res, List.of(), Set.of(), null, Map.of(), Map.of(key, since),
                since.plusSeconds(60));
        assertThat(HealthCheck.evaluate(fresh, HealthPolicy.defaults())).extracting(Finding::kind)
                .doesNotContain(FindingKind.RESYNC_NO_PROGRESS);
    }

    @Test
    void dualPrimaryAndDiscardingPoliciesFromTheConfiguration() throws ParseException {
        var cfg = DumpXmlParser.parse(Samples.fixture("dump_xml_drbd9.xml")).value();
        List<ResourceState> res = events2(CONNECTED.replace("name:r0", "name:vm1"));
        HealthInput in = new HealthInput(res, List.of(), Set.of(), cfg, Map.of(), Map.of(), Instant.EPOCH);
        List<Finding> f = HealthCheck.evaluate(in, HealthPolicy.defaults());
        assertThat(f).extracting(Finding::kind).contains(FindingKind.DUAL_PRIMARY,
                FindingKind.DISCARDING_SPLIT_BRAIN_POLICY);

        List<ResourceState> both = events2(CONNECTED.replace("role:Secondary", "role:Primary"));
        assertThat(HealthCheck.evaluate(HealthInput.of(both, Instant.EPOCH), HealthPolicy.defaults()))
                .extracting(Finding::kind).containsExactly(FindingKind.DUAL_PRIMARY);
    }

    @Test
    void outOfSyncWhileEstablishedAndUnknownStates() throws ParseException {
        List<ResourceState> oos = events2(CONNECTED.replace("peer-disk:UpToDate", "peer-disk:UpToDate out-of-sync:4096"));
        assertThat(HealthCheck.evaluate(HealthInput.of(oos, Instant.EPOCH), HealthPolicy.defaults()))
                .extracting(Finding::kind).containsExactly(FindingKind.OUT_OF_SYNC);
        // marked blocks are a finding only while both disks say UpToDate: not on this node's Outdated disk
        List<ResourceState> outdated = events2(CONNECTED.replace("peer-disk:UpToDate", "peer-disk:UpToDate "
                + "out-of-sync:4096").replace("disk:UpToDate\n", "disk:Outdated\n"));
        assertThat(HealthCheck.evaluate(HealthInput.of(outdated, Instant.EPOCH), HealthPolicy.defaults()))
                .extracting(Finding::kind).doesNotContain(FindingKind.OUT_OF_SYNC);
        List<ResourceState> peerOutdated = events2(CONNECTED.replace("peer-disk:UpToDate", "peer-disk:Outdated "
                + "out-of-sync:4096"));
        assertThat(HealthCheck.evaluate(HealthInput.of(peerOutdated, Instant.EPOCH), HealthPolicy.defaults()))
                .extracting(Finding::kind).doesNotContain(FindingKind.OUT_OF_SYNC).contains(
                        FindingKind.PEER_DISK_DEGRADED);
        List<ResourceState> odd = events2(CONNECTED.replace("disk:UpToDate\n", "disk:Shimmering\n"));
        assertThat(HealthCheck.evaluate(HealthInput.of(odd, Instant.EPOCH), HealthPolicy.defaults()))
                .extracting(Finding::kind).containsExactly(FindingKind.UNRECOGNIZED_STATE);
    }

    @Test
    void diskless9ClientIsNotDegradedButQuorumLossIs() throws ParseException {
        List<ResourceState> res = StatusJsonParser.parse(Samples.fixture("status_drbd9.json")).value();
        List<Finding> f = HealthCheck.evaluate(HealthInput.of(res, Instant.EPOCH), HealthPolicy.defaults());
        assertThat(f).filteredOn(x -> x.kind() == FindingKind.NO_QUORUM).singleElement()
                .extracting(Finding::resource).isEqualTo("db");
        assertThat(f.get(0).severity()).isEqualTo(Severity.DANGER); // sorted worst first
    }
}
