// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drbdpilot.cluster.NodeLinks;
import io.drbdpilot.ui.task.UiTasks;
import io.drbdpilot.TestKeys;
import io.drbdpilot.cluster.AlertGate;
import io.drbdpilot.cluster.HistoryEvent;
import io.drbdpilot.cluster.RawReadings;
import io.drbdpilot.settings.ClusterSettings;
import io.drbdpilot.settings.NodeSettings;
import io.drbdpilot.sim.SimCluster;
import io.drbdpilot.sim.SimClusters;
import io.drbdpilot.sim.SimServer;
import io.drbdpilot.ssh.OpenSshConfig;
import io.drbdpilot.ssh.Prompter;
import io.drbdpilot.ssh.SessionFactory;
import io.drbdpilot.ui.connect.ConnectionsViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workspace and connection view-models without the toolkit: UI tasks run in a queue the test drains, as the UI
 * thread would, against simulated nodes over SSH.
 */
class WorkspaceViewModelTest {

    @TempDir
    Path dir;

    private SimCluster sim;
    private SimServer server;
    private SessionFactory sessions;
    private final ConcurrentLinkedQueue<Runnable> uiQueue = new ConcurrentLinkedQueue<>();
    private WorkspaceViewModel ws;

    @BeforeEach
    void setUp() throws Exception {
        Path key = TestKeys.clientKey(dir);
        sim = SimClusters.lab84(false);
        server = new SimServer(sim, Files.createDirectories(dir.resolve("state")), dir.resolve("authorized_keys"), 0)
                .start();
        sessions = new SessionFactory(OpenSshConfig.empty(dir, "root"), server.knownHostsFile(),
                Prompter.NON_INTERACTIVE, List.of(key), null, Duration.ofSeconds(10));
        ws = new WorkspaceViewModel(uiQueue::add, new AlertGate(3, Duration.ofSeconds(30)));
    }

    @AfterEach
    void tearDown() {
        ws.close();
        server.close();
    }

    private void drain() {
        for (Runnable r; (r = uiQueue.poll()) != null; ) {
            r.run();
        }
    }

    private ClusterSettings lab() {
        return new ClusterSettings("lab", List.of(new NodeSettings("alpha", "root@127.0.0.1:" + server.port("alpha"),
                false), new NodeSettings("beta", "root@127.0.0.1:" + server.port("beta"), false)));
    }

