// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fold's field maps: a Map like LinkedHashMap, whose key layout objects alike share. */
class FieldsTest {

    @Test
    void behavesLikeALinkedHashMapUnderRandomEdits() {
        Random rnd = new Random(7);
        List<String> keys = List.of("name", "volume", "minor", "disk", "size", "read", "written", "x-new", "blocked");
        for (int round = 0; round < 200; round++) {
            Fields f = new Fields();
            Map<String, String> expected = new LinkedHashMap<>();
            for (int op = 0; op < 60; op++) {
                String k = keys.get(rnd.nextInt(keys.size()));
                switch (rnd.nextInt(6)) {
                    case 0 -> assertThat(f.remove(k)).isEqualTo(expected.remove(k));
                    case 1 -> {
                        Iterator<String> it = f.keySet().iterator();
                        Iterator<String> ex = expected.keySet().iterator();
                        while (it.hasNext()) {
                            String a = it.next();
                            assertThat(a).isEqualTo(ex.next());
                            if (a.equals(k)) {
                                it.remove();
                                ex.remove();
                            }
                        }
                    }
                    default -> {
                        String v = rnd.nextBoolean() ? null : "v" + rnd.nextInt(5);
                        assertThat(f.put(k, v)).isEqualTo(expected.put(k, v));
                    }
                }
                assertThat(f).isEqualTo(expected);
                assertThat(expected).isEqualTo(f);
                assertThat(f.hashCode()).isEqualTo(expected.hashCode());
                assertThat(new ArrayList<>(f.keySet())).containsExactlyElementsOf(expected.keySet());
                assertThat(new ArrayList<>(f.values())).containsExactlyElementsOf(expected.values());
                assertThat(f.toString()).isEqualTo(expected.toString());
                assertThat(f.containsKey(k)).isEqualTo(expected.containsKey(k));
                if (rnd.nextInt(10) == 0) {
                    f.trim();
                }
            }
        }
    }

    @Test
    void objectsWithTheSameKeysInTheSameOrderShareOneLayout() {
        Fields a = new Fields();
        Fields b = new Fields();
        for (String k : List.of("name", "volume", "minor", "disk")) {
            a.put(k, "a-" + k);
            b.put(new String(k), "b-" + k); // equal keys, other instances: the same layout all the same
        }
        assertThat(a.sameShape(b)).isTrue();
        b.remove("minor");
        assertThat(a.sameShape(b)).isFalse();
        a.remove("minor");
        assertThat(a.sameShape(b)).isTrue();
        assertThat(b).containsExactly(Map.entry("name", "b-name"), Map.entry("volume", "b-volume"),
                Map.entry("disk", "b-disk"));
        Fields c = new Fields();
        c.put("volume", "0");
        c.put("name", "r0");
        assertThat(c.sameShape(new Fields())).isFalse();
        assertThat(c.get("disk")).isNull();
    }

    @Test
    void aFoldHoldsEachPeerNameAndResourceNameOnce() throws ParseException {
        Events2State s = new Events2State();
        String[] lines = {
            "exists resource name:r0 role:Secondary",
            "exists connection name:r0 peer-node-id:1 conn-name:beta connection:Connected role:Secondary",
            "exists device name:r0 volume:0 minor:0 disk:UpToDate",
            "exists peer-device name:r0 peer-node-id:1 conn-name:beta volume:0 replication:Established",
            "exists path name:r0 peer-node-id:1 conn-name:beta local:ipv4:10.0.0.1:7000 peer:ipv4:10.0.0.2:7000",
            "exists resource name:r1 role:Secondary",
            "exists connection name:r1 peer-node-id:1 conn-name:beta connection:Connected role:Secondary",
            "exists -"};
        int n = 0;
        for (String l : lines) {
            s.apply(Events2Parser.parseLine(l, ++n));
        }
        var r0 = s.resources().get(0);
        var r1 = s.resources().get(1);
        assertThat(r0.connections().get(0).name()).isSameAs(r1.connections().get(0).name()).isEqualTo("beta");
        assertThat(r0.name()).isEqualTo("r0");
    }
}
