// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.splitbrain;

import io.drbdpilot.drbd.inspect.KernelLog;
import io.drbdpilot.drbd.model.CState;
import io.drbdpilot.drbd.model.ConnectionState;
import io.drbdpilot.drbd.model.GenerationIds;
import io.drbdpilot.drbd.model.Role;
import io.drbdpilot.ops.node.Futures;
import io.drbdpilot.ops.node.Probe;
import io.drbdpilot.ops.plan.Check;
import io.drbdpilot.ops.plan.PlanChecks;
import io.drbdpilot.ops.workload.UserSteps;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The evidence of a split brain from every node of the resource, read in parallel, and the checks that decide
 * whether a resolution may run: the split brain is real (not a plain disconnect, not unrelated data), the victim is
 * chosen and unused, the survivor is UpToDate, and what the victim's discard throws away, in MiB.
 */
public final class SplitBrainChecks {

    /**
     * @param victim         the side whose changes are thrown away, or null before the operator chose
     * @param survivor       the side whose data is kept (the victim's split peer), or null when none is found
     * @param relation       how the survivor's generations relate to the victim's, or null when unreadable
     * @param recommendation which side to discard and why, or why there is no recommendation
     * @param reconnect      other nodes of the resource (a diskless tiebreaker) that are StandAlone and are
     *                       reconnected too
     */
    public record Result(String resource, String victim, String survivor, Map<String, Evidence> sides,
            GenerationIds.Relation relation, String recommendation, List<String> reconnect, List<Check> checks)
            implements PlanChecks {

        @Override
        public String source() {
            return victim == null ? "" : victim;
        }

        public Evidence side(String node) {
            return sides.get(node);
        }

        /** Every DRBD 9 kernel among them (the resolution disconnects before it connects). */
        public boolean drbd9() {
            return sides.values().stream().anyMatch(Evidence::drbd9);
        }
    }

    private SplitBrainChecks() {
    }

