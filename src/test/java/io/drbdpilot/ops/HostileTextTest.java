// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops;

import io.drbdpilot.ops.switchover.SwitchoverTest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.drbdpilot.ops.node.Owners;
import io.drbdpilot.ops.switchover.Preflight;
import io.drbdpilot.ops.switchover.Switchover;
import io.drbdpilot.sim.SimCluster;
import io.drbdpilot.ssh.RemoteText;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a node says is data: it never starts a line of the dry-run script, and it is read in linear time. */
class HostileTextTest {

    private static final String EVIL = "Could not connect\nrm -rf / #\r\n\u001b[2J\u001b]0;pwned\u0007\u2028echo hi";

    @Test
    void remoteTextInTheChecksNeverStartsALineOfTheDryRunScript() throws Exception {
        SimCluster c = SwitchoverTest.lab();
        // said() quotes a failed command's first line: the nasty part is on it (\r and U+2028 are not line ends there)
        String first = "Could not connect \u001b[2J\u001b]0;pwned\u0007 rm -rf / #\u2028echo hi\rmore\u0085x\n2nd";
        c.hosts().breakTool("alpha", "cibadmin", 102, first);
        c.hosts().breakTool("alpha", "lsof", 1, first);
        Switchover sw = new Switchover(new SimAccess(c), c.nodes(), SwitchoverTest.withFs("beta"),
                Switchover.Options.defaults(null, "alice@ws1"));
        Preflight.Result pf = sw.check();
        assertThat(pf.checks()).anyMatch(k -> k.reason().contains("rm -rf /"));
        String script = sw.script(pf);
        for (String line : script.split("\n", -1)) {
            assertThat(line).as("a line of the script").satisfiesAnyOf(
                    l -> assertThat(l).startsWith("#"), l -> assertThat(l).isEmpty(),
                    l -> assertThat(l).isEqualTo("set -e"), l -> assertThat(l).startsWith("ssh root@"));
            assertThat(line).doesNotContain("\u001b").doesNotContain("\r").doesNotContain("\u2028");
        }
        assertThat(pf.checks()).allSatisfy(k -> assertThat(k.reason()).doesNotContainPattern("\\p{Cntrl}"));
    }

    @Test
    void remoteTextKeepsItsWordsButNotItsControls() {
        assertThat(RemoteText.line(EVIL)).isEqualTo("Could not connect rm -rf / # echo hi");
        assertThat(RemoteText.lines("a\r\nb\u001b[31mred\u001b[0m\tc\u0000")).isEqualTo("a\nbred\tc ");
        assertThat(RemoteText.line(null)).isNull();
    }

    @Test
    void pacemakersResourcesAreReadInLinearTimeWhateverTheNodeSends() {
        String cib = "<resources>\n  <clone id=\"ms_drbd_r0\">\n    <primitive id=\"p_drbd_r0\" class=\"ocf\" "
                + "provider=\"linbit\" type=\"drbd\">\n      <instance_attributes id=\"p_r0-ia\">\n        <nvpair "
                + "id=\"p_r0-res\" name=\"drbd_resource\" value=\"r0\"/>\n      </instance_attributes>\n    "
                + "</primitive>\n  </clone>\n  <primitive id=\"other\"><nvpair name=\"drbd_resource\" value=\"r9\"/>"
                + "</primitive>\n  <master id=\"ms_r1\"><primitive id=\"p1\"><instance_attributes id=\"x\"><nvpair "
                + "id=\"y\" name=\"drbd_resource\"  value=\"r1\"/></instance_attributes></primitive></master>\n"
                + "</resources>\n";
        assertThat(Owners.cibDrbdClones(cib)).extracting(a -> a[0] + "=" + a[1]).containsExactly("ms_drbd_r0=r0",
                "ms_r1=r1");
        String hostile = "<clone id=\"c\">".repeat(150_000) + "<nvpair name=\"drbd_resource\" value=\"r0\"/>";
        List<String[]> found = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> Owners.cibDrbdClones(hostile));
        assertThat(found).hasSize(1);
    }

    @Test
    void secretsAreMaskedInEveryFormANodePrintsThem() {
        assertThat(RemoteText.maskSecrets("<option name=\"shared-secret\" value=\"s3cr3t\"/>"))
                .isEqualTo("<option name=\"shared-secret\" value=\"***\"/>");
        assertThat(RemoteText.maskSecrets("    net {\n        shared-secret \"s3cr3t\";\n        cram-hmac-alg sha1;"))
                .doesNotContain("s3cr3t").contains("shared-secret ***;").contains("cram-hmac-alg sha1;");
        assertThat(RemoteText.maskSecrets("drbdsetup-84 net-options 0 --shared-secret=s3cr3t --protocol=C"))
                .isEqualTo("drbdsetup-84 net-options 0 --shared-secret=*** --protocol=C");
        assertThat(RemoteText.maskSecrets("password: hunter2")).isEqualTo("password: ***");
        assertThat(RemoteText.maskSecrets("resync-rate 40M; protocol C;")).isEqualTo("resync-rate 40M; protocol C;");
    }
}