    @Test
    void anOpenedClusterConnectsGoesLiveAndFeedsTheTimelineAndTheAlerts() {
        ClusterEntry e = ws.open(lab(), new NodeLinks(sessions), false);
        List<String> seenAtLive = new ArrayList<>();
        e.phaseProperty().addListener((o, was, is) -> {
            if (is == ClusterEntry.Phase.LIVE) {
                // What a wizard opened at this moment sees: the snapshot that made the cluster live.
                e.snapshotProperty().get().nodes().forEach(n -> seenAtLive.add(n.node() + " " + n.ready()
                        + " " + n.resources().size()));
            }
        });
        drain();
        assertThat(e.statusTextProperty().get()).startsWith("connecting");
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            drain();
            return e.phaseProperty().get() == ClusterEntry.Phase.LIVE;
        });
        assertThat(e.progressProperty().get()).isEqualTo(1.0);
        assertThat(e.matrixProperty().get().resources()).containsExactly("r0", "r1");
        assertThat(seenAtLive).containsExactly("alpha true 2", "beta true 2");

        sim.cut("alpha", "beta");
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            drain();
            return !ws.alerts().isEmpty();
        });
        assertThat(ws.alerts().get(0).kind()).isEqualTo(AlertGate.Kind.DEGRADED);
        assertThat(e.timeline()).extracting(HistoryEvent::key).anySatisfy(k -> assertThat(k)
                .startsWith("alpha r0 connection"));
        // The UI got a handful of coalesced updates, not one per event.
        assertThat(e.applied()).isLessThan(50);
    }

    @Test
    void closingAClusterMovesTheSelectionOffIt() {
        ws.open(lab(), new NodeLinks(sessions), false);
        ws.selectionProperty().set(new WorkspaceViewModel.Selection("lab", "alpha", "r0"));
        ws.close("lab");
        assertThat(ws.clusters()).isEmpty();
        assertThat(ws.selectionProperty().get()).isNull();
    }

    @Test
    void theConnectionManagerValidatesBeforeSaving() {
        ConnectionsViewModel cvm = new ConnectionsViewModel(List.of(), new NodeLinks(sessions), new UiTasks(Runnable::run));
        assertThat(cvm.problems()).isEmpty();
        int i = cvm.addCluster();
        assertThat(cvm.clusters().get(i).name()).isEqualTo("cluster-1");
        assertThat(cvm.problems()).containsExactly("Cluster 'cluster-1' has no nodes: add one, or import them from "
                + "a node.");
        cvm.replace(i, new ClusterSettings("cluster-1", List.of(new NodeSettings("a b", "root@x; rm -rf /", false),
                new NodeSettings("ok", "", false))));
        assertThat(cvm.problems()).hasSize(3).anySatisfy(p -> assertThat(p).contains("not a valid node name"))
                .anySatisfy(p -> assertThat(p).contains("shell characters"))
                .anySatisfy(p -> assertThat(p).contains("has no SSH target"));
        cvm.addCluster();
        cvm.replace(1, new ClusterSettings("Cluster-1", List.of(new NodeSettings("n", "root@h", false))));
        assertThat(cvm.problems()).anySatisfy(p -> assertThat(p).contains("Two clusters are called"));
        cvm.close();
    }

    @Test
    void testConnectionAndImportWorkOverSsh() {
        ConnectionsViewModel cvm = new ConnectionsViewModel(List.of(), new NodeLinks(sessions), new UiTasks(Runnable::run));
        List<ConnectionsViewModel.TestResult> results = new ArrayList<>();
        boolean[] done = {false};
        cvm.test(lab(), results::add, () -> done[0] = true);
        await().atMost(Duration.ofSeconds(20)).until(() -> done[0]);
        assertThat(results).hasSize(2).allSatisfy(r -> {
            assertThat(r.ok()).isTrue();
            assertThat(r.message()).contains("DRBD 8.4.11");
        });

        List<Integer> added = new ArrayList<>();
        cvm.importFrom("root@127.0.0.1:" + server.port("alpha"), "imported", added::add, m -> { });
        await().atMost(Duration.ofSeconds(20)).until(() -> !added.isEmpty());
        assertThat(cvm.clusters().get(added.get(0)).nodes()).extracting(NodeSettings::name)
                .containsExactly("alpha", "beta");

        List<String> failed = new ArrayList<>();
        cvm.importFrom("root@127.0.0.1:1", "nothing", i -> { }, failed::add);
        await().atMost(Duration.ofSeconds(20)).until(() -> !failed.isEmpty());
        assertThat(failed.get(0)).startsWith("Import from root@127.0.0.1:1 failed: ");
        cvm.close();
    }

    @Test
    void rawOutputKeepsOnlyTheSelectedResource() {
        String proc = "version: 8.4.11 (api:1/proto:86-101)\n 0: cs:Connected ro:Primary/Secondary ds:UpToDate/UpToDate C r-----\n"
                + "    ns:1 nr:0 dw:1 dr:2 al:0 bm:0 lo:0 pe:0 ua:0 ap:0 ep:1 wo:f oos:0\n 1: cs:Connected ro:Secondary/Secondary ds:UpToDate/UpToDate C r-----\n"
                + "    ns:0 nr:0 dw:0 dr:0 al:0 bm:0 lo:0 pe:0 ua:0 ap:0 ep:1 wo:f oos:0\n";
        assertThat(RawReadings.procLines(proc, 1)).startsWith(" 1: cs:Connected ro:Secondary").contains("oos:0")
                .doesNotContain("ro:Primary");
        assertThat(RawReadings.procLines(proc, 7)).contains("no line");
        String ev = "exists resource name:r0 role:Primary\nexists resource name:r00 role:Secondary\n";
        assertThat(RawReadings.events2Lines(ev, "r0")).isEqualTo("exists resource name:r0 role:Primary\n");
    }
}
