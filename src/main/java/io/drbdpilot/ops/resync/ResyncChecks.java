// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.resync;

import io.drbdpilot.ops.node.Probe;
import io.drbdpilot.ops.plan.Check;
import io.drbdpilot.ops.plan.PlanChecks;
import io.drbdpilot.ssh.SshException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether a resync control may run: every node of the resource answers; a pause needs a running resync, a resume a
 * resync paused by an admin, a rate a SyncTarget to set it on, a reset a node that runs a temporary rate (and says what
 * else {@code drbdadm adjust} would change there). A node that could not be read is never a PASS.
 */
public final class ResyncChecks {

    /** What the operator asks for. */
    public enum Kind { PAUSE, RESUME, RATE, RESET }

    /**
     * @param actOn   the nodes the commands run on (the SyncTarget for a pause or a rate)
     * @param peer    the other node of the pair the plan watches
     * @param adjusts per node of a reset: what {@code drbdadm -d adjust} would run there
     */
    public record Result(String resource, Kind kind, long rateKiB, List<String> nodes, boolean drbd9,
            List<String> actOn, String peer, ResyncReport report, Map<String, List<String>> adjusts,
            List<Check> checks) implements PlanChecks {

        public Result {
            nodes = List.copyOf(nodes);
            actOn = List.copyOf(actOn);
            adjusts = Map.copyOf(adjusts);
            checks = List.copyOf(checks);
        }

        @Override
        public String source() {
            return actOn.isEmpty() ? "" : actOn.get(0);
        }
    }

    private ResyncChecks() {
    }

    static Result run(Probe probe, String res, List<String> nodes, Kind kind, long rateKiB, String prefer)
            throws InterruptedException {
        List<Check> checks = new ArrayList<>();
        ResyncReport rep = ResyncReport.read(probe, res, nodes);
        String title = "Every node of " + res + " answers";
        if (!rep.unread().isEmpty()) {
            checks.add(Check.block("reachable", title, String.join("; ", rep.unread()), "Check the nodes and retry; "
                    + "a resync is never changed on a guess."));
            return new Result(res, kind, rateKiB, nodes, rep.drbd9(), List.of(), other(nodes, null), rep, Map.of(),
                    checks);
        }
        checks.add(Check.pass("reachable", title, String.join(", ", nodes) + " read just now."));
        Set<String> actOn = new LinkedHashSet<>();
        String peer = null;
        Map<String, List<String>> adjusts = new LinkedHashMap<>();
        switch (kind) {
            case PAUSE, RATE -> {
                List<ResyncReport.Line> targets = rep.lines().stream().filter(ResyncReport.Line::target)
                        .filter(l -> prefer == null || l.node().equals(prefer)).toList();
                String what = kind == Kind.PAUSE ? "A resync to pause" : "A SyncTarget to set the rate on";
                if (targets.isEmpty()) {
                    checks.add(Check.block("resync", what, rep.lines().isEmpty() ? "No resync runs on " + res + "."
                            : "No resync of " + res + " has " + (prefer == null ? "a SyncTarget among " + nodes
                            : prefer + " as its SyncTarget") + ".", rep.lines().isEmpty() ? "Nothing to do." : "Name "
                            + "the SyncTarget with --node."));
                    break;
                }
                targets.forEach(l -> actOn.add(l.node()));
                peer = targets.get(0).peer();
                if (kind == Kind.PAUSE && targets.stream().allMatch(l -> l.pausedBy().contains("user"))) {
                    checks.add(Check.block("resync", what, "The resync on " + String.join(", ", actOn) + " is paused "
                            + "by an admin already.", "Resume it with drbd-pilot resync " + res + " resume."));
                    break;
                }
                checks.add(Check.pass("resync", what, String.join("; ", targets.stream()
                        .map(ResyncReport.Line::describe).toList()) + "."));
                if (kind == Kind.RATE) {
                    rateChecks(res, rateKiB, rep, actOn, checks);
                }
            }
            case RESUME -> {
                List<ResyncReport.Line> mine = rep.lines().stream().filter(l -> l.pausedBy().contains("user"))
                        .filter(l -> prefer == null || l.node().equals(prefer)).toList();
                if (mine.isEmpty()) {
                    List<ResyncReport.Line> waiting = rep.lines().stream().filter(ResyncReport.Line::paused).toList();
                    checks.add(Check.block("paused", "A resync an admin paused", waiting.isEmpty() ? "No resync of "
                            + res + " is paused." : "Nothing is paused by an admin here: " + String.join("; ", waiting
                            .stream().map(ResyncReport.Line::describe).toList()) + ".", waiting.isEmpty()
                            ? "Nothing to do." : "A resume on the node that paused it (see \"paused on the peer\"), or "
                            + "wait for the resync it depends on."));
                    break;
                }
                mine.forEach(l -> actOn.add(l.node()));
                peer = mine.get(0).peer();
                checks.add(Check.pass("paused", "A resync an admin paused", String.join("; ", mine.stream()
                        .map(ResyncReport.Line::describe).toList()) + "."));
            }
            case RESET -> {
                List<String> temp = rep.temporaryOn().stream().filter(n -> prefer == null || n.equals(prefer)).toList();
                if (temp.isEmpty()) {
                    checks.add(Check.block("temporary", "A temporary rate to reset", "Every node runs the rate its "
                            + "configuration files set: " + String.join("; ", rep.rates().stream()
                            .map(ResyncReport.Rate::describe).toList()) + ".", "Nothing to do."));
                    break;
                }
                // the SyncTarget first: on 8.4 its adjust sends the files' rate to the peer as well
                temp.stream().filter(n -> rep.lines().stream().anyMatch(l -> l.target() && l.node().equals(n)))
                        .forEach(actOn::add);
                actOn.addAll(temp);
                checks.add(Check.pass("temporary", "A temporary rate to reset", String.join("; ", rep.rates().stream()
                        .filter(ResyncReport.Rate::temporary).map(ResyncReport.Rate::describe).toList())
                        .replace("RES", res) + "."));
                adjustChecks(probe, res, temp, adjusts, checks);
            }
            default -> throw new IllegalStateException();
        }
        return new Result(res, kind, rateKiB, nodes, rep.drbd9(), List.copyOf(actOn), peer == null ? other(nodes,
                actOn.isEmpty() ? null : actOn.iterator().next()) : peer, rep, adjusts, checks);
    }

