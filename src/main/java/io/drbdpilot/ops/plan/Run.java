// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.plan;

import io.drbdpilot.ops.node.Futures;
import io.drbdpilot.ops.node.NodeAccess;
import io.drbdpilot.ops.node.NodeRead;
import io.drbdpilot.ops.node.Probe;
import io.drbdpilot.ssh.CommandResult;
import io.drbdpilot.ssh.RemoteCommand;
import io.drbdpilot.ssh.SshException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

/**
 * What the steps of one running plan share: the nodes, fresh reads, the audit and the listener. Every command goes
 * through {@link #exec}, so each one is shown, logged and audited.
 */
public final class Run implements AutoCloseable {

    /** Exit code of a command whose connection was lost: it may or may not have taken effect. */
    public static final int LOST = -1;

    /** Both nodes' state, read at the same moment. */
    public record Reads(NodeRead source, NodeRead target) {
    }

    private final NodeAccess access;
    private final Probe probe;
    private final String resource;
    private final String source;
    private final String target;
    private final Audit audit;
    private final PlanListener listener;
    private final Duration verifyTimeout;
    private final ExecutorService readers;
    /** The same plan's other resources (a workload with several disks), sharing everything but the resource. */
    private final Map<String, Run> siblings;
    private final DualWindow window;
    private String sourceHost;
    private String targetHost;
    private volatile boolean promoteSent;
    private volatile Reads lastConfirmed;

    public Run(NodeAccess access, String resource, String source, String target, Audit audit, PlanListener listener,
            Duration verifyTimeout) {
        this(access, resource, source, target, audit, listener, verifyTimeout, null);
    }

    /** @param window where the dual-primary window is timed (a live migration), or null */
    public Run(NodeAccess access, String resource, String source, String target, Audit audit, PlanListener listener,
            Duration verifyTimeout, DualWindow window) {
        this.access = access;
        this.probe = new Probe(access);
        this.resource = resource;
        this.source = source;
        this.target = target;
        this.audit = audit;
        this.listener = listener;
        this.verifyTimeout = verifyTimeout;
        this.sourceHost = source;
        this.targetHost = target;
        this.readers = Executors.newVirtualThreadPerTaskExecutor();
        this.siblings = new ConcurrentHashMap<>();
        this.window = window;
    }

    private Run(Run first, String resource) {
        this.access = first.access;
        this.probe = first.probe;
        this.resource = resource;
        this.source = first.source;
        this.target = first.target;
        this.audit = first.audit;
        this.listener = first.listener;
        this.verifyTimeout = first.verifyTimeout;
        this.sourceHost = first.sourceHost;
        this.targetHost = first.targetHost;
        this.readers = first.readers;
        this.siblings = first.siblings;
        this.window = first.window;
    }

    public void hosts(String sourceHost, String targetHost) {
        this.sourceHost = sourceHost;
        this.targetHost = targetHost;
    }

    /** The same run, for another resource of the plan (same nodes, audit and listener). */
    public Run on(String res) {
        if (res.equals(resource)) {
            return this;
        }
        return siblings.computeIfAbsent(res, r -> new Run(this, r));
    }

    /** The dual-primary window of a live migration, or null. */
    public DualWindow window() {
        return window;
    }

    public PlanListener listener() {
        return listener;
    }

    public String resource() {
        return resource;
    }

    public String source() {
        return source;
    }

    public String target() {
        return target;
    }

    public String hostOf(String node) {
        return node.equals(source) ? sourceHost : targetHost;
    }

    public String peerHostOf(String node) {
        return node.equals(source) ? targetHost : sourceHost;
    }

    public String peerOf(String node) {
        return node.equals(source) ? target : source;
    }

    public Probe probe() {
        return probe;
    }

    public Instant now() {
        return access.clock().instant();
    }

    /** The target was sent a promote at some point: if it cannot be read now, it may be Primary. */
    public boolean promoteSent() {
        return promoteSent;
    }

