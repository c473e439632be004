// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The packed holder index answers as a map of ordered sets does, through growth, removals, and more than three. */
class HolderIndexTest {

    @Test
    void answersAsAMapOfSetsDoes() {
        HolderIndex index = new HolderIndex();
        Map<String, Set<Integer>> oracle = new HashMap<>();
        Random rnd = new Random(11);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            names.add("r" + i); // colliding hashes too: "Aa" and "BB" below
        }
        names.add("Aa");
        names.add("BB");
        for (int step = 0; step < 200_000; step++) {
            String name = names.get(rnd.nextInt(step < 100_000 ? names.size() : 40));
            int node = rnd.nextInt(step % 3 == 0 ? 6 : HolderIndex.MAX_NODE + 1);
            if (rnd.nextInt(5) < 3) {
                index.add(name, node);
                oracle.computeIfAbsent(name, k -> new LinkedHashSet<>()).add(node);
            } else {
                index.remove(name, node);
                Set<Integer> s = oracle.get(name);
                if (s != null) {
                    s.remove(node);
                    if (s.isEmpty()) {
                        oracle.remove(name);
                    }
                }
            }
            if (step % 997 == 0) {
                for (String n : names) {
                    assertThat(index.get(n)).as("%s at step %d", n, step).containsExactly(
                            oracle.getOrDefault(n, Set.of()).stream().mapToInt(Integer::intValue).toArray());
                }
                assertThat(index.size()).isEqualTo(oracle.size());
            }
        }
        Set<Integer> many = oracle.values().stream().filter(s -> s.size() > 3).findFirst().orElse(null);
        assertThat(many).as("some resource had more than three holders (the spill)").isNotNull();
    }

    @Test
    void emptiesAndRefusesIndicesItCannotHold() {
        HolderIndex index = new HolderIndex();
        index.add("r0", 0);
        index.add("r0", HolderIndex.MAX_NODE);
        assertThat(index.get("r0")).containsExactly(0, HolderIndex.MAX_NODE);
        index.remove("r0", 0);
        index.remove("r0", HolderIndex.MAX_NODE);
        assertThat(index.get("r0")).isEmpty();
        assertThat(index.size()).isZero();
        assertThatThrownBy(() -> index.add("r1", HolderIndex.MAX_NODE + 1)).isInstanceOf(
                IllegalArgumentException.class);
        assertThatThrownBy(() -> index.add("r1", -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
