// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.main;

import static org.assertj.core.api.Assertions.assertThat;

import io.drbdpilot.settings.ClusterSettings;
import io.drbdpilot.settings.NodeSettings;
import io.drbdpilot.settings.SettingsStore;
import io.drbdpilot.settings.WindowGeometry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The window's saves merge with what another DRBD Pilot ({@code import --save}) wrote meanwhile. */
class SettingsMergeTest {

    @TempDir
    Path dir;

    private static ClusterSettings cluster(String name, String target) {
        return new ClusterSettings(name, List.of(new NodeSettings("alpha", target, false)));
    }

    @Test
    void aClusterImportedWhileTheWindowIsOpenSurvivesItsSaves() throws Exception {
        SettingsStore windowStore = new SettingsStore(dir.resolve("settings.json"));
        windowStore.update(s -> s.withClusters(List.of(cluster("old", "root@old"), cluster("gone", "root@gone"))));
        MainViewModel window = new MainViewModel(windowStore, windowStore.load());

        SettingsStore cli = new SettingsStore(dir.resolve("settings.json"));
        cli.update(s -> {
            List<ClusterSettings> c = new ArrayList<>(s.clusters());
            c.add(cluster("lab", "root@lab"));
            return s.withClusters(c);
        });

        // the connection manager (opened before the import) removes "gone" and edits "old": "lab" stays
        window.saveClusters(List.of(cluster("old", "root@old-new")));
        assertThat(cli.load().settings().clusters()).containsExactly(cluster("old", "root@old-new"),
                cluster("lab", "root@lab"));

        window.windowClosed(new WindowGeometry(10, 20, 800, 600, false));
        assertThat(cli.load().settings().clusters()).extracting(ClusterSettings::name).containsExactly("old", "lab");
        assertThat(cli.load().settings().window()).isNotNull();
        assertThat(window.clusters()).as("the window now knows the imported cluster").extracting(
                ClusterSettings::name).containsExactly("old", "lab");
    }

    @Test
    void concurrentUpdatesFromManyStoresLoseNothing() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int n = t;
                fs.add(pool.submit(() -> {
                    SettingsStore s = new SettingsStore(dir.resolve("settings.json"));
                    for (int i = 0; i < 10; i++) {
                        String name = "c" + n + "-" + i;
                        s.update(cur -> {
                            List<ClusterSettings> c = new ArrayList<>(cur.clusters());
                            c.add(cluster(name, "root@" + name));
                            return cur.withClusters(c);
                        });
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(new SettingsStore(dir.resolve("settings.json")).load().settings().clusters()).hasSize(80);
    }
}
