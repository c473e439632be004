// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import io.drbdpilot.drbd.Samples;
import io.drbdpilot.drbd.model.GenerationIds;
import io.drbdpilot.sim.SimCluster;
import io.drbdpilot.sim.SimClusters;
import io.drbdpilot.sim.SimShell;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The split-brain evidence read from real captures: the lab's 8.4.11 kernel log and get-gi of a split brain on r1
 * (split_brain.txt from ../shared, split_brain_gi_dmesg.txt from SplitBrainLabIT), DRBD 9.2's get-gi (samples9); and
 * the simulator printing the same shapes.
 */
class SplitBrainCapturesTest {

    private static String afterHeader(String capture, String header) {
        int at = capture.indexOf(header);
        String rest = capture.substring(capture.indexOf('\n', at) + 1);
        int end = rest.indexOf("###");
        return end < 0 ? rest : rest.substring(0, end);
    }

    @Test
    void theKernelsOwnLinesTellTheStoryOfTheSplit() {
        String dmesg = afterHeader(Samples.lab("split_brain"), "### alpha$ dmesg");
        List<KernelLog.Line> lines = KernelLog.lines(dmesg, "r1", Set.of(1), 100);
        KernelLog.Line verdict = KernelLog.lastSplitBrain(lines);
        assertThat(verdict.text()).isEqualTo("block drbd1: Split-Brain detected but unresolved, dropping connection!");
        assertThat(verdict.time()).isEqualTo("45.862533");
        assertThat(verdict.kind()).isEqualTo(KernelLog.Kind.SPLIT_BRAIN_UNRESOLVED);
        assertThat(KernelLog.lastOwnBits(lines)).isEqualTo(512); // 2 MiB in 4 KiB bits: what alpha wrote apart
        KernelLog.Line self = lines.stream().filter(l -> l.kind() == KernelLog.Kind.HANDSHAKE_SELF).findFirst()
                .orElseThrow();
        KernelLog.Line peer = lines.stream().filter(l -> l.kind() == KernelLog.Kind.HANDSHAKE_PEER).findFirst()
                .orElseThrow();
        assertThat(self.uuids().current()).isEqualTo("415973E0291549BF");
        assertThat(self.uuids().relationTo(peer.uuids())).isEqualTo(GenerationIds.Relation.DIVERGED);
        assertThat(lines).extracting(KernelLog.Line::kind).contains(KernelLog.Kind.UUID_COMPARE,
                KernelLog.Kind.HELPER, KernelLog.Kind.ROLE, KernelLog.Kind.CONNECTION);
        assertThat(KernelLog.lines(dmesg, "r0", Set.of(0), 100)).as("another resource's lines").isEmpty();
    }

    @Test
    void theLabsGetGiOfBothSidesSaysTheyDiverged() {
        String cap = Samples.lab("split_brain_gi_dmesg");
        GenerationIds alpha = GenerationIds.parseAll(afterHeader(cap, "### alpha$ drbdadm get-gi r1")).get(0);
        GenerationIds beta = GenerationIds.parseAll(afterHeader(cap, "### beta$ drbdadm get-gi r1")).get(0);
        assertThat(alpha.flags()).hasSize(7);
        assertThat(alpha.consistent()).isTrue();
        assertThat(alpha.wasPrimary()).isTrue();
        assertThat(beta.wasPrimary()).isFalse();
        assertThat(alpha.relationTo(beta)).isEqualTo(GenerationIds.Relation.DIVERGED);
        assertThat(beta.relationTo(alpha)).isEqualTo(GenerationIds.Relation.DIVERGED);
        assertThat(alpha.relationTo(alpha)).isEqualTo(GenerationIds.Relation.SAME);
        List<KernelLog.Line> lines = KernelLog.lines(afterHeader(cap, "### alpha$ dmesg"), "r1", Set.of(1), 100);
        assertThat(KernelLog.lastSplitBrain(lines).text()).contains("Split-Brain detected but unresolved");
        assertThat(KernelLog.lastOwnBits(lines)).isEqualTo(512);
    }

    @Test
    void generationRelationsInWords() {
        GenerationIds base = GenerationIds.parseAll("AAAA000000000000:0000000000000000:BBBB000000000000:"
                + "0000000000000000:1:1:0:0:0:0:0").get(0);
        GenerationIds ahead = GenerationIds.parseAll("CCCC000000000001:AAAA000000000000:BBBB000000000000:"
                + "0000000000000000:1:1:1:0:0:0:0").get(0);
        GenerationIds unrelated = GenerationIds.parseAll("DDDD000000000000:0000000000000000:EEEE000000000000:"
                + "0000000000000000:1:1:0:0:0:0:0").get(0);
        assertThat(ahead.relationTo(base)).isEqualTo(GenerationIds.Relation.AHEAD);
        assertThat(base.relationTo(ahead)).isEqualTo(GenerationIds.Relation.BEHIND);
        assertThat(base.relationTo(unrelated)).isEqualTo(GenerationIds.Relation.UNRELATED);
        assertThat(GenerationIds.parseAll("not a gi line\n0:1")).isEmpty();
    }

    @Test
    void drbd9PrintsOneLinePerPeerWithTwelveFlagsAndTheSimulatorPrintsBothShapes() {
        String nine = afterHeader(Samples.read("/samples/lab9/drbdadm_status.txt"), "### alpha$ drbdadm get-gi r0");
        List<GenerationIds> gi = GenerationIds.parseAll(nine);
        assertThat(gi).hasSize(2);
        assertThat(gi.get(0).flags()).hasSize(12);

        SimCluster c = SimClusters.lab84(false);
        GenerationIds sim84 = GenerationIds.parseAll(new SimShell(c, "alpha", "root").run("drbdadm get-gi r1")
                .stdout()).get(0);
        assertThat(sim84.flags()).hasSize(7);
        SimCluster nineSim = SimClusters.demo();
        List<GenerationIds> sim9 = GenerationIds.parseAll(new SimShell(nineSim, "node-a", "root")
                .run("drbdadm get-gi db").stdout());
        assertThat(sim9).hasSize(4); // two volumes, two peers each
        assertThat(sim9.get(0).flags()).hasSize(12);
    }
}