    /** Reads every node (in parallel) and checks a resolution that discards {@code victim}'s changes. */
    public static Result run(Probe probe, List<String> nodes, String res, String victim, SplitBrain.Save save,
            SplitBrain.Stops stops) throws InterruptedException {
        Map<String, Evidence> sides = new LinkedHashMap<>();
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<String, Future<Evidence>> f = new LinkedHashMap<>();
            nodes.forEach(n -> f.put(n, ex.submit(() -> Evidence.read(probe, n, res))));
            for (Map.Entry<String, Future<Evidence>> e : f.entrySet()) {
                Evidence ev = Futures.value(e.getValue());
                if (ev.read().state() != null || !ev.read().reachable()) {
                    sides.put(e.getKey(), ev); // nodes without the resource are not part of it
                }
            }
        }
        return evaluate(res, victim, sides, save, stops);
    }

    static Result evaluate(String res, String victim, Map<String, Evidence> sides, SplitBrain.Save save,
            SplitBrain.Stops stops) {
        List<Check> checks = new ArrayList<>();
        List<String> unreachable = sides.values().stream().filter(e -> !e.read().reachable())
                .map(e -> e.node() + " (" + e.read().error() + ")").toList();
        String survivor = victim == null ? null : survivorOf(victim, sides);
        if (!unreachable.isEmpty()) {
            checks.add(Check.block("reachable", "Every node of " + res + " answers", "Not read: "
                    + String.join("; ", unreachable) + ". Without both sides' state nothing is decided.",
                    "Bring the node back or fix the SSH link, then check again."));
        } else {
            checks.add(Check.pass("reachable", "Every node of " + res + " answers", String.join(", ",
                    sides.keySet()) + " read just now."));
        }
        GenerationIds.Relation relation = null;
        List<String> pair = pair(sides);
        if (pair.size() == 2) {
            GenerationIds a = sides.get(pair.get(0)).firstGi();
            GenerationIds b = sides.get(pair.get(1)).firstGi();
            relation = a != null && b != null ? a.relationTo(b) : null;
        }
        splitBrainCheck(res, sides, pair, relation, checks);
        if (victim == null) {
            checks.add(Check.block("victim", "The victim is chosen", "Nobody chose which side's changes are "
                    + "thrown away.", "Choose the victim (--victim NODE): the side whose changes since the split "
                    + "are discarded. The evidence above shows what each side changed."));
        } else if (!sides.containsKey(victim)) {
            checks.add(Check.block("victim", "The victim is a node of " + res, victim + " does not hold " + res
                    + " (its nodes: " + String.join(", ", sides.keySet()) + ").", "Choose one of them."));
        } else if (survivor == null) {
            checks.add(Check.block("victim", "The victim has a split peer", "No node with a disk is apart from "
                    + victim + ".", "Choose a victim that is StandAlone from its peer."));
        } else {
            checks.add(Check.pass("victim", "The victim is chosen", victim + "'s changes are discarded; "
                    + survivor + " keeps its data."));
            survivorCheck(sides.get(survivor), checks);
            usersCheck(sides.get(victim), stops, checks);
            Evidence v = sides.get(victim);
            checks.add(Check.warn("discard", "What is thrown away", victim + " changed " + v.changedText()
                    + " while apart; that is discarded and overwritten with " + survivor + "'s data (a resync of "
                    + "those blocks). " + survivor + " changed " + sides.get(survivor).changedText() + ", which it "
                    + "keeps." + (save.any() ? " It is saved first, as asked." : ""), save.any()
                    ? "Type the victim's name to confirm." : "Save " + victim + "'s data first if it may matter: "
                    + saveAdvice(v) + "; then type the victim's name to confirm."));
            saveCheck(v, save, checks);
        }
        policyCheck(sides, checks);
        List<String> reconnect = new ArrayList<>();
        if (victim != null && survivor != null) {
            for (Evidence e : sides.values()) {
                if (!e.node().equals(victim) && !e.node().equals(survivor) && e.read().state() != null
                        && e.read().state().connections().stream().anyMatch(c -> c.connection().value()
                        == CState.STANDALONE)) {
                    reconnect.add(e.node());
                }
            }
        }
        Check split = checks.stream().filter(k -> k.id().equals("split-brain")).findFirst().orElseThrow();
        String recommendation = split.status() == Check.Status.PASS ? recommend(sides, pair)
                : "No recommendation: " + split.reason(); // nothing to discard when there is no split brain
        return new Result(res, victim, survivor, Map.copyOf(sides), relation, recommendation,
                List.copyOf(reconnect), List.copyOf(checks));
    }

    /** The two nodes with a disk that are not connected to each other (the split pair), or fewer. */
    public static List<String> pair(Map<String, Evidence> sides) {
        List<String> disked = sides.values().stream().filter(e -> e.read().state() != null && !e.read().devices()
                .isEmpty() && e.read().devices().stream().noneMatch(d -> Boolean.TRUE.equals(d.client())))
                .map(Evidence::node).toList();
        for (int i = 0; i < disked.size(); i++) {
            for (int j = i + 1; j < disked.size(); j++) {
                Evidence a = sides.get(disked.get(i));
                Evidence b = sides.get(disked.get(j));
                if (!a.read().connectedTo(b.host()) && !b.read().connectedTo(a.host())) {
                    return List.of(a.node(), b.node());
                }
            }
        }
        return List.of();
    }

    static String survivorOf(String victim, Map<String, Evidence> sides) {
        List<String> p = pair(sides);
        if (p.contains(victim)) {
            return p.get(0).equals(victim) ? p.get(1) : p.get(0);
        }
        return null;
    }

    private static void splitBrainCheck(String res, Map<String, Evidence> sides, List<String> pair,
            GenerationIds.Relation relation, List<Check> checks) {
        if (pair.isEmpty()) {
            checks.add(Check.block("split-brain", res + " is in split brain", "Every pair of nodes with a disk is "
                    + "Connected: there is no split brain to resolve.", "Nothing to do."));
            return;
        }
        String a = pair.get(0);
        String b = pair.get(1);
        boolean logged = sides.get(a).verdict() != null || sides.get(b).verdict() != null;
        boolean unrelated = relation == GenerationIds.Relation.UNRELATED || sides.values().stream()
                .map(Evidence::verdict).anyMatch(l -> l != null && l.kind()
                        == KernelLog.Kind.UNRELATED_DATA);
        if (unrelated) {
            checks.add(Check.block("split-brain", res + " is in split brain", a + " and " + b + " hold unrelated "
                    + "data (" + (relation == null ? "the kernel said 'Unrelated data'" : relation.words()) + "). "
                    + "Discarding one side would replace all of it.", "This is not a split brain: find out why "
                    + "the metadata differ (recreated metadata, a wrong disk) before anything is discarded."));
        } else if (relation == GenerationIds.Relation.DIVERGED || logged && relation != GenerationIds.Relation.SAME) {
            checks.add(Check.pass("split-brain", res + " is in split brain", a + " and " + b + " are apart and "
                    + (relation == null ? "their kernels logged a split brain" : relation.words()) + "."));
        } else {
            checks.add(Check.block("split-brain", res + " is in split brain", a + " and " + b + " are not "
                    + "connected, but nothing shows a split brain (" + (relation == null ? "generations unreadable"
                    : relation.words()) + ").", "Reconnect them (drbdadm connect " + res + " on the StandAlone "
                    + "side) and watch dmesg; the assistant is for a split brain the kernel has detected."));
        }
    }

    /** The exact commands that would save the victim's data, for the remedy. */
    static String saveAdvice(Evidence v) {
        if (!v.logicalVolumes().isEmpty()) {
            return "its backing device is LVM: lvcreate --snapshot --extents 100%ORIGIN --name before-discard "
                    + v.logicalVolumes().get(0) + " (--snapshot here does it)";
        }
        if (!v.backing().isEmpty()) {
            return "dd if=" + v.backing().get(0) + " of=/PATH/ON/" + v.node() + " bs=1M conv=fsync (--save-to PATH "
                    + "here does it)";
        }
        return "copy its backing device (it could not be read from the configuration)";
    }

    private static void saveCheck(Evidence v, SplitBrain.Save save, List<Check> checks) {
        if (save.snapshot() && v.logicalVolumes().size() != v.backing().size()) {
            checks.add(Check.block("save", "The victim's data can be saved as asked", "An LVM snapshot was asked, "
                    + "but " + (v.backing().isEmpty() ? "the backing device is unknown" : "not every backing device "
                    + "of " + v.node() + " is an LVM volume (" + String.join(", ", v.backing()) + ")") + ".",
                    "Save it with --save-to PATH (a copy with dd) instead."));
        } else if (save.toPath() != null && v.backing().isEmpty()) {
            checks.add(Check.block("save", "The victim's data can be saved as asked", "The backing device of "
                    + v.node() + " could not be read from its configuration.", "Copy it by hand first."));
        } else if (save.any()) {
            checks.add(Check.pass("save", "The victim's data can be saved as asked", save.snapshot()
                    ? "LVM snapshot of " + String.join(", ", v.logicalVolumes()) : "copy of " + String.join(", ",
                    v.backing()) + " to " + save.toPath() + " on " + v.node()));
        }
    }

    private static void survivorCheck(Evidence s, List<Check> checks) {
        if (s.read().reachable() && s.read().diskUpToDate()) {
            checks.add(Check.pass("survivor-disk", s.node() + " (kept) is UpToDate", "Its disk is "
                    + s.read().diskText() + "; the victim resyncs from it."));
        } else {
            checks.add(Check.block("survivor-disk", s.node() + " (kept) is UpToDate", "Its disk is "
                    + (s.read().reachable() ? s.read().diskText() : "unknown") + ": it cannot be the source of "
                    + "the resync.", "Keep the other side, or bring this disk back first."));
        }
    }

    private static void usersCheck(Evidence v, SplitBrain.Stops stops, List<Check> checks) {
        Probe.Users u = v.users();
        List<String> uncovered = new ArrayList<>();
        if (u != null) {
            u.mounts().stream().filter(m -> !stops.umounts().contains(m.path()))
                    .forEach(m -> uncovered.add(m.device() + " mounted on " + m.path()));
            u.vms().stream().filter(vm -> !u.covers(vm, stops.vms())).forEach(vm -> uncovered.add("VM " + vm));
            if (!stops.any()) {
                u.holders().forEach(h -> uncovered.add("holder " + h));
                u.processes().forEach(p -> uncovered.add("process " + p));
            }
        }
        if (u == null) {
            checks.add(Check.block("victim-users", "Nothing uses " + v.node() + "'s device", "What uses it could "
                    + "not be listed: " + v.usersError() + ".", "Check that " + v.node() + " answers, then again."));
        } else if (!u.none() && uncovered.isEmpty()) {
            checks.add(Check.pass("victim-users", "Nothing uses " + v.node() + "'s device", "In use by: "
                    + u.describe() + ". The steps you chose stop them first (they are not started again: the data "
                    + "under them is replaced)."));
        } else if (!u.none()) {
            checks.add(Check.block("victim-users", "Nothing uses " + v.node() + "'s device", "In use: "
                    + u.describe() + ". Its data is about to be replaced under them.", "Stop them on " + v.node()
                    + " first, or let the plan do it: " + UserSteps.stopOptions(u) + " (in the wizard: the fields "
                    + "under the victim)."));
        } else if (!v.users().complete()) {
            checks.add(Check.warn("victim-users", "Nothing uses " + v.node() + "'s device", "No user found, but "
                    + "the list is incomplete: " + v.users().describe() + ".", "Make sure nothing on " + v.node()
                    + " uses the device."));
        } else {
            checks.add(Check.pass("victim-users", "Nothing uses " + v.node() + "'s device", "No mount, holder, "
                    + "process or VM."));
        }
    }

    private static void policyCheck(Map<String, Evidence> sides, List<Check> checks) {
        List<String> discarding = new ArrayList<>();
        sides.values().forEach(e -> e.policies().stream().filter(p -> p.contains("discard") || p.contains(
                "consensus") || p.contains("violently")).forEach(p -> discarding.add(e.node() + ": " + p)));
        Optional<Evidence> any = sides.values().stream().filter(e -> !e.policies().isEmpty()).findFirst();
        if (!discarding.isEmpty()) {
            checks.add(Check.warn("policy", "The split-brain policies", "Configured to discard data "
                    + "automatically: " + String.join("; ", discarding) + ".", "Know that a future split brain "
                    + "may be resolved by the kernel without asking."));
        } else {
            checks.add(Check.pass("policy", "The split-brain policies", any.map(e -> String.join(", ",
                    e.policies())).orElse("not read") + ": the kernel resolves nothing by itself."));
        }
    }

    private static String recommend(Map<String, Evidence> sides, List<String> pair) {
        if (pair.size() != 2) {
            return "No recommendation: no split pair found.";
        }
        Evidence a = sides.get(pair.get(0));
        Evidence b = sides.get(pair.get(1));
        for (Evidence[] x : new Evidence[][] {{a, b}, {b, a}}) {
            if (x[0].changedKiB() != null && x[0].changedKiB() == 0) {
                return "Discard " + x[0].node() + ": it changed 0 MiB while apart, so nothing is lost by "
                        + "discarding it.";
            }
        }
        boolean aPrimary = a.read().role() == Role.PRIMARY;
        boolean bPrimary = b.read().role() == Role.PRIMARY;
        if (aPrimary != bPrimary) {
            Evidence keep = aPrimary ? a : b;
            Evidence drop = aPrimary ? b : a;
            return "Discard " + drop.node() + " (" + drop.changedText() + "): " + keep.node() + " is Primary now "
                    + "and has been serving the applications. Check first that nothing " + drop.node()
                    + " wrote is needed.";
        }
        return "No recommendation: both sides are " + (aPrimary ? "Primary" : "Secondary") + " and changed "
                + a.changedText() + " (" + a.node() + ") and " + b.changedText() + " (" + b.node() + "). Look at "
                + "what each side wrote before choosing.";
    }

    /** The connection state of {@code e} toward {@code peerHost}, in words. */
    static String link(Evidence e, String peerHost) {
        return e.read().connectionTo(peerHost).map(ConnectionState::connection).map(r -> r.value().drbdName())
                .orElse("StandAlone");
    }
}
