// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.diagram;

import static org.assertj.core.api.Assertions.assertThat;

import io.drbdpilot.cluster.ResourceTopology.Box;
import io.drbdpilot.cluster.ResourceTopology.Link;
import io.drbdpilot.cluster.ResourceTopology.LinkState;
import io.drbdpilot.drbd.model.ResyncProgress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a screen reader says of the diagram: every state in words, never by colour alone. */
class SpokenDiagramTest {

    @Test
    void aResyncingNodeAndItsLinkAreSaidInWords() {
        Box c = new Box("node-c", "Secondary", "Inconsistent", "/dev/drbd1001", null, false, false, false);
        Box a = new Box("node-a", "Primary", "UpToDate", "/dev/drbd1001", null, false, true, true);
        ResyncProgress p = ResyncProgress.ofPercent(50.0);
        Link ac = new Link("node-a", "node-c", LinkState.CONNECTED, "Connected", "Connected", "node-a", p,
                "SyncSource", null);
        assertThat(ResourceDiagram.spoken(c, List.of(ac)))
                .isEqualTo("node-c, Secondary, disk Inconsistent, resync 50.0 percent from node-a");
        assertThat(ResourceDiagram.spoken(a, List.of(ac))).as("the source is not the one resyncing")
                .isEqualTo("node-a, Primary, disk UpToDate");
        assertThat(ResourceDiagram.spoken(ac))
                .isEqualTo("link node-a to node-c: Connected; resync from node-a to node-c, 50.0 percent");
        Link cut = new Link("node-a", "node-b", LinkState.CONNECTING, "WFConnection", "StandAlone", null, null,
                null, null);
        assertThat(ResourceDiagram.spoken(cut))
                .isEqualTo("link node-a to node-b: node-a says WFConnection, node-b says StandAlone");
        Box stale = new Box("node-b", "Secondary", "UpToDate", "", null, true, false, true);
        assertThat(ResourceDiagram.spoken(stale, List.of())).contains("cannot be read");
    }
}
