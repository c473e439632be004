// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.wizard;

import io.drbdpilot.ops.node.SshNodeAccess;
import io.drbdpilot.ops.plan.Operation;
import io.drbdpilot.ops.plan.ResourceLock;
import io.drbdpilot.ops.verify.Verify;
import io.drbdpilot.ops.verify.VerifyChecks;
import io.drbdpilot.ops.verify.VerifyHistory;
import io.drbdpilot.ui.task.UiTasks;
import io.drbdpilot.ui.workspace.ClusterEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The verify wizard's state: the resource, the two nodes, the good side for a resync (or none), the plan. */
public final class VerifyWizardModel extends PlanWizardModel<VerifyChecks.Result> {

    private final Path history;
    private String resource;
    private String node;
    private String peer;
    private String resyncFrom;

    public VerifyWizardModel(ClusterEntry cluster, UiTasks tasks, Path auditFile, Path history, String preselected) {
        super(cluster, tasks, auditFile, "verify-wizard");
        this.history = history;
        List<String> names = resources();
        resource(preselected != null && names.contains(preselected) ? preselected
                : names.isEmpty() ? null : names.get(0));
    }

    public List<String> resources() {
        return resourceNames();
    }

    /** The nodes that hold the resource with a disk. */
    public List<String> nodes() {
        return nodesWith(resource, r -> !r.devices().isEmpty() && r.devices().stream()
                .noneMatch(d -> Boolean.TRUE.equals(d.client())));
    }

    public String resource() {
        return resource;
    }

    /** Chooses the resource; the pair becomes its first two nodes with a disk. */
    public void resource(String name) {
        resource = name;
        List<String> n = nodes();
        node = n.isEmpty() ? null : n.get(0);
        peer = n.size() < 2 ? null : n.get(1);
        resyncFrom = null;
    }

    public String node() {
        return node;
    }

    public String peer() {
        return peer;
    }

    public void pair(String node, String peer) {
        this.node = node;
        this.peer = peer;
    }

    /** The good side to resync what is found from, or null for a report only. */
    public void resyncFrom(String good) {
        resyncFrom = good;
    }

    public String resyncFrom() {
        return resyncFrom;
    }

    /** The earlier runs of the resource, in words. */
    public String history() {
        try {
            return VerifyHistory.describe(new VerifyHistory(history).of(resource));
        } catch (IOException e) {
            return "The history could not be read: " + e.getMessage();
        }
    }

    @Override
    public String choiceProblem() {
        return resource == null ? "Choose a resource." : node == null || peer == null || node.equals(peer)
                ? "Choose two nodes of " + resource + " with a disk." : null;
    }

    @Override
    protected Operation<VerifyChecks.Result> build() {
        return new Verify(new SshNodeAccess(cluster.monitor(), clock), resource, node, peer, resyncFrom,
                new Verify.Options(auditFile, ResourceLock.holder("DRBD Pilot window"), Duration.ofSeconds(15),
                        Duration.ofHours(6), history));
    }

    @Override
    public String reading() {
        return "Reading both nodes…";
    }

    @Override
    public String headline(VerifyChecks.Result checked) {
        return "Verify " + resource + " between " + node + " and " + peer + (resyncFrom == null ? ""
                : ", then resync what it finds from " + resyncFrom) + ".";
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
