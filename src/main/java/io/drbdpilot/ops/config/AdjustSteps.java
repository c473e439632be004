// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.config;

import io.drbdpilot.drbd.command.DrbdCommands;
import io.drbdpilot.drbd.config.AdjustAction;
import io.drbdpilot.ops.node.NodeRead;
import io.drbdpilot.ops.node.Probe;
import io.drbdpilot.ops.plan.Run;
import io.drbdpilot.ops.plan.Step;
import io.drbdpilot.ops.plan.StepFailed;
import io.drbdpilot.ssh.CommandResult;
import io.drbdpilot.ssh.RemoteCommand;
import io.drbdpilot.ssh.SshException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The steps of a previewed adjust. */
final class AdjustSteps {

    private AdjustSteps() {
    }

    /**
     * {@code drbdadm adjust RES} on one node. Before: {@code drbdadm -d adjust} lists what the operator confirmed
     * (or nothing: an adjust on the 8.4 peer may have applied the shared options already). After: it lists nothing,
     * and the node is connected to every peer it was connected to before. There is no undo: the files are the truth,
     * and DRBD Pilot never writes them.
     */
    static final class Apply extends Step {
        private final String res;
        private final String host;
        private final List<String> confirmed;
        private final List<String> peers;
        private final Duration timeout;

        /**
         * @param host  the node's DRBD host name
         * @param peers the peers' host names this node was connected to at the checks (it must be again)
         */
        Apply(String node, String host, String res, List<AdjustAction> confirmed, List<String> peers,
                Duration timeout) {
            super(node);
            this.res = res;
            this.host = host;
            this.confirmed = confirmed.stream().map(AdjustAction::line).toList();
            this.peers = List.copyOf(peers);
            this.timeout = timeout;
        }

        @Override
        public String title() {
            return "Apply the files of " + res + " on " + node() + " (drbdadm adjust)";
        }

        @Override
        public String conditions() {
            return "before: drbdadm -d adjust lists what was confirmed (or nothing); after: it lists nothing"
                    + (peers.isEmpty() ? "" : " and " + node() + " is connected to " + String.join(", ", peers)
                    + " again");
        }

        @Override
        public List<RemoteCommand> commands() {
            return List.of(DrbdCommands.adjust(res));
        }

        private List<String> plan(Run run) throws StepFailed, InterruptedException {
            try {
                return run.probe().adjustPlan(node(), res).stream().map(l -> AdjustAction.of(l).line()).toList();
            } catch (SshException e) {
                throw new StepFailed("What adjust would do on " + node() + " could not be read: " + e.getMessage(),
                        "Check the node; then drbdadm -d adjust " + res + " there shows what is left.");
            }
        }

        @Override
        public void execute(Run run) throws StepFailed, InterruptedException {
            List<String> before = plan(run);
            if (before.isEmpty()) {
                run.log(node() + " runs its files already (on 8.4 the peer's adjust applies the shared options).");
            } else {
                if (!confirmed.containsAll(before)) {
                    throw new StepFailed("The files or the kernel of " + res + " on " + node() + " changed since the "
                            + "checks: adjust would now run " + String.join("; ", before) + ".", "Check again and "
                            + "confirm what runs now.");
                }
                CommandResult r = run.exec(node(), DrbdCommands.adjust(res));
                if (!r.ok()) {
                    throw new StepFailed("drbdadm adjust " + res + " on " + node() + " failed (" + Probe.said(r)
                            + ").", "Read what the kernel said; drbdadm -d adjust " + res + " on " + node()
                            + " shows what is left.");
                }
            }
            Instant deadline = run.now().plus(timeout);
            while (true) {
                List<String> left = plan(run);
                NodeRead read = run.probe().read(node(), host, res);
                List<String> down = peers.stream().filter(p -> !read.connectedTo(p)).toList();
                if (left.isEmpty() && down.isEmpty()) {
                    break;
                }
                if (run.now().isAfter(deadline)) {
                    throw new StepFailed(left.isEmpty() ? node() + " is not connected to " + String.join(", ", down)
                            + " again after the adjust." : "After drbdadm adjust, " + node() + " still differs from "
                            + "its files: " + String.join("; ", left) + ".", "Look at drbdadm status " + res + " and "
                            + "the kernel log on " + node() + ".");
                }
                run.awaitChange(Duration.ofSeconds(1));
            }
            run.log(node() + " runs the files of " + res + (peers.isEmpty() ? "." : " and is connected to "
                    + String.join(", ", peers) + "."));
        }

        @Override
        public Step undo() {
            return null;
        }
    }
}
