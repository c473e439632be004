// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.wizard;

import io.drbdpilot.drbd.model.Role;
import io.drbdpilot.ops.node.SshNodeAccess;
import io.drbdpilot.ops.plan.Operation;
import io.drbdpilot.ops.plan.ResourceLock;
import io.drbdpilot.ops.switchover.Preflight;
import io.drbdpilot.ops.switchover.Switchover;
import io.drbdpilot.ops.switchover.SwitchoverRequest;
import io.drbdpilot.ui.task.UiTasks;
import io.drbdpilot.ui.workspace.ClusterEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** The switchover wizard's state: the resource, the target, what to stop and start, and the plan on the engine. */
public final class SwitchoverWizardModel extends PlanWizardModel<Preflight.Result> {

    private String resource;
    private String target;
    private String stopUnits = "";
    private String umount = "";
    private String mount = "";
    private String startUnits = "";

    public SwitchoverWizardModel(ClusterEntry cluster, UiTasks tasks, Path auditFile, String preselected) {
        super(cluster, tasks, auditFile, "switchover-wizard");
        List<String> names = resources();
        resource(preselected != null && names.contains(preselected) ? preselected
                : names.isEmpty() ? null : names.get(0));
    }

    /** Every resource of the cluster, by name. */
    public List<String> resources() {
        return resourceNames();
    }

    /** The nodes that could take the role: they have the resource with a disk and are not Primary. */
    public List<String> targets() {
        return nodesWith(resource, r -> !r.role().is(Role.PRIMARY) && !r.devices().isEmpty());
    }

    public String resource() {
        return resource;
    }

    /** Chooses the resource; the target becomes its first candidate. */
    public void resource(String name) {
        resource = name;
        List<String> t = targets();
        target = t.isEmpty() ? null : t.get(0);
    }

    public String target() {
        return target;
    }

    public void target(String node) {
        target = node;
    }

    /** Units to stop and paths to unmount on the source, paths to mount and units to start on the target. */
    public void users(String stopUnits, String umount, String mount, String startUnits) {
        this.stopUnits = stopUnits;
        this.umount = umount;
        this.mount = mount;
        this.startUnits = startUnits;
    }

    static List<String> words(String text) {
        return Arrays.stream(text.strip().split("[\\s,]+")).filter(w -> !w.isEmpty()).toList();
    }

    @Override
    public String choiceProblem() {
        return resource == null ? "Choose a resource."
                : target == null ? "No node can take the role of " + resource + " (none has it Secondary with a disk)."
                : null;
    }

    @Override
    protected Operation<Preflight.Result> build() {
        SwitchoverRequest req = new SwitchoverRequest(resource, target, null, words(umount), words(stopUnits),
                List.of(), words(mount), words(startUnits), List.of());
        return new Switchover(new SshNodeAccess(cluster.monitor(), clock), cluster.monitor().nodeNames(), req,
                new Switchover.Options(auditFile, ResourceLock.holder("DRBD Pilot window"), Duration.ofSeconds(15)));
    }





    @Override
    public String reading() {
        return "Reading both nodes…";
    }

    @Override
    public String headline(Preflight.Result checked) {
        return "Move the Primary role of " + resource + " from " + (checked == null ? "?" : checked.source()) + " to "
                + target + ": " + steps(checked).size() + " steps.";
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
