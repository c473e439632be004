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
import java.util.ArrayList;
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
        private final List<String> rest;
        private final Duration timeout;

        /**
         * @param host  the node's DRBD host name
         * @param peers the peers' host names this node was connected to at the checks (it must be again)
         * @param rest  the other nodes of the plan (where adjust must run too when this one fails half-way)
         */
        Apply(String node, String host, String res, List<AdjustAction> confirmed, List<String> peers,
                List<String> rest, Duration timeout) {
            super(node);
            this.res = res;
            this.host = host;
            this.confirmed = confirmed.stream().map(AdjustAction::line).toList();
            this.peers = List.copyOf(peers);
            this.rest = List.copyOf(rest);
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
                NodeRead now = run.probe().read(node(), host, res);
                List<String> lost = peers.stream().filter(p -> !now.connectedTo(p)).toList();
                if (!lost.isEmpty()) { // net options applied on one side only would keep the peers apart
                    throw new StepFailed(node() + " is not connected to " + String.join(", ", lost) + " now (it was "
                            + "at the checks); nothing was applied.", "Bring the connection back (drbdadm status "
                            + res + "), then check again.");
                }
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
                    // adjust ran here: the files cannot be un-applied, and the other nodes must follow them
                    List<Step.Cmd> finish = new ArrayList<>();
                    finish.add(new Step.Cmd(node(), DrbdCommands.adjust(res)));
                    rest.forEach(n -> finish.add(new Step.Cmd(n, DrbdCommands.adjust(res))));
                    throw StepFailed.needsAPerson(left.isEmpty() ? node() + " is not connected to " + String.join(
                            ", ", down) + " again after the adjust." : "After drbdadm adjust, " + node() + " still "
                            + "differs from its files: " + String.join("; ", left) + ".", "Once the nodes see each "
                            + "other, run drbdadm adjust " + res + " on every node (network options that differ "
                            + "between the peers, such as verify-alg, keep them StandAlone); look at drbdadm status "
                            + res + " and the kernel log on " + node() + ".", finish);
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
