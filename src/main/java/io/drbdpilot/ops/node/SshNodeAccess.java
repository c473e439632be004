// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.node;

import io.drbdpilot.cluster.ClusterMonitor;
import io.drbdpilot.cluster.ClusterSnapshot;
import io.drbdpilot.cluster.NodeView;
import io.drbdpilot.drbd.model.Role;
import io.drbdpilot.ssh.CommandResult;
import io.drbdpilot.ssh.NodeChannel;
import io.drbdpilot.ssh.RemoteCommand;
import io.drbdpilot.ssh.SshException;
import io.drbdpilot.ssh.SshTarget;
import io.drbdpilot.ssh.StreamHandle;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The nodes over their SSH sessions, as the app and the CLI reach them. Waiting for a change follows the cluster
 * monitor: a verification wakes up as soon as the monitor's events2 stream reports the new state.
 */
public final class SshNodeAccess implements NodeAccess {

    private final Map<String, NodeChannel> sessions;
    private final ClusterMonitor monitor;
    private final Clock clock;

    public SshNodeAccess(ClusterMonitor monitor, Clock clock) {
        this.monitor = monitor;
        this.sessions = monitor.sessions();
        this.clock = clock;
    }

    private NodeChannel session(String node) {
        NodeChannel s = sessions.get(node);
        if (s == null) {
            throw new IllegalArgumentException("no node named " + node + "; the nodes are " + sessions.keySet());
        }
        return s;
    }

    @Override
    public CommandResult run(String node, RemoteCommand command, Duration timeout) throws SshException {
        return session(node).run(command, timeout);
    }

    @Override
    public StreamHandle stream(String node, RemoteCommand command, Consumer<String> onLine) throws SshException {
        return session(node).stream(command, onLine);
    }

    @Override
    public void awaitChange(Duration max) throws InterruptedException {
        CountDownLatch changed = new CountDownLatch(1);
        Consumer<ClusterSnapshot> s = snap -> changed.countDown();
        monitor.subscribe(s);
        try {
            changed.await(max.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            monitor.unsubscribe(s);
        }
    }

    @Override
    public String primaryHint(String res) {
        ClusterSnapshot s = monitor.snapshot();
        if (s == null) {
            return null;
        }
        List<String> primaries = s.nodes().stream().filter(n -> n.isLive() && n.resource(res)
                .map(r -> r.role().is(Role.PRIMARY)).orElse(false))
                .map(NodeView::node).toList();
        return primaries.size() == 1 ? primaries.get(0) : null;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public String sshCommand(String node) {
        SshTarget t = session(node).target();
        return "ssh " + (t.port() == 22 ? "" : "-p " + t.port() + " ") + RemoteCommand.quote(t.user() + "@" + t.host());
    }

    @Override
    public boolean isRoot(String node) {
        return session(node).target().isRoot();
    }
}
