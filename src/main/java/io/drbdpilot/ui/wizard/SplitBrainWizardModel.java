// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.wizard;

import io.drbdpilot.cluster.ClusterFinding;
import io.drbdpilot.cluster.ClusterSnapshot;
import io.drbdpilot.cluster.HistoryEvent;
import io.drbdpilot.drbd.health.FindingKind;
import io.drbdpilot.ops.node.SshNodeAccess;
import io.drbdpilot.ops.plan.Operation;
import io.drbdpilot.ops.plan.ResourceLock;
import io.drbdpilot.ops.splitbrain.EvidenceText;
import io.drbdpilot.ops.splitbrain.SplitBrain;
import io.drbdpilot.ops.splitbrain.SplitBrainChecks;
import io.drbdpilot.ui.task.UiTasks;
import io.drbdpilot.ui.workspace.ClusterEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The split-brain wizard's state: the resource, the evidence of every node (read first, before anything is chosen),
 * the victim the operator picks with the data at stake beside each choice, and the resolution on the engine.
 */
public final class SplitBrainWizardModel extends PlanWizardModel<SplitBrainChecks.Result> {

    private String resource;
    private String victim;
    private volatile SplitBrainChecks.Result evidence;
    private String evidenceError;
    private boolean reading;
    private Runnable onEvidence = () -> { };
    private String saveTo;
    private boolean snapshot;
    private List<String> stopVms = List.of();
    private List<String> stopUnits = List.of();
    private List<String> umounts = List.of();

    public SplitBrainWizardModel(ClusterEntry cluster, UiTasks tasks, Path auditFile, String preselected) {
        super(cluster, tasks, auditFile, "split-brain-wizard");
        List<String> names = resources();
        resource = preselected != null && names.contains(preselected) ? preselected
                : names.isEmpty() ? null : names.get(0);
    }

    /** The resources in split brain first (as the monitor's findings say), then every other one. */
    public List<String> resources() {
        ClusterSnapshot s = cluster.snapshotProperty().get();
        Set<String> out = new LinkedHashSet<>();
        if (s != null) {
            s.findings().stream().map(ClusterFinding::finding).filter(f -> f.kind() == FindingKind.SPLIT_BRAIN)
                    .map(f -> f.resource()).filter(r -> r != null).sorted().forEach(out::add);
        }
        out.addAll(resourceNames());
        return List.copyOf(out);
    }

    public String resource() {
        return resource;
    }

    /** Chooses the resource; its evidence is read again. */
    public void resource(String name) {
        resource = name;
        victim = null;
        evidence = null;
        readEvidence();
    }

    /** Receives each fresh evidence (or its failure), on the UI thread. */
    public void onEvidence(Runnable listener) {
        onEvidence = listener;
    }

    /** Reads every node's evidence for the resource in the background; nothing is changed. */
    public void readEvidence() {
        if (resource == null) {
            return;
        }
        String res = resource;
        reading = true;
        evidenceError = null;
        tasks.background(() -> new SplitBrain(new SshNodeAccess(cluster.monitor(), clock), cluster.monitor()
                .nodeNames(), res, null, options()).check(), r -> {
                    if (res.equals(resource)) {
                        reading = false;
                        evidence = r;
                        List<String> pair = victims();
                        if (victim != null && !pair.contains(victim)) {
                            victim = null;
                        }
                        onEvidence.run();
                    }
                }, e -> {
                    reading = false;
                    evidenceError = "The nodes could not be read: " + e.getMessage();
                    onEvidence.run();
                });
    }

    /** The evidence is being read. */
    public boolean readingEvidence() {
        return reading;
    }

    /** The evidence read without a victim, or null while it is read. */
    public SplitBrainChecks.Result evidence() {
        return evidence;
    }

    /** The evidence in words (what the CLI prints), or what is happening instead. */
    public String evidenceText() {
        return evidenceError != null ? evidenceError : evidence == null ? "Reading every node of " + resource + "…"
                : EvidenceText.of(evidence) + watched();
    }

