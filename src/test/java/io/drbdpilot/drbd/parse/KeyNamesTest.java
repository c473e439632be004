// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.parse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Every known events2 key comes back as its one instance; anything else as an equal, new string. */
class KeyNamesTest {

    @Test
    void knownKeysAreSharedAndOthersCopied() {
        String[] known = {"name", "role", "peer-node-id", "out-of-sync", "replication", "peer-disk", "rs-in-flight",
            "may_promote", "backing_dev", "done", "eta"};
        for (String k : known) {
            String line = "x " + k + ":value";
            String a = KeyNames.intern(line, 2, 2 + k.length());
            String b = KeyNames.intern(new String(line.toCharArray()), 2, 2 + k.length());
            assertThat(a).isEqualTo(k).isSameAs(b);
        }
        for (String other : new String[] {"nam", "names", "rolE", "peer-node", "x", "out-of-sync2", "é"}) {
            String line = " " + other + ":1";
            String a = KeyNames.intern(line, 1, 1 + other.length());
            assertThat(a).isEqualTo(other).isNotSameAs(KeyNames.intern(line, 1, 1 + other.length()));
        }
    }

    @Test
    void stateNamesYesNoAndSmallNumbersAreSharedAsValues() {
        for (String v : new String[] {"UpToDate", "Secondary", "Primary", "Connected", "StandAlone", "Established",
            "SyncSource", "PausedSyncT", "DUnknown", "Diskless", "yes", "no", "0", "7", "99", "flush"}) {
            String line = "k:" + v + " ";
            String a = KeyNames.value(line, 2, 2 + v.length());
            assertThat(a).isEqualTo(v).isSameAs(KeyNames.value(new String(line.toCharArray()), 2, 2 + v.length()));
        }
        for (String other : new String[] {"100", "UpToDat", "uptodate", "r0", "/dev/drbd0", ""}) {
            String line = ":" + other + ":";
            String a = KeyNames.value(line, 1, 1 + other.length());
            assertThat(a).isEqualTo(other);
            if (!other.isEmpty()) {
                assertThat(a).isNotSameAs(KeyNames.value(line, 1, 1 + other.length()));
            }
        }
    }
}
