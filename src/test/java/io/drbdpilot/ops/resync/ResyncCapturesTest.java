// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.resync;

import static org.assertj.core.api.Assertions.assertThat;

import io.drbdpilot.drbd.Samples;
import io.drbdpilot.drbd.parse.ProcDevice;
import io.drbdpilot.drbd.parse.ProcDrbdParser;
import io.drbdpilot.sim.SimCluster;
import io.drbdpilot.sim.SimClusters;
import io.drbdpilot.sim.SimShell;
import org.junit.jupiter.api.Test;

/**
 * Resync control read from the real 8.4.11 kernel (resync_control.txt, captured by ResyncLabIT): the pause flags of
 * both sides, the SyncTarget's want, a paused resync without progress lines; and the simulator printing the same.
 */
class ResyncCapturesTest {

    private static String section(String capture, String title, String node) {
        String rest = capture.substring(capture.indexOf("### " + title));
        rest = rest.substring(rest.indexOf("### " + node + "$ cat /proc/drbd"));
        rest = rest.substring(rest.indexOf('\n') + 1);
        int end = rest.indexOf("###");
        return end < 0 ? rest : rest.substring(0, end);
    }

    private static ProcDevice r1(String proc) throws Exception {
        return ProcDrbdParser.parse(proc).value().devices().stream().filter(d -> d.minor() == 1).findFirst()
                .orElseThrow();
    }

    @Test
    void thePausedSidesSayWhoPausedAndTheTargetSaysWhatRateItWants() throws Exception {
        String cap = Samples.lab("resync_control");
        ProcDevice beta = r1(section(cap, "paused on beta", "beta"));
        ProcDevice alpha = r1(section(cap, "paused on beta", "alpha"));
        assertThat(beta.resyncSuspended()).isEqualTo("user");
        assertThat(alpha.resyncSuspended()).isEqualTo("peer");
        assertThat(beta.progress()).as("8.4 prints no progress for a paused resync").isNull();
        assertThat(ResyncReport.why(beta.resyncSuspended())).contains("by an admin on this node");
        assertThat(ResyncReport.why(alpha.resyncSuspended())).contains("on the peer");

        ProcDevice fast = r1(section(cap, "at a temporary 2 MiB/s", "beta"));
        assertThat(fast.progress().wantKiBps()).isEqualTo(2048);
        assertThat(r1(section(cap, "at a temporary 2 MiB/s", "alpha")).progress().wantKiBps())
                .as("only the SyncTarget prints want").isNull();
    }

    @Test
    void theSimulatorPrintsAPausedResyncAsTheKernelDoes() throws Exception {
        SimCluster c = SimClusters.lab84(false);
        new SimShell(c, "beta", "root").run("drbdadm disk-options --c-plan-ahead=0 --resync-rate=1M r1");
        new SimShell(c, "alpha", "root").run("drbdadm invalidate-remote r1");
        new SimShell(c, "beta", "root").run("drbdadm pause-sync r1");
        ProcDevice beta = r1(new SimShell(c, "beta", "root").run("cat /proc/drbd").stdout());
        ProcDevice alpha = r1(new SimShell(c, "alpha", "root").run("cat /proc/drbd").stdout());
        String real = Samples.lab("resync_control");
        assertThat(beta.flags()).isEqualTo(r1(section(real, "paused on beta", "beta")).flags());
        assertThat(alpha.flags()).isEqualTo(r1(section(real, "paused on beta", "alpha")).flags());
        assertThat(beta.cs().raw()).isEqualTo("PausedSyncT");
        assertThat(beta.progress()).isNull();
        assertThat(new SimShell(c, "alpha", "root").run("drbdadm -d adjust r1").stdout())
                .as("the SyncTarget's rate runs on the SyncSource too, as the lab showed")
                .contains("disk-options 1 --set-defaults --resync-rate=40M --c-plan-ahead=0");
    }
}
