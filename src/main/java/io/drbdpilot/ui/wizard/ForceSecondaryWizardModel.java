// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.wizard;

import io.drbdpilot.cluster.ClusterSnapshot;
import io.drbdpilot.cluster.NodeView;
import io.drbdpilot.drbd.model.Role;
import io.drbdpilot.ops.node.SshNodeAccess;
import io.drbdpilot.ops.plan.Operation;
import io.drbdpilot.ops.plan.ResourceLock;
import io.drbdpilot.ops.quorum.ForceSecondary;
import io.drbdpilot.ops.quorum.QuorumChecks;
import io.drbdpilot.ui.task.UiTasks;
import io.drbdpilot.ui.workspace.ClusterEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The quorum recovery wizard's state: the resource, the Primary that lost quorum, and who takes over (or nobody). */
public final class ForceSecondaryWizardModel extends PlanWizardModel<QuorumChecks.Result> {

    /** The choice "nobody": the operator switches over afterwards. */
    public static final String NOBODY = "nobody now (I switch over afterwards)";

    private String resource;
    private String node;
    private String takeOver;

    public ForceSecondaryWizardModel(ClusterEntry cluster, UiTasks tasks, Path auditFile, String preselected) {
        super(cluster, tasks, auditFile, "force-secondary-wizard");
        resource = firstResource(preselected);
        node = primary();
    }

    public List<String> resources() {
        return resourceNames();
    }

    public String resource() {
        return resource;
    }

    public void resource(String name) {
        resource = name;
        node = primary();
        takeOver = null;
    }

    public String node() {
        return node;
    }

    public void node(String n) {
        node = n;
    }

    public String takeOver() {
        return takeOver;
    }

    public void takeOver(String n) {
        takeOver = n == null || n.equals(NOBODY) ? null : n;
    }

    /** The nodes that hold the resource. */
    public List<String> nodes() {
        return nodesWith(resource, r -> true);
    }

    /** The node the monitor shows Primary for the resource (the one to recover), or the first node. */
    private String primary() {
        ClusterSnapshot s = cluster.snapshotProperty().get();
        if (s == null || resource == null) {
            return null;
        }
        for (NodeView n : s.nodes()) {
            if (n.resource(resource).map(r -> r.role().is(Role.PRIMARY)).orElse(false)) {
                return n.node();
            }
        }
        List<String> all = nodes();
        return all.isEmpty() ? null : all.get(0);
    }

    @Override
    public String choiceProblem() {
        if (resource == null || node == null) {
            return "Choose a resource and the Primary that lost quorum.";
        }
        return node.equals(takeOver) ? "The node that takes over must be another one." : null;
    }

    @Override
    protected Operation<QuorumChecks.Result> build() {
        return new ForceSecondary(new SshNodeAccess(cluster.monitor(), clock), resource, node, nodes(), takeOver,
                new ForceSecondary.Options(auditFile, ResourceLock.holder("DRBD Pilot window"),
                        Duration.ofSeconds(60)));
    }

    @Override
    public String reading() {
        return "Reading " + resource + " on every node: quorum, peers, users of the device, versions…";
    }

    @Override
    public String headline(QuorumChecks.Result checked) {
        return "Force " + node + " to Secondary for " + resource + " (drbdadm secondary --force)" + (takeOver == null
                ? "." : ", then promote " + takeOver + ".");
    }

    @Override
    public String confirmName() {
        return node;
    }

    @Override
    protected String stateResource() {
        return resource;
    }
}
