// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.reactor;

import io.drbdpilot.drbd.model.CState;
import io.drbdpilot.ops.node.NodeRead;
import io.drbdpilot.ops.node.Probe;
import io.drbdpilot.ops.plan.Run;
import io.drbdpilot.ops.plan.Step;
import io.drbdpilot.ops.plan.StepFailed;
import io.drbdpilot.ssh.CommandResult;
import io.drbdpilot.ssh.RemoteCommand;
import io.drbdpilot.ssh.RemoteText;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The steps of a move handed to drbd-reactor. */
final class EvictSteps {

    private EvictSteps() {
    }

    /** Who is Primary now, each node read fresh; a node that cannot be read is named in {@code unread}. */
    private record Now(List<String> primaries, List<String> unread, Map<String, NodeRead> reads) {
    }

    private static Now now(Run run, String res, Map<String, String> hosts) throws InterruptedException {
        List<String> primaries = new ArrayList<>();
        List<String> unread = new ArrayList<>();
        Map<String, NodeRead> reads = new java.util.LinkedHashMap<>();
        for (var e : hosts.entrySet()) {
            NodeRead r = run.probe().read(e.getKey(), e.getValue(), res);
            reads.put(e.getKey(), r);
            if (!r.reachable()) {
                unread.add(e.getKey() + " (" + r.error() + ")");
            } else if (r.isPrimary()) {
                primaries.add(e.getKey());
            }
        }
        return new Now(primaries, unread, reads);
    }

    /**
     * {@code drbd-reactorctl evict} on the active node, then followed: before, read fresh, it is still the one Primary
     * and a peer can take over; after, a peer is Primary with UpToDate data and runs the promoter's target, and this
     * node is Secondary. This node taking the resource back (no peer could) is a failure with nothing left to undo;
     * nobody running it is handed to a person with the command that starts it again.
     */
    static final class Evict extends Step {
        private final String snippet;
        private final String res;
        private final boolean keepMasked;
        private final Map<String, String> hosts;
        private final Duration delay;
        private final Duration timeout;

        Evict(String node, String snippet, String res, boolean keepMasked, Map<String, String> hosts, Duration delay,
                Duration timeout) {
            super(node);
            this.snippet = snippet;
            this.res = res;
            this.keepMasked = keepMasked;
            this.hosts = Map.copyOf(hosts);
            this.delay = delay;
            this.timeout = timeout;
        }

        @Override
        public String title() {
            return "Evict " + res + " from " + node() + " (drbd-reactorctl evict" + (keepMasked ? " --keep-masked"
                    : "") + "), and follow it until a peer runs it";
        }

        @Override
        public String conditions() {
            return "before: " + node() + " the one Primary, a peer able to take over; after: a peer Primary and "
                    + "UpToDate, running " + ReactorConfig.target(res) + ", " + node() + " Secondary";
        }

        @Override
        public List<RemoteCommand> commands() {
            return List.of(ReactorCommands.evict(snippet, keepMasked, (int) delay.toSeconds()));
        }

        @Override
        public boolean pointOfNoReturn() {
            return true;
        }

