// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.wizard;

import io.drbdpilot.ops.node.Probe;
import io.drbdpilot.ops.node.SshNodeAccess;
import io.drbdpilot.ops.plan.Operation;
import io.drbdpilot.ops.plan.ResourceLock;
import io.drbdpilot.ops.resync.ResyncChecks;
import io.drbdpilot.ops.resync.ResyncControl;
import io.drbdpilot.ops.resync.ResyncReport;
import io.drbdpilot.ui.task.UiTasks;
import io.drbdpilot.ui.workspace.ClusterEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The resync wizard's state: the resource, what to do (pause, resume, a rate, reset), the rate, follow or leave. */
public final class ResyncWizardModel extends PlanWizardModel<ResyncChecks.Result> {

    private String resource;
    private ResyncChecks.Kind kind = ResyncChecks.Kind.PAUSE;
    private String rate = "100M";
    private boolean leave;

    public ResyncWizardModel(ClusterEntry cluster, UiTasks tasks, Path auditFile, String preselected,
            ResyncChecks.Kind kind) {
        super(cluster, tasks, auditFile, "resync-wizard");
        resource = firstResource(preselected);
        if (kind != null) {
            this.kind = kind;
        }
    }

    public List<String> resources() {
        return resourceNames();
    }

    public String resource() {
        return resource;
    }

    public void resource(String name) {
        resource = name;
    }

    public ResyncChecks.Kind kind() {
        return kind;
    }

    public void kind(ResyncChecks.Kind k) {
        kind = k;
    }

    public String rate() {
        return rate;
    }

    public void rate(String r) {
        rate = r == null ? "" : r.strip();
    }

    public boolean leave() {
        return leave;
    }

    public void leave(boolean l) {
        leave = l;
    }

    /** The nodes that hold the resource with a disk. */
    public List<String> nodes() {
        return nodesWith(resource, r -> r.devices().stream().noneMatch(d -> Boolean.TRUE.equals(d.client())));
    }

    /** The resyncs now, in words, read fresh from the nodes (call it off the UI thread). */
    public String report() throws InterruptedException {
        if (resource == null || nodes().size() < 2) {
            return "Choose a resource with two nodes.";
        }
        return ResyncReport.read(new Probe(new SshNodeAccess(cluster.monitor(), clock)), resource, nodes())
                .describe().replace("RES", resource);
    }

    @Override
    public String choiceProblem() {
        if (resource == null || nodes().size() < 2) {
            return "Choose a resource with two nodes that hold a disk.";
        }
        if (kind == ResyncChecks.Kind.RATE) {
            try {
                ResyncControl.parseRate(rate);
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        }
        return null;
    }

    @Override
    protected Operation<ResyncChecks.Result> build() {
        long kib = kind == ResyncChecks.Kind.RATE ? ResyncControl.parseRate(rate) : 0;
        return new ResyncControl(new SshNodeAccess(cluster.monitor(), clock), resource, nodes(), kind, kib, null,
                new ResyncControl.Options(auditFile, ResourceLock.holder("DRBD Pilot window"), Duration.ofSeconds(30),
                        Duration.ofHours(12), leave));
    }

    @Override
    public String reading() {
        return "Reading the resync on every node…";
    }

    @Override
    public String headline(ResyncChecks.Result checked) {
        String on = String.join(", ", checked.actOn());
        return switch (kind) {
            case PAUSE -> "Pause the resync of " + resource + " on " + on + ".";
            case RESUME -> "Resume the resync of " + resource + " on " + on + ".";
            case RATE -> "Run the resync of " + resource + " on " + on + " at " + rate + "/s" + (leave
                    ? " until you reset it." : ", then reset the rate when it ends.");
            case RESET -> "Reset the resync rate of " + resource + " on " + on + " to the configuration's.";
        };
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
