// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cli;

import io.drbdpilot.cluster.ClusterMonitor;
import io.drbdpilot.ops.node.NodeAccess;
import io.drbdpilot.ops.node.SshNodeAccess;
import io.drbdpilot.settings.SettingsStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every verb that changes a cluster shares: the plan's options (--dry-run, --yes, --json, --audit), the node
 * options, the settings and the default audit file. Each verb builds its plan and hands it to
 * {@link PlanOptions#runChecked}.
 */
abstract class PlanCommand implements Callable<Integer> {

    @Mixin
    PlanOptions plan = new PlanOptions();

    @Mixin
    LiveOptions live = new LiveOptions();

    @Spec
    CommandSpec spec;

    protected final SettingsStore settings;
    protected final Path defaultAudit;

    protected PlanCommand(SettingsStore settings, Path defaultAudit) {
        this.settings = settings;
        this.defaultAudit = defaultAudit;
    }

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** A verb's plan, given access to the nodes and those that hold the resource. */
    @FunctionalInterface
    protected interface OnNodes {
        int run(NodeAccess access, List<String> nodes) throws Exception;
    }

    /**
     * The configured nodes (or only {@code named} among them) connected and settled, then {@code body} with those that
     * hold the resource. A bad name, no node with the resource, or a plan that refuses its arguments
     * (IllegalArgumentException) is a usage error: said on stderr as "VERB: ...", exit 2.
     */
    protected int onNodes(String verb, List<String> named, String resource, OnNodes body) throws Exception {
        Map<String, String> targets;
        try {
            targets = live.targets(settings.load().settings(), named);
        } catch (IllegalArgumentException e) {
            err().println(verb + ": " + e.getMessage());
            return SwitchoverCommand.USAGE;
        }
        try (ClusterMonitor monitor = live.settled(targets)) {
            List<String> nodes = LiveOptions.nodesWithResource(monitor.snapshot(), targets, resource);
            if (nodes.isEmpty()) {
                err().println(verb + ": no node among " + targets.keySet() + " holds " + resource);
                return SwitchoverCommand.USAGE;
            }
            try {
                return body.run(new SshNodeAccess(monitor, Clock.systemUTC()), nodes);
            } catch (IllegalArgumentException e) {
                err().println(verb + ": " + e.getMessage());
                return SwitchoverCommand.USAGE;
            } finally {
                out().flush();
            }
        }
    }
}