        @Override
        public void execute(Run run) throws StepFailed, InterruptedException {
            Now before = now(run, res, hosts);
            if (!before.unread().isEmpty()) {
                throw new StepFailed(String.join(", ", before.unread()) + " cannot be read; nothing was evicted.",
                        "Reach the node first.");
            }
            if (!before.primaries().equals(List.of(node()))) {
                throw new StepFailed((before.primaries().isEmpty() ? "Nobody is" : String.join(" and ",
                        before.primaries()) + (before.primaries().size() == 1 ? " is" : " are")) + " Primary for "
                        + res + " now, not " + node() + " alone; nothing was evicted.", "Look again: drbd-pilot "
                        + "status " + res + ".");
            }
            NodeRead me = before.reads().get(node());
            List<String> notUpToDate = before.reads().values().stream().filter(r -> !r.node().equals(node())
                    && r.connectionTo(me.host()).map(c -> c.connection().is(CState.CONNECTED)).orElse(false)
                    && !r.diskUpToDate()).map(r -> r.node() + " is not UpToDate (" + r.diskText() + ")").toList();
            if (!notUpToDate.isEmpty()) {
                throw new StepFailed(String.join("; ", notUpToDate) + " now: its drbd-reactor could promote it; "
                        + "nothing was evicted.", "Wait for the resync to finish, then evict again.");
            }
            CommandResult out = run.exec(node(), commands().get(0), timeout);
            String said = RemoteText.lines(out.stdout()).strip();
            if (!out.ok()) {
                Now after = now(run, res, hosts);
                if (after.primaries().equals(List.of(node()))) {
                    throw new StepFailed("drbd-reactorctl evict on " + node() + " failed (" + Probe.said(out) + "); "
                            + node() + " still runs " + res + ".", "Read what it said; drbd-reactorctl status on "
                            + node() + ".");
                }
                throw StepFailed.needsAPerson("drbd-reactorctl evict on " + node() + " failed (" + Probe.said(out)
                        + ") and " + describe(after) + ".", "Look at drbd-reactorctl status on every node.",
                        List.of(new Step.Cmd(node(), ReactorCommands.unmask(snippet))));
            }
            said.lines().filter(l -> !l.isBlank() && !l.matches("[0-9.]+")).forEach(l -> run.log(node() + ": " + l));
            Instant deadline = run.now().plus(timeout);
            Instant nextNote = run.now();
            while (true) {
                Now now = now(run, res, hosts);
                List<String> others = now.primaries().stream().filter(p -> !p.equals(node())).toList();
                if (others.size() == 1 && !now.primaries().contains(node())) {
                    String to = others.get(0);
                    NodeRead r = now.reads().get(to);
                    ReactorState s = ReactorState.read(run.probe(), to, res);
                    if (r.diskUpToDate() && s.targetActive()) {
                        run.log("Moved: " + to + " is Primary for " + res + " and runs " + ReactorConfig.target(res)
                                + "; " + node() + " is Secondary.");
                        return;
                    }
                }
                if (now.primaries().equals(List.of(node())) && now.unread().isEmpty()) {
                    ReactorState s = ReactorState.read(run.probe(), node(), res);
                    if (s.targetActive()) {
                        throw new StepFailed("No peer took over " + res + ": drbd-reactor started it on " + node()
                                + " again (" + lastLine(said) + ").", "See why the peers' promoters did not promote "
                                + "(drbd-reactorctl status and journalctl -u drbd-reactor on them), then evict again.");
                    }
                }
                if (!run.now().isBefore(deadline)) {
                    break;
                }
                if (!run.now().isBefore(nextNote)) {
                    run.log("Waiting for a peer to take over " + res + ": " + describe(now) + ".");
                    nextNote = run.now().plus(Duration.ofSeconds(10));
                }
                run.awaitChange(Duration.ofSeconds(1));
            }
            Now end = now(run, res, hosts);
            List<Step.Cmd> finish = end.primaries().isEmpty() ? List.of(new Step.Cmd(node(), ReactorCommands.unmask(
                    snippet))) : List.of();
            throw StepFailed.needsAPerson("The evict of " + res + " did not end in a move within " + timeout
                    .toSeconds() + " s: " + describe(end) + " (drbd-reactorctl said: " + lastLine(said) + ").",
                    end.primaries().isEmpty() ? "Nobody runs " + res + ": let drbd-reactor start it on " + node()
                    + " again (the command below), or find why the peers do not promote." : "Look at "
                    + "drbd-reactorctl status on every node.", finish);
        }

        @Override
        public Step undo() {
            return null;
        }
    }

    private static String lastLine(String said) {
        List<String> l = said.lines().filter(x -> !x.isBlank() && !x.matches("[0-9.]+")).toList();
        return l.isEmpty() ? "nothing" : l.get(l.size() - 1);
    }

    private static String describe(Now now) {
        return (now.primaries().isEmpty() ? "nobody is Primary" : String.join(" and ", now.primaries()) + " "
                + (now.primaries().size() == 1 ? "is" : "are") + " Primary") + (now.unread().isEmpty() ? ""
                : "; " + String.join(", ", now.unread()) + " cannot be read");
    }

    /**
     * {@code drbd-reactorctl evict --unmask} on a node: before, read fresh, it is masked; after, it is not (and when
     * nobody ran the resource, it runs it now).
     */
    static final class Unmask extends Step {
        private final String snippet;
        private final String res;
        private final Map<String, String> hosts;
        private final Duration timeout;

        Unmask(String node, String snippet, String res, Map<String, String> hosts, Duration timeout) {
            super(node);
            this.snippet = snippet;
            this.res = res;
            this.hosts = Map.copyOf(hosts);
            this.timeout = timeout;
        }

        @Override
        public String title() {
            return "Lift the mask on " + node() + " (drbd-reactorctl evict --unmask, " + res + ")";
        }

        @Override
        public String conditions() {
            return "before: " + ReactorConfig.target(res) + " masked on " + node() + "; after: not masked";
        }

        @Override
        public List<RemoteCommand> commands() {
            return List.of(ReactorCommands.unmask(snippet));
        }

        @Override
        public void execute(Run run) throws StepFailed, InterruptedException {
            ReactorState s = ReactorState.read(run.probe(), node(), res);
            if (s.masked() == null) {
                throw new StepFailed("Whether " + node() + " is masked is not known (" + String.join("; ", s.unknown())
                        + "); nothing was changed.", "Check the node.");
            }
            if (!s.masked()) {
                run.log(node() + " is not masked.");
                return;
            }
            CommandResult out = run.exec(node(), commands().get(0));
            if (!out.ok()) {
                throw new StepFailed("drbd-reactorctl evict --unmask on " + node() + " failed (" + Probe.said(out)
                        + ").", "Read what it said; " + node() + " is still masked.");
            }
            Instant deadline = run.now().plus(timeout);
            while (!Boolean.FALSE.equals(ReactorState.read(run.probe(), node(), res).masked())) {
                if (!run.now().isBefore(deadline)) {
                    throw StepFailed.needsAPerson(node() + " still reads masked " + timeout.toSeconds() + " s after "
                            + "the unmask.", "Look: systemctl is-enabled " + ReactorConfig.target(res) + " on "
                            + node() + ".");
                }
                run.awaitChange(Duration.ofSeconds(1));
            }
            Now now = now(run, res, hosts);
            run.log(node() + " is no longer masked; " + describe(now) + ".");
        }

        @Override
        public Step undo() {
            return null;
        }
    }
}
