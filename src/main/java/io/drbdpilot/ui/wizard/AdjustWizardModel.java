// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.wizard;

import io.drbdpilot.ops.config.Adjust;
import io.drbdpilot.ops.config.AdjustChecks;
import io.drbdpilot.ops.config.ConfigDrift;
import io.drbdpilot.ops.node.Probe;
import io.drbdpilot.ops.node.SshNodeAccess;
import io.drbdpilot.ops.plan.Operation;
import io.drbdpilot.ops.plan.ResourceLock;
import io.drbdpilot.ui.task.UiTasks;
import io.drbdpilot.ui.workspace.ClusterEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The adjust wizard's state: the resource, and the one node to adjust (when the files differ) or every node. */
public final class AdjustWizardModel extends PlanWizardModel<AdjustChecks.Result> {

    /** The choice "every node", as the node list shows it. */
    public static final String EVERY_NODE = "every node";

    private String resource;
    private String only;

    public AdjustWizardModel(ClusterEntry cluster, UiTasks tasks, Path auditFile, String preselected) {
        super(cluster, tasks, auditFile, "adjust-wizard");
        resource = firstResource(preselected);
    }

    public List<String> resources() {
        return resourceNames();
    }

    public String resource() {
        return resource;
    }

    public void resource(String name) {
        resource = name;
        if (only != null && !nodes().contains(only)) {
            only = null;
        }
    }

    /** The one node to adjust, or null for every node. */
    public String only() {
        return only;
    }

    public void only(String node) {
        only = node == null || node.equals(EVERY_NODE) ? null : node;
    }

    /** The nodes that hold the resource (diskless ones too). */
    public List<String> nodes() {
        return nodesWith(resource, r -> true);
    }

    /** Where the files and the kernel disagree now, in words, read fresh (call it off the UI thread). */
    public String drift() throws InterruptedException {
        if (resource == null || nodes().isEmpty()) {
            return "Choose a resource.";
        }
        ConfigDrift d = ConfigDrift.read(new Probe(new SshNodeAccess(cluster.monitor(), clock)), resource, nodes());
        if (d.inSync()) {
            return "The files of " + resource + " are the same on " + String.join(", ", d.nodes()) + ", and every "
                    + "kernel runs them: nothing to adjust.";
        }
        return String.join("\n\n", d.findings());
    }

    @Override
    public String choiceProblem() {
        return resource == null || nodes().isEmpty() ? "Choose a resource." : null;
    }

    @Override
    protected Operation<AdjustChecks.Result> build() {
        return new Adjust(new SshNodeAccess(cluster.monitor(), clock), resource, nodes(), only, new Adjust.Options(
                auditFile, ResourceLock.holder("DRBD Pilot window"), Duration.ofSeconds(60)));
    }

    @Override
    public String reading() {
        return "Reading the files and the kernel of " + resource + " on every node…";
    }

    @Override
    public String headline(AdjustChecks.Result checked) {
        return "Apply the files of " + resource + " to the kernel on " + (checked.actOn().isEmpty() ? "no node"
                : String.join(", ", checked.actOn())) + " (drbdadm adjust " + resource + ").";
    }

    @Override
    public String confirmName() {
        return resource;
    }

    @Override
    protected String stateResource() {
        return resource;
    }
}
