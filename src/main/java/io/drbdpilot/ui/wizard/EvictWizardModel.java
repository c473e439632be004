// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.wizard;

import io.drbdpilot.ops.node.SshNodeAccess;
import io.drbdpilot.ops.plan.Operation;
import io.drbdpilot.ops.plan.ResourceLock;
import io.drbdpilot.ops.reactor.Evict;
import io.drbdpilot.ops.reactor.EvictChecks;
import io.drbdpilot.ui.task.UiTasks;
import io.drbdpilot.ui.workspace.ClusterEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The drbd-reactor wizard's state: the resource, and either a move handed to drbd-reactor (with or without keeping the
 * old node masked) or the mask lifted on a node.
 */
public final class EvictWizardModel extends PlanWizardModel<EvictChecks.Result> {

    private String resource;
    private boolean keepMasked;
    private String unmaskOn;

    public EvictWizardModel(ClusterEntry cluster, UiTasks tasks, Path auditFile, String preselected) {
        super(cluster, tasks, auditFile, "evict-wizard");
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
        unmaskOn = null;
    }

    public void keepMasked(boolean on) {
        keepMasked = on;
    }

    /** Null: evict; a node: lift its mask instead. */
    public void unmaskOn(String node) {
        unmaskOn = node;
    }

    public String unmaskOn() {
        return unmaskOn;
    }

    /** The nodes that hold the resource. */
    public List<String> nodes() {
        return nodesWith(resource, r -> true);
    }

    /** What drbd-reactor does with the resource, for the confirmation: state, preference, units per node. */
    public List<String> describe(EvictChecks.Result checked) {
        return checked.describe(nodes());
    }

    @Override
    public String choiceProblem() {
        return resource == null ? "Choose a resource that drbd-reactor manages." : null;
    }

    @Override
    protected Operation<EvictChecks.Result> build() {
        Evict.Options o = Evict.Options.defaults(auditFile, ResourceLock.holder("DRBD Pilot window"));
        o = new Evict.Options(o.auditFile(), o.holder(), o.delay(), Duration.ofSeconds(90));
        SshNodeAccess access = new SshNodeAccess(cluster.monitor(), clock);
        return unmaskOn == null ? Evict.evict(access, resource, nodes(), keepMasked, o)
                : Evict.unmask(access, resource, nodes(), unmaskOn, o);
    }

    @Override
    public String reading() {
        return "Reading " + resource + " and drbd-reactor on every node: roles, disks, the promoter's snippet, its "
                + "units, masks…";
    }

    @Override
    public String headline(EvictChecks.Result checked) {
        if (unmaskOn != null) {
            return "Lift the mask on " + unmaskOn + " for " + resource + " (drbd-reactorctl evict --unmask).";
        }
        return "Hand the move of " + resource + " to drbd-reactor: evict it from " + checked.active()
                + (checked.expected() == null ? "" : "; " + checked.expected() + " takes over") + (keepMasked
                ? ", and keep " + checked.active() + " masked." : ".");
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