    private static void rateChecks(String res, long rateKiB, ResyncReport rep, Set<String> actOn, List<Check> checks) {
        List<String> dynamic = rep.rates().stream().filter(r -> actOn.contains(r.node()) && r.planAhead() != null
                && r.planAhead() > 0).map(ResyncReport.Rate::node).toList();
        String rate = ResyncReport.rate(rateKiB);
        if (!dynamic.isEmpty()) {
            checks.add(Check.warn("rate", "A temporary rate", rate + " on " + String.join(", ", actOn) + " turns the "
                    + "dynamic resync controller off there (c-plan-ahead 0) until the reset.", "Fine for this resync; "
                    + "DRBD Pilot resets it with drbdadm adjust " + res + " when the resync ends."));
        } else if (rep.drbd9()) {
            checks.add(Check.warn("rate", "A temporary rate", rate + " on " + String.join(", ", actOn) + ", runtime "
                    + "only (peer-device-options). DRBD 9.2.18 was seen to keep its speed after this change.",
                    "Watch the speed after the change; the reset is drbdadm adjust " + res + "."));
        } else {
            checks.add(Check.pass("rate", "A temporary rate", rate + " on " + String.join(", ", actOn) + ", runtime "
                    + "only: the configuration files are not touched, and drbdadm adjust " + res + " returns to them."));
        }
    }

    private static void adjustChecks(Probe probe, String res, List<String> nodes, Map<String, List<String>> adjusts,
            List<Check> checks) throws InterruptedException {
        List<String> other = new ArrayList<>();
        for (String n : nodes) {
            try {
                List<String> lines = probe.adjustPlan(n, res);
                adjusts.put(n, lines);
                lines.stream().filter(l -> !isRateLine(l)).forEach(l -> other.add(n + ": " + l));
            } catch (SshException e) {
                checks.add(Check.block("adjust", "drbdadm adjust changes only the rate", "What adjust would do on " + n
                        + " could not be read: " + e.getMessage(), "Check the node and retry."));
                return;
            }
        }
        checks.add(other.isEmpty() ? Check.pass("adjust", "drbdadm adjust changes only the rate", "drbdadm -d adjust "
                + res + " lists only the disk options.") : Check.warn("adjust", "drbdadm adjust changes only the rate",
                "drbdadm adjust " + res + " would also run: " + String.join("; ", other) + ".", "The configuration "
                + "files differ from the kernel in more than the rate; review these lines: they run too."));
    }

    /** A {@code drbdadm -d adjust} line that only sets disk or peer-device options (the temporary rate's undo). */
    static boolean isRateLine(String l) {
        return l.contains(" disk-options ") || l.contains(" peer-device-options ");
    }

    private static String other(List<String> nodes, String not) {
        return nodes.stream().filter(n -> !n.equals(not)).findFirst().orElse(not);
    }
}