    /**
     * Who was Primary when, and when the connection dropped, as DRBD Pilot saw it while it watched (its timeline);
     * the kernel's own lines above cover the time it did not watch.
     */
    String watched() {
        List<String> lines = new ArrayList<>();
        DateTimeFormatter f = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
        for (HistoryEvent e : List.copyOf(cluster.timeline())) {
            if (resource.equals(e.resource()) && (e.key().contains(" role") || e.key().contains(" connection"))) {
                lines.add("  " + f.format(e.at()) + "  " + e.node() + " " + e.key().substring(e.key().indexOf(' ') + 1)
                        + ": " + e.from() + " → " + e.to());
            }
        }
        return lines.isEmpty() ? "Seen by DRBD Pilot: no role or connection change of " + resource + " while it "
                + "watched.\n" : "Seen by DRBD Pilot while it watched (role and connection changes):\n"
                + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())) + "\n";
    }

    /** The two sides of the split: the possible victims. */
    public List<String> victims() {
        SplitBrainChecks.Result e = evidence;
        return e == null ? List.of() : SplitBrainChecks.pair(e.sides());
    }

    /** What choosing {@code node} as the victim throws away, in words. */
    public String atStake(String node) {
        SplitBrainChecks.Result e = evidence;
        return e == null || e.side(node) == null ? "" : node + ": its " + e.side(node).changedText() + " of changes "
                + "since the split are discarded";
    }

    public String victim() {
        return victim;
    }

    public void victim(String node) {
        victim = node;
    }

    /**
     * Save the victim's data before the discard: a copy of its backing device to {@code path} on it (null for none),
     * and/or an LVM snapshot. A path that is not a plain absolute file is refused when the plan is built.
     */
    public void save(String path, boolean lvmSnapshot) {
        saveTo = path == null || path.isBlank() ? null : path.strip();
        snapshot = lvmSnapshot;
    }

    /** What uses the victim's device and is stopped first (words separated by spaces or commas). */
    public void stops(String vms, String units, String paths) {
        stopVms = SwitchoverWizardModel.words(vms == null ? "" : vms);
        stopUnits = SwitchoverWizardModel.words(units == null ? "" : units);
        umounts = SwitchoverWizardModel.words(paths == null ? "" : paths);
    }

    /** Whether the victim's backing devices are LVM volumes (so a snapshot can be offered). */
    public boolean victimOnLvm() {
        SplitBrainChecks.Result e = evidence;
        return e != null && victim != null && e.side(victim) != null && !e.side(victim).logicalVolumes().isEmpty();
    }

    private SplitBrain.Options options() {
        return new SplitBrain.Options(auditFile, ResourceLock.holder("DRBD Pilot window"), Duration.ofSeconds(15),
                Duration.ofMinutes(60), new SplitBrain.Save(saveTo, snapshot), new SplitBrain.Stops(stopVms, stopUnits,
                umounts));
    }

    @Override
    public String choiceProblem() {
        if (resource == null) {
            return "Choose a resource.";
        }
        if (evidence == null) {
            return evidenceError != null ? evidenceError : "The evidence is still being read.";
        }
        if (victims().isEmpty()) {
            return resource + " is not split: every pair of its nodes with a disk is connected.";
        }
        return victim == null ? "Choose the victim: the side whose changes are thrown away." : null;
    }

    @Override
    protected Operation<SplitBrainChecks.Result> build() {
        return new SplitBrain(new SshNodeAccess(cluster.monitor(), clock), cluster.monitor().nodeNames(), resource,
                victim, options());
    }

    @Override
    public String reading() {
        return "Reading every node of " + resource + "…";
    }

    @Override
    public String headline(SplitBrainChecks.Result checked) {
        return "Discard " + victim + "'s changes to " + resource + " and resync it from " + (checked == null ? "?"
                : checked.survivor()) + ": " + steps(checked).size() + " steps.";
    }

    @Override
    public String confirmName() {
        return victim;
    }

    @Override
    protected String stateResource() {
        return resource;
    }
}
