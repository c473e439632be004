// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** 8.4's words where the node is 8.4, DRBD 9's elsewhere, and the peer by its host name. */
class StateWordsTest {

    private static ConnectionState conn(String name, String cstate, Map<String, String> extra) {
        return new ConnectionState(0, name, Reported.parse(CState.class, cstate), Reported.parse(Role.class,
                "Secondary"), false, List.of(), List.of(), extra);
    }

    @Test
    void an84NodeSpeaksItsOwnWords() {
        KernelVersion k84 = new KernelVersion("8.4.11", null, null, null, null, null, false);
        KernelVersion k9 = new KernelVersion("9.2.18", null, null, null, null, null, false);
        assertThat(StateWords.speaks84(k84)).isTrue();
        assertThat(StateWords.speaks84(k9)).isFalse();
        assertThat(StateWords.speaks84(null)).as("unknown: DRBD 9's words").isFalse();

        ConnectionState waiting = conn("peer", "Connecting", Map.of());
        assertThat(StateWords.connection(waiting, true)).isEqualTo("WFConnection");
        assertThat(StateWords.connection(waiting, false)).isEqualTo("Connecting");
        assertThat(StateWords.connection(conn("peer", "Connected", Map.of("cs", "SyncSource")), true))
                .as("/proc/drbd's cs, where it was read").isEqualTo("SyncSource");
        assertThat(StateWords.connection(conn("beta", "StandAlone", Map.of()), true)).isEqualTo("StandAlone");
    }

    @Test
    void thePeerIsNamedByTheConfiguration() {
        assertThat(StateWords.peerName(conn("peer", "Connected", Map.of()), "alpha", List.of("alpha", "beta")))
                .isEqualTo("beta");
        assertThat(StateWords.peerName(conn("gamma", "Connected", Map.of()), "alpha", List.of("alpha", "beta")))
                .as("DRBD 9 names it itself").isEqualTo("gamma");
        assertThat(StateWords.peerName(conn("peer", "Connected", Map.of()), "alpha", List.of()))
                .as("no configuration: what the node said").isEqualTo("peer");
    }
}
