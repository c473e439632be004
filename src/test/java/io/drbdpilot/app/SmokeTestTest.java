// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.drbdpilot.cli.InspectCommand;
import io.drbdpilot.sim.DemoCluster;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The smoke test's command-line half: {@code status} of the running demo, over SSH, as the installed package runs it. */
class SmokeTestTest {

    @TempDir
    Path dir;

    @Test
    void theCommandLinesStatusReadsTheDemoAndFindsWhatItShows() throws Exception {
        try (DemoCluster demo = DemoCluster.start(dir.resolve("demo"))) {
            // the demo starts with findings to show (a cut link and a resync): 1, not 0; 2 would be a node unread
            assertThat(SmokeTest.status(demo)).isEqualTo(InspectCommand.FINDINGS);
        }
        try (DemoCluster demo = DemoCluster.start(dir.resolve("demo"))) {
            demo.cluster().crash("node-b");
            assertThat(SmokeTest.status(demo)).isEqualTo(InspectCommand.UNREADABLE);
        }
    }
}