    public void markPromoteSent() {
        promoteSent = true;
    }

    /**
     * Runs a command that changes something on a node; a lost connection comes back as exit {@link #LOST} with the
     * reason in stderr. Shown, audited, and logged in the node's syslog.
     */
    public CommandResult exec(String node, RemoteCommand c) throws InterruptedException {
        return run(node, c, true, Probe.COMMAND_TIMEOUT);
    }

    /** {@link #exec} for a command that may run long (a VM's migration). */
    public CommandResult exec(String node, RemoteCommand c, Duration timeout) throws InterruptedException {
        return run(node, c, true, timeout);
    }

    /** Runs a command that only reads (a mount table, a unit's state): shown and audited, not sent to syslog. */
    public CommandResult query(String node, RemoteCommand c) throws InterruptedException {
        return run(node, c, false, Probe.COMMAND_TIMEOUT);
    }

    private CommandResult run(String node, RemoteCommand c, boolean change, Duration timeout)
            throws InterruptedException {
        listener.command(node, c, null);
        CommandResult r;
        Instant start = now();
        try {
            r = access.run(node, c, timeout);
        } catch (SshException e) {
            r = new CommandResult(LOST, "", "the connection to " + node + " was lost: " + e.getMessage(),
                    Duration.between(start, now()));
        }
        List<String> argv = c.argv();
        if (window != null && r.ok() && argv.size() == 3 && argv.get(0).equals("drbdadm")
                && (argv.get(1).equals("primary") || argv.get(1).equals("secondary"))) {
            window.roleChanged(argv.get(2), node, argv.get(1).equals("primary"), now()); // timed at the command's end
        }
        listener.command(node, c, r);
        audit.command(node, c, r, change);
        return r;
    }

    /** How long a step waits for the state it verifies. */
    public Duration verifyTimeout() {
        return verifyTimeout;
    }

    /** The state the last verification confirmed (both nodes, read then), or null. */
    public Reads lastConfirmed() {
        return lastConfirmed;
    }

    /** Waits for the next state change, at most {@code max}. */
    public void awaitChange(Duration max) throws InterruptedException {
        access.awaitChange(max);
    }

    public void log(String line) {
        listener.log(line);
    }

    public Audit audit() {
        return audit;
    }

    public NodeRead read(String node) throws InterruptedException {
        return probe.read(node, hostOf(node), resource);
    }

    /** Both nodes, read in parallel. */
    public Reads reads() throws InterruptedException {
        Future<NodeRead> s = readers.submit(() -> read(source));
        Future<NodeRead> t = readers.submit(() -> read(target));
        Reads r = new Reads(Futures.value(s), Futures.value(t));
        if (window != null && r.source().reachable() && r.target().reachable()) {
            window.seen(resource, source, r.source().isPrimary(), target, r.target().isPrimary(), now());
        }
        return r;
    }

    /**
     * Observes the cluster until {@code ok} holds, at most the verification timeout.
     *
     * @throws StepFailed with the last state seen when it does not
     */
    public Reads await(String what, Predicate<Reads> ok) throws StepFailed, InterruptedException {
        Instant deadline = now().plus(verifyTimeout);
        while (true) {
            Reads r = reads();
            if (ok.test(r)) {
                lastConfirmed = r;
                return r;
            }
            Duration left = Duration.between(now(), deadline);
            if (left.isNegative() || left.isZero()) {
                throw new StepFailed("Not confirmed within " + verifyTimeout.toSeconds() + " s: " + what + ". Seen: "
                        + r.source().describe(targetHost) + "; " + r.target().describe(sourceHost) + ".",
                        "Look at both nodes' state and kernel log (dmesg) for why.");
            }
            access.awaitChange(left.compareTo(Duration.ofSeconds(1)) < 0 ? left : Duration.ofSeconds(1));
        }
    }

    @Override
    public void close() {
        readers.shutdownNow();
    }
}
