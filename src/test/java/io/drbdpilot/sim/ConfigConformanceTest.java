// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.drbdpilot.drbd.Samples;
import io.drbdpilot.drbd.config.AdjustAction;
import io.drbdpilot.drbd.config.ConfigText;
import org.junit.jupiter.api.Test;

/**
 * The simulator's drbdadm dump and drbdadm -d adjust against the lab's 8.4 kernel and drbd-utils 9.22
 * (config_adjust.txt: r1's files edited on both nodes, then on one only, then adjusted): the same text line by line,
 * and the 8.4 peer that has nothing left to adjust once the other node's adjust ran.
 */
class ConfigConformanceTest {

    /** The output of the n-th capture of {@code command} in config_adjust.txt. */
    private static String real(String command, int nth) {
        String cap = Samples.lab("config_adjust");
        int at = -1;
        for (int i = 0; i < nth; i++) {
            at = cap.indexOf("### " + command + "\n", at + 1);
        }
        String rest = cap.substring(at);
        rest = rest.substring(rest.indexOf('\n') + 1);
        return rest.substring(0, rest.indexOf("[exit")).strip();
    }

    private static String sim(SimCluster c, String node, String cmd) {
        SimShell.Result r = new SimShell(c, node, "root").run(cmd);
        assertThat(r.exit()).as(r.stderr()).isZero();
        return r.stdout().strip();
    }

    @Test
    void dumpAndTheDryRunAdjustAreTheLabsOwn() {
        SimCluster c = SimClusters.lab84(false);
        assertThat(sim(c, "alpha", "drbdadm -d adjust r1")).isEqualTo(real("alpha$ drbdadm -d adjust r1", 1))
                .isEmpty();
        assertThat(sim(c, "alpha", "drbdadm dump r1")).isEqualTo(real("alpha$ drbdadm dump r1", 1));

        for (String n : new String[] {"alpha", "beta"}) {
            c.editFile(n, "r1", s -> s.withOptions(s.protocol(), s.allowTwoPrimaries(), 60 * 1024, s.verifyAlg()));
        }
        assertThat(sim(c, "alpha", "drbdadm -d adjust r1")).isEqualTo(real("alpha$ drbdadm -d adjust r1", 2));
        assertThat(sim(c, "beta", "drbdadm -d adjust r1")).isEqualTo(real("beta$ drbdadm -d adjust r1", 2));
        for (String n : new String[] {"alpha", "beta"}) {
            c.editFile(n, "r1", s -> s.withOptions(s.protocol(), s.allowTwoPrimaries(), s.resyncRateKiBps(), "sha1"));
        }
        assertThat(sim(c, "alpha", "drbdadm -d adjust r1")).isEqualTo(real("alpha$ drbdadm -d adjust r1", 3));
        assertThat(sim(c, "beta", "drbdadm -d adjust r1")).isEqualTo(real("beta$ drbdadm -d adjust r1", 3));
        assertThat(sim(c, "beta", "drbdadm dump r1")).isEqualTo(real("beta$ drbdadm dump r1", 1));

        // the real kernel: after beta's adjust alpha had nothing left (8.4 shares the options with the peer)
        sim(c, "beta", "drbdadm adjust r1");
        assertThat(sim(c, "beta", "drbdadm -d adjust r1")).isEqualTo(real("beta$ drbdadm -d adjust r1", 5)).isEmpty();
        assertThat(sim(c, "alpha", "drbdadm -d adjust r1")).isEqualTo(real("alpha$ drbdadm -d adjust r1", 5))
                .isEmpty();
        assertThat(sim(c, "alpha", "drbdsetup show r1")).contains("61440k");
    }

    @Test
    void theRealLinesAreExplainedAndTheRealDumpsDifferOnlyWhereTheFilesDo() {
        assertThat(AdjustAction.parse(real("alpha$ drbdadm -d adjust r1", 4))).extracting(AdjustAction::words)
                .containsExactly("changes disk options (resync-rate 60M, c-plan-ahead 0); replication goes on",
                        "changes network options (protocol C, verify-alg sha1, max-buffers 8000) on the running "
                                + "connection");
        assertThat(AdjustAction.worst(AdjustAction.parse(real("alpha$ drbdadm -d adjust r1", 4))))
                .isEqualTo(AdjustAction.Impact.SAFE);
        // alpha's dump (with max-buffers) against beta's: the node-naming comments are not a difference
        assertThat(ConfigText.diff(ConfigText.normalize(real("alpha$ drbdadm dump r1", 2)),
                ConfigText.normalize(real("beta$ drbdadm dump r1", 1)))).containsExactly(
                "          protocol           C;", "          verify-alg       sha1;",
                "-         max-buffers      8000;", "      }", "      disk {");
    }
}
