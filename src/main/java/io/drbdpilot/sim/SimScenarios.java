// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.sim;

/** Situations made the way an operator meets them on real nodes, for tests and the demo. */
public final class SimScenarios {

    private SimScenarios() {
    }

    /**
     * A real split brain on {@code res}, made the way the lab makes one: the link between {@code a} and {@code b}
     * is cut, both are promoted and write (KiB each, through their shells), then the link heals, the handshake
     * finds both changed and both go StandAlone. {@code b} stays Primary; {@code a} is demoted again when
     * {@code aStaysPrimary} is false.
     */
    public static void splitBrain(SimCluster c, String res, String a, String b, long aKiB, long bKiB,
            boolean aStaysPrimary) {
        int minor;
        synchronized (c) {
            minor = c.replica(res, a).spec.minors().get(0);
        }
        c.cut(a, b);
        for (String[] w : new String[][] {{a, Long.toString(aKiB)}, {b, Long.toString(bKiB)}}) {
            SimShell sh = new SimShell(c, w[0], "root");
            sh.run("drbdadm primary " + res);
            if (Long.parseLong(w[1]) > 0) {
                sh.run("dd if=/dev/urandom of=/dev/drbd" + minor + " bs=1K count=" + w[1] + " oflag=direct");
            }
        }
        if (!aStaysPrimary) {
            new SimShell(c, a, "root").run("drbdadm secondary " + res);
        }
        c.heal(a, b);
    }
}
