// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.wizard;

import io.drbdpilot.cluster.ClusterSnapshot;
import io.drbdpilot.cluster.NodeView;
import io.drbdpilot.drbd.model.DiskState;
import io.drbdpilot.ops.disk.DiskChecks;
import io.drbdpilot.ops.disk.ReplaceDisk;
import io.drbdpilot.ops.node.SshNodeAccess;
import io.drbdpilot.ops.plan.Operation;
import io.drbdpilot.ops.plan.ResourceLock;
import io.drbdpilot.ui.task.UiTasks;
import io.drbdpilot.ui.workspace.ClusterEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The replace-disk wizard's state: the resource, the node whose disk failed (one that is Diskless, Failed or down is
 * proposed), a device when not the configured one, and the device path typed to confirm overwriting what it holds.
 */
public final class ReplaceDiskWizardModel extends PlanWizardModel<DiskChecks.Result> {

    private String resource;
    private String node;
    private String device;
    private String confirmDevice;

    public ReplaceDiskWizardModel(ClusterEntry cluster, UiTasks tasks, Path auditFile, String preselected) {
        super(cluster, tasks, auditFile, "replace-disk-wizard");
        resource(firstResource(preselected));
    }

    public List<String> resources() {
        return resourceNames();
    }

    public String resource() {
        return resource;
    }

    /** Chooses the resource; the node proposed is one whose disk is out (Diskless, Failed, or the resource down). */
    public void resource(String name) {
        resource = name;
        node = nodes().stream().filter(this::diskOut).findFirst().orElse(null);
    }

    /** Every node of the cluster: where the resource is down, the monitor does not see it, but its disk may be there. */
    public List<String> nodes() {
        ClusterSnapshot s = cluster.snapshotProperty().get();
        List<String> out = new ArrayList<>();
        if (s != null) {
            s.nodes().forEach(n -> out.add(n.node()));
        }
        return out;
    }

    /** The nodes of the resource besides the one repaired: those that hold it now, and the repaired one. */
    private List<String> resourceNodes() {
        ClusterSnapshot s = cluster.snapshotProperty().get();
        List<String> out = new ArrayList<>();
        if (s == null) {
            return out;
        }
        for (NodeView n : s.nodes()) {
            boolean holds = n.resource(resource).map(r -> r.devices().stream().noneMatch(d -> Boolean.TRUE.equals(
                    d.client()))).orElse(false);
            if (holds || n.node().equals(node) || n.freshness() != NodeView.Freshness.LIVE) {
                out.add(n.node());
            }
        }
        return out;
    }

    /** The node's disk of the resource is out: Diskless or Failed, or the resource is not up there. */
    public boolean diskOut(String n) {
        ClusterSnapshot s = cluster.snapshotProperty().get();
        NodeView v = s == null ? null : s.node(n).orElse(null);
        if (v == null || v.freshness() != NodeView.Freshness.LIVE || resource == null) {
            return false;
        }
        return v.resource(resource).map(r -> r.devices().stream().anyMatch(d -> !Boolean.TRUE.equals(d.client())
                && (d.disk().is(DiskState.DISKLESS) || d.disk().is(DiskState.FAILED)))).orElse(v.config() != null
                && v.config().resource(resource).flatMap(c -> c.host(v.drbdHost())).isPresent()); // down here
    }

    public String node() {
        return node;
    }

    public void node(String n) {
        node = n;
    }

    public void device(String d) {
        device = d == null || d.isBlank() ? null : d.strip();
    }

    public void confirmDevice(String d) {
        confirmDevice = d == null || d.isBlank() ? null : d.strip();
    }

    @Override
    public String choiceProblem() {
        if (resource == null) {
            return "Choose a resource.";
        }
        if (node == null) {
            return "Choose the node whose disk is replaced.";
        }
        return resourceNodes().size() < 2 ? "No other node holds " + resource + "." : null;
    }

    @Override
    protected Operation<DiskChecks.Result> build() {
        return new ReplaceDisk(new SshNodeAccess(cluster.monitor(), clock), resource, node, resourceNodes(), device,
                confirmDevice, new ReplaceDisk.Options(auditFile, ResourceLock.holder("DRBD Pilot window"),
                        Duration.ofSeconds(60), Duration.ofHours(12)));
    }

    @Override
    public String reading() {
        return "Reading every node and the new disk…";
    }

    @Override
    public String headline(DiskChecks.Result checked) {
        return "Replace " + node + "'s disk of " + resource + " and resync it in full from " + checked.good() + ".";
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
