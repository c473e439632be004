// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.drbdpilot.drbd.model.Reported;
import io.drbdpilot.drbd.model.ResourceState;
import io.drbdpilot.drbd.model.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The index of a node's names finds what a look at each name finds, in the node's order, case ignored. */
class ResourceNamesTest {

    private static ResourceState named(String name) {
        return new ResourceState(name, Reported.of(Role.SECONDARY), List.of(), null, null, null, null, List.of(),
                List.of(), Map.of());
    }

    /** What the navigator found before the index: the name holds the text, case ignored. */
    private static List<ResourceState> byLooking(List<ResourceState> all, String text) {
        List<ResourceState> out = new ArrayList<>();
        for (ResourceState r : all) {
            String n = r.name();
            for (int i = 0; i + text.length() <= n.length(); i++) {
                if (n.regionMatches(true, i, text, 0, text.length())) {
                    out.add(r);
                    break;
                }
            }
        }
        return out;
    }

    @Test
    void findsWhatALookAtEachNameFinds() {
        SplittableRandom rnd = new SplittableRandom(25);
        String alphabet = "rRdDbB01-_.9";
        for (int round = 0; round < 300; round++) {
            List<ResourceState> all = new ArrayList<>();
            for (int i = 0, n = rnd.nextInt(0, 60); i < n; i++) {
                StringBuilder b = new StringBuilder();
                for (int k = 0, len = rnd.nextInt(1, 8); k < len; k++) {
                    b.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
                }
                all.add(named(b.toString()));
            }
            ResourceNames index = ResourceNames.of(all);
            for (int q = 0; q < 10; q++) {
                StringBuilder t = new StringBuilder();
                for (int k = 0, len = rnd.nextInt(1, 4); k < len; k++) {
                    t.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
                }
                String text = t.toString();
                assertThat(index.holding(text)).as("'%s' in %s", text, all).isEqualTo(byLooking(all, text));
            }
        }
        List<ResourceState> some = List.of(named("r1"), named("db1"), named("R12"), named("web"));
        assertThat(ResourceNames.of(some).holding("R1")).extracting(ResourceState::name).containsExactly("r1", "R12");
        assertThat(ResourceNames.of(some).holding("b1")).extracting(ResourceState::name).containsExactly("db1");
        assertThat(ResourceNames.of(some).holding("1\nd")).isNull(); // a text with a line end: looked at name by name
        assertThat(ResourceNames.of(some).holding("")).isNull();
        assertThat(ResourceNames.of(List.of(named("café"))).holding("caf")).isNull(); // not ASCII: name by name
        assertThat(ResourceNames.of(some).holding("é")).isNull();
    }
}
