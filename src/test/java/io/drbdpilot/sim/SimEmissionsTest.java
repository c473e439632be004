// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** {@link SimCluster#onEmitted}: a bench learns when a node's events2 stream reported a change, not before. */
class SimEmissionsTest {

    @Test
    void theWatcherHearsEachBurstAfterTheStreamWroteItWithItsNode() {
        SimCluster c = SimClusters.generated(SimVersion.V9, 2, 2);
        SimResourceSpec r = c.resources().get(0);
        String node = r.nodes().get(0);
        List<String> written = new CopyOnWriteArrayList<>();
        List<String> heard = new CopyOnWriteArrayList<>();
        try (SimEvents2 stream = new SimEvents2(c, node, false, false, written::add, () -> { })) {
            stream.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> written.contains("exists -"));
            c.onEmitted((n, lines) -> {
                assertThat(written).containsAll(lines); // heard only once the stream has written them
                lines.forEach(l -> heard.add(n + " " + l));
            });
            assertThat(c.promote(node, r.name(), false)).isNull();
            await().atMost(Duration.ofSeconds(10)).until(() -> heard.stream().anyMatch(l -> l.startsWith(node
                    + " change resource name:" + r.name() + " role:Primary")));
            assertThat(heard).allMatch(l -> l.startsWith(node + " ")); // the initial dump was not heard
            c.onEmitted(null);
            heard.clear();
            assertThat(c.demote(node, r.name())).isNull();
            await().atMost(Duration.ofSeconds(10)).until(() -> written.stream().anyMatch(l -> l.startsWith(
                    "change resource name:" + r.name() + " role:Secondary")));
            assertThat(heard).isEmpty();
        }
    }
}
