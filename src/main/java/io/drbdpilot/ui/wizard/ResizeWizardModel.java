// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.wizard;

import io.drbdpilot.ops.config.Resize;
import io.drbdpilot.ops.config.ResizeChecks;
import io.drbdpilot.ops.node.SshNodeAccess;
import io.drbdpilot.ops.plan.Check;
import io.drbdpilot.ops.plan.Operation;
import io.drbdpilot.ops.plan.ResourceLock;
import io.drbdpilot.ui.task.UiTasks;
import io.drbdpilot.ui.workspace.ClusterEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The resize wizard's state: the resource, whether its filesystem grows too, and --assume-clean. */
public final class ResizeWizardModel extends PlanWizardModel<ResizeChecks.Result> {

    private String resource;
    private boolean growFs;
    private boolean assumeClean;

    public ResizeWizardModel(ClusterEntry cluster, UiTasks tasks, Path auditFile, String preselected) {
        super(cluster, tasks, auditFile, "resize-wizard");
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
    }

    public boolean growFs() {
        return growFs;
    }

    public void growFs(boolean on) {
        growFs = on;
    }

    public boolean assumeClean() {
        return assumeClean;
    }

    public void assumeClean(boolean on) {
        assumeClean = on;
    }

    /** The nodes that hold the resource. */
    public List<String> nodes() {
        return nodesWith(resource, r -> true);
    }

    /** What the sizes say now. */
    public record Sizes(String text, boolean allGrown) {
    }

    /**
     * Each node's backing device and DRBD device, read fresh, and whether every backing device has grown (call it off
     * the UI thread; the wizard reads again every few seconds until they have).
     */
    public Sizes sizes() throws InterruptedException {
        if (resource == null || nodes().size() < 2) {
            return new Sizes("Choose a resource on two nodes or more.", false);
        }
        ResizeChecks.Result r = build().check();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-12s %-6s %-22s %12s %12s%n", "node",
                "volume", "backing device", "its size", "DRBD uses"));
        for (Map.Entry<String, List<ResizeChecks.Volume>> e : r.volumes().entrySet()) {
            for (ResizeChecks.Volume v : e.getValue()) {
                boolean grown = v.usable() - v.drbdBytes() >= 1024 * 1024;
                sb.append(String.format(Locale.ROOT, "%-12s %-6d %-22s %12s %12s  %s%n", e.getKey(), v.volume(),
                        v.disk(), mib(v.backingBytes()), mib(v.drbdBytes()), grown ? "grown" : "not grown yet"));
            }
        }
        Check grown = r.checks().stream().filter(c -> c.id().equals("grown")).findFirst().orElse(null);
        r.checks().stream().filter(c -> c.status() == Check.Status.BLOCK).forEach(c -> sb.append('\n')
                .append(c.title()).append(": ").append(c.reason()).append("\n  → ").append(c.remedy()).append('\n'));
        if (grown != null && grown.status() == Check.Status.PASS) {
            sb.append("\nDRBD grows: ").append(grown.reason().replaceFirst(" \\(the smallest node.*", "."))
                    .append('\n');
        }
        return new Sizes(sb.toString(), grown != null && grown.status() == Check.Status.PASS);
    }

    private static String mib(Long bytes) {
        return bytes == null ? "?" : String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    @Override
    public String choiceProblem() {
        return resource == null || nodes().size() < 2 ? "Choose a resource on two nodes or more." : null;
    }

    @Override
    protected Operation<ResizeChecks.Result> build() {
        return new Resize(new SshNodeAccess(cluster.monitor(), clock), resource, nodes(), growFs, assumeClean,
                new Resize.Options(auditFile, ResourceLock.holder("DRBD Pilot window"), Duration.ofSeconds(60),
                        Duration.ofHours(2)));
    }

    @Override
    public String reading() {
        return "Reading the sizes of " + resource + "'s devices on every node…";
    }

    @Override
    public String headline(ResizeChecks.Result checked) {
        return "Grow " + resource + " on " + String.join(", ", checked.nodes()) + " (drbdadm resize" + (assumeClean
                ? " --assume-clean" : "") + ")" + (checked.grow().isEmpty() ? "." : ", then its filesystem on "
                + checked.grow().get(0).mountPoint() + ".");
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
