// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.plan;

import io.drbdpilot.ops.node.NodeAccess;
import io.drbdpilot.ssh.RemoteCommand;
import io.drbdpilot.ssh.RemoteText;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A plan as a shell script a person can review (the dry run, the wizard's plan page): the checks, the locks, each
 * step with its conditions and the exact {@code ssh … 'cmd'} lines, and the rollback, last first.
 */
public final class PlanScript {

    private PlanScript() {
    }

    /**
     * @param what     "move the Primary role of r0 from alpha to beta", after "DRBD Pilot plan: "
     * @param note     a line after the header about the plan's safety, or "" (with its leading "# ")
     * @param lockedOn the nodes the locks are held on
     */
    public static String of(NodeAccess access, String what, String note, PlanChecks checks, List<String> lockedOn,
            List<RemoteCommand> locks, List<Step> steps) {
        StringBuilder sb = new StringBuilder("#!/bin/sh\n");
        sb.append("# DRBD Pilot plan: ").append(RemoteText.line(what)).append(".\n")
                .append("# DRBD Pilot runs each step only after re-reading its preconditions, and confirms it after.\n")
                .append("# No promotion is ever forced.").append(RemoteText.line(note)).append("\n#\n# Checks:\n");
        checks.checks().forEach(c -> sb.append("#   ").append(c.status()).append("  ").append(c.title()).append(": ")
                .append(c.reason()).append('\n'));
        sb.append("#\n# Held for the whole plan on ").append(RemoteText.line(String.join(" and ", lockedOn)))
                .append(" (released when the plan ends or the connection drops):\n");
        sb.append("#   ").append(ResourceLock.prepare().toShell(true)).append('\n');
        locks.forEach(l -> sb.append("#   ").append(RemoteText.line(l.toShell(true))).append('\n'));
        sb.append("set -e\n");
        for (int i = 0; i < steps.size(); i++) {
            Step st = steps.get(i);
            sb.append("\n# ").append(i + 1).append(". ").append(RemoteText.line(st.title())).append("\n#    ")
                    .append(RemoteText.line(st.conditions())).append('\n');
            st.plan().forEach(c -> sb.append(ssh(access, c)).append('\n'));
        }
        sb.append("\n# If a step fails, DRBD Pilot undoes the steps done so far, last first:\n");
        List<Step> undo = new ArrayList<>();
        steps.forEach(st -> {
            if (st.undo() != null) {
                undo.add(st.undo());
            }
        });
        Collections.reverse(undo);
        undo.forEach(u -> u.plan().forEach(c -> sb.append("#   ").append(ssh(access, c)).append("   # ")
                .append(RemoteText.line(u.title())).append('\n')));
        return sb.toString();
    }

    private static String ssh(NodeAccess access, Step.Cmd c) {
        return access.sshCommand(c.node()) + " " + RemoteCommand.quote(c.command().toShell(access.isRoot(c.node())));
    }
}
