// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every state value DRBD 8.4 and 9 can report has a tooltip text. */
class StateGlossaryTest {

    @Test
    void everyKnownStateIsExplained() {
        List<String> missing = new ArrayList<>();
        Stream.of(Role.values(), DiskState.values(), CState.values(), ReplicationState.values(),
                ConnState84.values()).flatMap(Stream::of).map(v -> ((DrbdName) v).drbdName())
                .filter(n -> !n.equals("?"))
                .filter(n -> StateGlossary.explain(n).isEmpty())
                .forEach(missing::add);
        assertThat(missing).isEmpty();
        assertThat(StateGlossary.explain("Outdated")).hasValueSatisfying(t -> assertThat(t).contains("promoted"));
        assertThat(StateGlossary.explain("NoSuchState")).isEmpty();
    }
}
