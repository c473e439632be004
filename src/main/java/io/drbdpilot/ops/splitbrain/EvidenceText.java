// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.splitbrain;

import io.drbdpilot.drbd.inspect.KernelLog;
import io.drbdpilot.ssh.RemoteText;

/** The evidence of a split brain in words, side by side, as the CLI prints it and the wizard shows it. */
public final class EvidenceText {

    private EvidenceText() {
    }

    /** Every side's state, changes, generations, users, policies and kernel lines, then what they mean. */
    public static String of(SplitBrainChecks.Result c) {
        StringBuilder out = new StringBuilder();
        line(out, "Split brain of " + c.resource() + ": what each side says");
        for (Evidence e : c.sides().values()) {
            out.append('\n');
            line(out, "  " + e.node() + (e.node().equals(c.victim()) ? "  (victim: its changes are discarded)"
                    : e.node().equals(c.survivor()) ? "  (kept)" : ""));
            line(out, "    state:    " + (e.read().reachable() ? RemoteText.line(e.read().describe(""), 200)
                    : "unreachable: " + safe(e.read().error())));
            line(out, "    changed:  " + e.changedText() + " while apart");
            e.gi().stream().limit(4).forEach(g -> line(out, "    gi:       " + g.text()));
            if (e.gi().isEmpty()) {
                line(out, "    gi:       not read (" + e.giError() + ")");
            }
            line(out, "    uses:     " + (e.users() == null ? "not read (" + safe(e.usersError()) + ")"
                    : e.users().none() ? "nothing" : safe(e.users().describe())));
            if (!e.policies().isEmpty()) {
                line(out, "    policies: " + safe(String.join(", ", e.policies())));
            }
            e.log().stream().filter(l -> l.kind() != KernelLog.Kind.OTHER && l.kind() != KernelLog.Kind.CONNECTION)
                    .forEach(l -> line(out, "    kernel:   [" + l.time() + "] " + RemoteText.line(l.text(), 160)));
            if (e.logError() != null) {
                line(out, "    kernel:   not read (" + e.logError() + ")");
            }
        }
        out.append('\n');
        if (c.relation() != null) {
            line(out, "Generations: " + c.relation().words() + ".");
        }
        line(out, "Recommendation: " + c.recommendation());
        out.append('\n');
        return out.toString();
    }

    /** Text from a node, made safe to show (control characters and escapes gone, one line, bounded). */
    private static String safe(String fromNode) {
        return fromNode == null ? "" : RemoteText.line(fromNode, 300);
    }

    private static void line(StringBuilder out, String text) {
        out.append(text).append('\n');
    }
}
