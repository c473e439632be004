// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.corpus;

import static io.drbdpilot.drbd.health.FindingKind.DISK_DEGRADED;
import static io.drbdpilot.drbd.health.FindingKind.DUAL_PRIMARY;
import static io.drbdpilot.drbd.health.FindingKind.HELPER_FAILED;
import static io.drbdpilot.drbd.health.FindingKind.NOT_CONNECTED;
import static io.drbdpilot.drbd.health.FindingKind.NO_QUORUM;
import static io.drbdpilot.drbd.health.FindingKind.OUT_OF_SYNC;
import static io.drbdpilot.drbd.health.FindingKind.PEER_DISK_DEGRADED;
import static io.drbdpilot.drbd.health.FindingKind.RESYNC_RUNNING;
import static io.drbdpilot.drbd.health.FindingKind.RESYNC_STALLED;
import static io.drbdpilot.drbd.health.FindingKind.SPLIT_BRAIN;
import static io.drbdpilot.drbd.health.FindingKind.STANDALONE;
import static io.drbdpilot.drbd.health.FindingKind.UNRECOGNIZED_STATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.drbdpilot.drbd.health.Finding;
import io.drbdpilot.drbd.health.FindingKind;
import io.drbdpilot.drbd.inspect.Inspector;
import io.drbdpilot.drbd.inspect.NodeReport;
import io.drbdpilot.drbd.parse.ParseException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The 32 outputs other projects published ({@code ../shared/corpus/external}, read in place, never copied), each
 * read as its EXPECTED.md says a careful admin reads it: what must be found, what must not, or healthy. Runs when the
 * folder is there; prints the score.
 */
class ExternalCorpusTest {

    static final Path CORPUS = Path.of("..", "shared", "corpus", "external");

    /** must: every kind here is found; never: none of these is; healthy: no finding at all. */
    private record Expect(Set<FindingKind> must, Set<FindingKind> never, boolean healthy) {
        static Expect clean() {
            return new Expect(Set.of(), Set.of(), true);
        }

        static Expect of(Set<FindingKind> must, Set<FindingKind> never) {
            return new Expect(must, never, false);
        }
    }

    private static final Set<FindingKind> NONE = Set.of();
    private static final Map<String, Expect> EXPECTED = new LinkedHashMap<>();

