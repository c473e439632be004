// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cluster;

import io.drbdpilot.drbd.health.HealthPolicy;
import io.drbdpilot.drbd.model.UtilsVersion;
import io.drbdpilot.drbd.parse.ParseException;
import io.drbdpilot.drbd.parse.VersionParser;
import io.drbdpilot.settings.ClusterSettings;
import io.drbdpilot.settings.NodeSettings;
import io.drbdpilot.ssh.ChannelOpener;
import io.drbdpilot.ssh.CommandJournal;
import io.drbdpilot.ssh.CommandResult;
import io.drbdpilot.ssh.JournaledChannel;
import io.drbdpilot.ssh.NodeChannel;
import io.drbdpilot.ssh.RemoteCommand;
import io.drbdpilot.ssh.SshException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The app's way to its nodes, as the UI uses it: it opens a cluster's monitor, tests a node's connection and reads a
 * cluster from one node. The UI holds one of these and never a channel: every remote call it causes goes through
 * the monitor, the engine or this. Over SSH in the app; in process in tests and the simulator.
 */
public final class NodeLinks {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** One node's connection test. */
    public record TestResult(String node, boolean ok, String message) {
    }

    /** A cluster read from one node: its nodes, and what was left out and why. */
    public record Imported(List<NodeSettings> nodes, List<String> skipped) {
    }

    private final ChannelOpener opener;
    private final Clock clock;
    private final CommandJournal journal;

    /** @param journal where every command run through these links is recorded (the window's command log) */
    public NodeLinks(ChannelOpener opener, Clock clock, CommandJournal journal) {
        this.opener = opener;
        this.clock = clock;
        this.journal = journal;
    }

    public NodeLinks(ChannelOpener opener, Clock clock) {
        this(opener, clock, new CommandJournal(clock));
    }

    public NodeLinks(ChannelOpener opener) {
        this(opener, Clock.systemUTC());
    }

    /** The record of every command run through these links: the monitors', the connection tests', the plans'. */
    public CommandJournal journal() {
        return journal;
    }

    private NodeChannel open(ChannelOpener o, String node, String target) {
        return new JournaledChannel(o.open(target), journal, node);
    }

    /** A monitor of every node of the cluster, not started; it owns the channels. */
    public ClusterMonitor monitor(ClusterSettings settings, HealthPolicy policy) {
        Map<String, NodeChannel> map = new LinkedHashMap<>();
        try {
            ChannelOpener o = opener(settings);
            for (NodeSettings n : settings.nodes()) {
                map.put(n.name(), open(o, n.name(), n.target()));
            }
        } catch (RuntimeException e) {
            map.values().forEach(NodeChannel::close);
            throw e;
        }
        return new ClusterMonitor(settings.name(), map, clock, policy);
    }

    /** The opener with the cluster's own identity and known_hosts files, where it names them. */
    private ChannelOpener opener(ClusterSettings c) {
        return c == null ? opener : opener.withFiles(c.identityPath(), c.knownHostsPath());
    }

    /** Checks that a target resolves (its ssh_config entries, its port); throws with the reason if not. */
    public void resolve(String target) {
        opener.resolve(target);
    }

    /** Connects to a node, reads its host name and DRBD versions, and says how that went. */
    public TestResult test(NodeSettings n) {
        return test(null, n);
    }

    /** {@link #test(NodeSettings)} with the cluster's own SSH files (null: the defaults). */
    public TestResult test(ClusterSettings cluster, NodeSettings n) {
        long t0 = System.nanoTime();
        try (NodeChannel s = open(opener(cluster), n.name(), n.target())) {
            s.connect();
            String host = s.run(RemoteCommand.of("uname", "-n"), TIMEOUT).stdout().strip();
            CommandResult v = s.run(RemoteCommand.root("drbdadm", "--version"), TIMEOUT);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (!v.ok()) {
                return new TestResult(n.name(), false, "Connected to " + host + ", but 'drbdadm --version' failed "
                        + "(exit " + v.exitCode() + "): " + v.stderr().strip() + ". Is drbd-utils installed, and may "
                        + "this login use sudo?");
            }
            return new TestResult(n.name(), true, "OK in " + ms + " ms: host " + host + ", " + versions(v.stdout()));
        } catch (SshException e) {
            return new TestResult(n.name(), false, e.getMessage());
        } catch (RuntimeException e) {
            return new TestResult(n.name(), false, "Unexpected error: " + e);
        }
    }

    static String versions(String drbdadmVersion) {
        try {
            UtilsVersion v = VersionParser.parse(drbdadmVersion).value();
            return "DRBD " + (v.kernelVersion() == null ? "module not loaded" : v.kernelVersion()) + ", drbd-utils "
                    + (v.utilsVersion() == null ? "?" : v.utilsVersion());
        } catch (ParseException e) {
            return "unreadable drbdadm --version output";
        }
    }

    /**
     * Reads a node's DRBD configuration and proposes a node for every host it names (the SSH targets of the other
     * hosts are guesses). Throws with the reason when the node cannot be read.
     */
    public Imported importFrom(String target) throws SshException, ParseException {
        try (NodeChannel s = open(opener, target, target)) {
            List<String> skipped = new ArrayList<>();
            List<NodeSettings> nodes = ClusterImport.fromNode(s, skipped).stream()
                    .map(p -> new NodeSettings(p.drbdHost(), p.proposedTarget(),
                            !p.proposedTarget().startsWith("root@"))).toList();
            return new Imported(nodes, List.copyOf(skipped));
        }
    }
}
