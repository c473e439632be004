// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.wizard;

import io.drbdpilot.cluster.ClusterSnapshot;
import io.drbdpilot.cluster.NodeView;
import io.drbdpilot.ops.migration.Migration;
import io.drbdpilot.ops.migration.MigrationChecks;
import io.drbdpilot.ops.node.SshNodeAccess;
import io.drbdpilot.ops.plan.Operation;
import io.drbdpilot.ops.plan.ResourceLock;
import io.drbdpilot.ops.workload.Workload;
import io.drbdpilot.ui.task.UiTasks;
import io.drbdpilot.ui.workspace.ClusterEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The migration wizard's state: the VMs and services found on DRBD (searched off the UI thread), the chosen one, the
 * target (a node that holds all its resources), live or cold, more units, and the plan on the engine.
 */
public final class MigrationWizardModel extends PlanWizardModel<MigrationChecks.Result> {

    /** The live migration's dual-primary window is flagged past this. */
    static final Duration WINDOW_LIMIT = Duration.ofSeconds(60);

    private final String preselect;
    private final String preselectNode;
    private List<Workload> found = List.of();
    private String foundText = "Looking for VMs and services on DRBD on every node…";
    private boolean searching;
    private Workload workload;
    private String target;
    private Migration.Mode mode = Migration.Mode.COLD;
    private String units = "";
    private volatile Migration migration;
    private Runnable onFound = () -> { };

    /**
     * @param node     show this node's workloads first; null for all
     * @param workload a workload to choose (VM, unit or mount point), or one using this resource; null for none
     */
    public MigrationWizardModel(ClusterEntry cluster, UiTasks tasks, Path auditFile, String node, String workload) {
        super(cluster, tasks, auditFile, "migration-wizard");
        this.preselect = workload;
        this.preselectNode = node;
    }

    /** Receives the end of each search, on the UI thread. */
    public void onFound(Runnable listener) {
        onFound = listener;
    }

    /** Searches every node for VMs and services on DRBD; the first is chosen (the preselected one if found). */
    public void discover() {
        searching = true;
        foundText = "Looking for VMs and services on DRBD on every node…";
        found = List.of();
        cluster.discoverWorkloads(tasks, f -> {
            found = f.workloads().stream().sorted((a, b) -> {
                int byNode = Boolean.compare(!a.node().equals(preselectNode), !b.node().equals(preselectNode));
                return byNode != 0 ? byNode : (a.node() + a.name()).compareTo(b.node() + b.name());
            }).toList();
            foundText = found.isEmpty() ? "No VM and no mounted filesystem uses a DRBD device on " + String.join(", ",
                    cluster.monitor().nodeNames()) + "." + (f.errors().isEmpty() ? "" : " Not read: " + f.errors())
                    : !f.errors().isEmpty() ? "Some nodes could not be read: " + f.errors()
                    : !f.skipped().isEmpty() ? "Left out (" + f.skipped().size() + "): " + String.join("; ",
                            f.skipped()) : "";
            Workload pick = preselect == null ? null : found.stream().filter(w -> w.matches(preselect)
                    || w.resources().contains(preselect)).findFirst().orElse(null);
            searching = false;
            choose(pick != null ? pick : found.isEmpty() ? null : found.get(0));
            onFound.run();
        }, why -> {
            searching = false;
            foundText = why;
            onFound.run();
        });
    }

    public boolean searching() {
        return searching;
    }

    public List<Workload> found() {
        return found;
    }

    /** What the search found or why it could not, in words; empty when the list says it all. */
    public String foundText() {
        return foundText;
    }

    public Workload workload() {
        return workload;
    }

    /** Chooses a workload: the target becomes the first node that holds all its resources, the mode live if it can. */
    public void choose(Workload w) {
        workload = w;
        List<String> t = targets();
        target = t.isEmpty() ? null : t.get(0);
        mode = w != null && w.canMoveLive() ? Migration.Mode.LIVE : Migration.Mode.COLD;
    }

    /** What moves together with the chosen workload, in words. */
    public String movesTogether() {
        Workload w = workload;
        return w == null ? "" : "Moves together: " + String.join(", ", w.resources()) + (w.mounts().isEmpty() ? ""
                : "; filesystems " + String.join(", ", w.mounts().stream().map(m -> m.path()).toList()))
                + (w.units().isEmpty() ? "" : "; units " + String.join(", ", w.units())) + ".";
    }

    /** The nodes other than the workload's that have every one of its resources with a disk. */
    public List<String> targets() {
        List<String> out = new ArrayList<>();
        Workload w = workload;
        ClusterSnapshot s = cluster.snapshotProperty().get();
        if (w == null) {
            return out;
        }
        for (String n : cluster.monitor().nodeNames()) {
            NodeView v = s == null ? null : s.node(n).orElse(null);
            if (!n.equals(w.node()) && v != null && w.resources().stream().allMatch(r -> v.resource(r)
                    .map(x -> !x.devices().isEmpty()).orElse(false))) {
                out.add(n);
            }
        }
        return out;
    }

    public String target() {
        return target;
    }

    public void target(String node) {
        target = node;
    }

    public Migration.Mode mode() {
        return mode;
    }

    /** Live only where the workload can move live. */
    public void mode(Migration.Mode m) {
        mode = m == Migration.Mode.LIVE && (workload == null || !workload.canMoveLive()) ? Migration.Mode.COLD : m;
    }

    /** More units to stop and start with a service (that systemd does not link to the mount). */
    public void units(String text) {
        units = text == null ? "" : text;
    }

    @Override
    public String choiceProblem() {
        return workload == null ? "Pick a workload first."
                : target == null ? "No other node holds every resource of " + workload.name() + "." : null;
    }

    @Override
    protected Operation<MigrationChecks.Result> build() {
        Workload w = workload;
        List<String> extra = SwitchoverWizardModel.words(units);
        if (!w.isVm() && !extra.isEmpty()) {
            w = w.withUnits(extra);
        }
        migration = new Migration(new SshNodeAccess(cluster.monitor(), clock), cluster.monitor().nodeNames(), w,
                target, mode, new Migration.Options(auditFile, ResourceLock.holder("DRBD Pilot window"),
                        Duration.ofSeconds(15), WINDOW_LIMIT, Duration.ofMinutes(30)));
        return migration;
    }

    /** The plan built from the choices, or null before. */
    public Migration migration() {
        return migration;
    }





    @Override
    public String reading() {
        return "Reading both nodes, for every resource of " + migration.workload().name() + "…";
    }

    @Override
    public String headline(MigrationChecks.Result checked) {
        return (migration.mode() == Migration.Mode.LIVE ? "Live" : "Cold") + " migration of "
                + migration.workload().describe() + " to " + migration.target() + ": "
                + migration.steps(checked).size() + " steps.";
    }

    /** The warning the confirmation shows for a live migration, or null. */
    public String windowWarning() {
        return migration.mode() != Migration.Mode.LIVE ? null : "While the VM moves, both nodes are Primary. If the "
                + "replication link fails in that window, the data splits (split brain). The window is timed; past "
                + WINDOW_LIMIT.toSeconds() + " s it is flagged.";
    }

    @Override
    public String confirmName() {
        return migration.workload().name();
    }
}