    static {
        EXPECTED.put("node_exporter-proc_drbd_dual_primary_843.txt", Expect.of(Set.of(DUAL_PRIMARY, OUT_OF_SYNC), NONE));
        EXPECTED.put("majorio-proc_drbd_synctarget_queue_delay_838.txt", Expect.of(Set.of(RESYNC_RUNNING,
                DISK_DEGRADED), Set.of(RESYNC_STALLED)));
        EXPECTED.put("checkmk-proc_drbd_syncsource_delay_probe_838.txt", Expect.of(Set.of(RESYNC_RUNNING,
                PEER_DISK_DEGRADED), Set.of(RESYNC_STALLED)));
        EXPECTED.put("checkmk-proc_drbd_sync_stalled_838.txt", Expect.of(Set.of(RESYNC_STALLED, PEER_DISK_DEGRADED),
                NONE));
        EXPECTED.put("ghichep-proc_drbd_splitbrain_node1_secondary_840.txt", Expect.of(Set.of(STANDALONE), NONE));
        EXPECTED.put("ghichep-proc_drbd_splitbrain_node2_primary_840.txt", Expect.of(Set.of(STANDALONE), NONE));
        EXPECTED.put("linbit_ug84-proc_drbd_three_devices_840.txt", Expect.clean());
        EXPECTED.put("linbit_ug84-proc_drbd_initial_inconsistent_841.txt", Expect.of(Set.of(DISK_DEGRADED),
                Set.of(SPLIT_BRAIN, STANDALONE, NOT_CONNECTED, OUT_OF_SYNC)));
        EXPECTED.put("linbit_ug9-proc_drbd_duplicate_githash_849.txt", Expect.clean());
        EXPECTED.put("lkml-proc_drbd_stalled_paused_wfreportparams_0719.txt", Expect.of(Set.of(RESYNC_STALLED,
                RESYNC_RUNNING, NOT_CONNECTED), Set.of(DISK_DEGRADED, PEER_DISK_DEGRADED)));
        EXPECTED.put("netkiller-proc_drbd_standalone_and_diskless_8011.txt", Expect.of(Set.of(STANDALONE,
                DISK_DEGRADED), NONE));
        EXPECTED.put("drbd_utils-events2_sync_9.txt", Expect.of(Set.of(RESYNC_RUNNING), Set.of(UNRECOGNIZED_STATE)));
        EXPECTED.put("drbd_utils-events2_sync_statistics_9.txt", Expect.of(Set.of(RESYNC_RUNNING),
                Set.of(UNRECOGNIZED_STATE)));
        EXPECTED.put("drbd_utils-events2_peer_becomes_primary_9.txt", Expect.of(NONE, Set.of(DUAL_PRIMARY,
                UNRECOGNIZED_STATE, NOT_CONNECTED)));
        EXPECTED.put("drbd_utils-events2_helper_call_response_9.txt", Expect.of(Set.of(DISK_DEGRADED, STANDALONE,
                HELPER_FAILED), NONE));
        EXPECTED.put("drbd_utils-events2_create_destroy_9.txt", Expect.clean());
        EXPECTED.put("drbd_utils-events2_diff_9.txt", Expect.clean());
        EXPECTED.put("drbdtop-events2_timestamps_linstor_pvc_9.txt", Expect.clean());
        EXPECTED.put("centreon-events2_now_statistics_three_nodes_9.txt", Expect.clean());
        EXPECTED.put("lcmc-events2_bringup_both_inconsistent_9.txt", Expect.of(Set.of(DISK_DEGRADED),
                Set.of(NOT_CONNECTED, STANDALONE, OUT_OF_SYNC)));
        EXPECTED.put("salt-drbdadm_status_syncsource_9.txt", Expect.of(Set.of(RESYNC_RUNNING), NONE));
        EXPECTED.put("salt-drbdadm_status_two_resources_two_volumes_three_nodes_9.txt", Expect.clean());
        EXPECTED.put("zwindler-drbdsetup_status_verbose_statistics_synctarget_9.txt", Expect.of(Set.of(
                RESYNC_RUNNING), Set.of(UNRECOGNIZED_STATE)));
        EXPECTED.put("drbd_utils_man84-drbdsetup_status_verbose_statistics_84.txt", Expect.clean());
        EXPECTED.put("linbit_ug84-drbdsetup_status_verbose_statistics_84.txt", Expect.clean());
        EXPECTED.put("drbd_utils_man9-drbdsetup_status_verbose_early9.txt", Expect.of(Set.of(NOT_CONNECTED),
                Set.of(UNRECOGNIZED_STATE)));
        EXPECTED.put("linbit_ug9-drbdadm_status_three_peers_one_connecting_9.txt", Expect.of(Set.of(NOT_CONNECTED),
                Set.of(UNRECOGNIZED_STATE, PEER_DISK_DEGRADED)));
        EXPECTED.put("linbit_ug9-drbdsetup_status_verbose_statistics_wrapped_9.txt", Expect.of(Set.of(NOT_CONNECTED),
                Set.of(UNRECOGNIZED_STATE, PEER_DISK_DEGRADED)));
        EXPECTED.put("ha_cluster_exporter-status_json_sle15sp1_five_resources_9.txt", Expect.clean());
        EXPECTED.put("ha_cluster_exporter-status_json_quorum_lost_9.txt", Expect.of(Set.of(NO_QUORUM), NONE));
        EXPECTED.put("linbit_ug9-drbdadm_version_9111_utils9220.txt", Expect.clean());
        EXPECTED.put("linstor_server-drbdadm_version_8411_utils970.txt", Expect.clean());
    }

    @Test
    void everyFileIsReadAsACarefulAdminReadsIt() throws Exception {
        assumeThat(Files.isDirectory(CORPUS)).as("../shared/corpus/external present").isTrue();
        List<String> files;
        try (Stream<Path> s = Files.list(CORPUS)) {
            files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".txt")).sorted().toList();
        }
        assertThat(files).as("the table covers every file").containsExactlyInAnyOrderElementsOf(EXPECTED.keySet());
        List<String> wrong = new ArrayList<>();
        for (String f : files) {
            Expect e = EXPECTED.get(f);
            Set<FindingKind> found = EnumSet.noneOf(FindingKind.class);
            try {
                for (NodeReport r : Inspector.inspect(f, Files.readString(CORPUS.resolve(f)), Instant.EPOCH)) {
                    r.findings().stream().map(Finding::kind).forEach(found::add);
                }
            } catch (ParseException x) {
                wrong.add(f + ": unreadable (" + x.getMessage() + ")");
                continue;
            }
            if (e.healthy() && !found.isEmpty()) {
                wrong.add(f + ": healthy, but found " + found);
            } else if (!found.containsAll(e.must())) {
                wrong.add(f + ": must find " + e.must() + ", found " + found);
            } else if (found.stream().anyMatch(e.never()::contains)) {
                wrong.add(f + ": must not find any of " + e.never() + ", found " + found);
            }
        }
        System.out.println("External corpus: " + (files.size() - wrong.size()) + " of " + files.size()
                + " read right" + (wrong.isEmpty() ? "" : "; not yet: " + wrong));
        assertThat(wrong).isEmpty();
    }
}
