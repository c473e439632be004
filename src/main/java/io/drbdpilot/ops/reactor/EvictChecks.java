// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.reactor;

import io.drbdpilot.drbd.model.CState;
import io.drbdpilot.ops.node.NodeRead;
import io.drbdpilot.ops.node.Probe;
import io.drbdpilot.ops.plan.Check;
import io.drbdpilot.ops.plan.PlanChecks;
import io.drbdpilot.ssh.SshException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Whether a move may be handed to drbd-reactor ({@code drbd-reactorctl evict}), or a node's mask lifted: every node
 * read (DRBD and drbd-reactor), the promoter manages the resource, exactly one node is Primary and runs the promoter's
 * target, the snippet holds this resource's promoter alone, and a peer can take over (Secondary, connected, UpToDate,
 * with quorum, its drbd-reactor running, not masked). It says which node the promoters will let win and why. A read
 * that failed is never a PASS.
 */
public final class EvictChecks {

    /**
     * @param active   the node the resource is evicted from (the Primary), or the node to unmask
     * @param expected the node expected to take over, or null when any of {@code fit} may win
     * @param fit      the peers that can take over, in the promoters' order
     */
    public record Result(String resource, String active, String expected, List<String> fit,
            Map<String, NodeRead> reads, Map<String, ReactorState> reactor, String snippet, List<Check> checks)
            implements PlanChecks {

        public Result {
            fit = List.copyOf(fit);
            reads = Map.copyOf(reads);
            reactor = Map.copyOf(reactor);
            checks = List.copyOf(checks);
        }

        @Override
        public String source() {
            return active == null ? "" : active;
        }

        /** The promoter's configuration on the active node (or any node that has one), or null. */
        public ReactorConfig config() {
            ReactorState a = active == null ? null : reactor.get(active);
            if (a != null && a.manages()) {
                return a.config();
            }
            return reactor.values().stream().filter(ReactorState::manages).map(ReactorState::config).findFirst()
                    .orElse(null);
        }

        /** For people: where drbd-reactor is active, whom it prefers and why, what it starts, each node's units. */
        public List<String> describe(List<String> nodes) {
            List<String> out = new ArrayList<>();
            ReactorConfig cfg = config();
            if (cfg == null) {
                out.add("drbd-reactor does not manage " + resource + " (no promoter snippet names it).");
            } else {
                out.add("drbd-reactor's promoter manages " + resource + " (" + cfg.snippet() + "): it starts "
                        + String.join(", ", cfg.start()) + (active == null ? "." : "; active on " + active + "."));
                out.add(preference(cfg, nodes));
            }
            for (String n : nodes) {
                ReactorState s = reactor.get(n);
                if (s != null) {
                    out.add("  " + s.describe());
                }
            }
            return out;
        }

        private String preference(ReactorConfig cfg, List<String> nodes) {
            String next = expected != null ? expected + " takes over when " + active + " lets go"
                    : fit.isEmpty() ? "no peer can take over now" : "any of " + String.join(", ", fit)
                    + " may take over (the first promoter to promote wins)";
            if (cfg.preferred().isEmpty()) {
                return "No preferred-nodes: every node may run it; " + next + ".";
            }
            return "It prefers " + String.join(", then ", cfg.preferred()) + " (preferred-nodes: a node later in "
                    + "the list waits longer before it promotes, and a preferred node that rejoins UpToDate takes the "
                    + "services back); " + next + ".";
        }
    }

    private EvictChecks() {
    }

    private record Both(NodeRead read, ReactorState reactor) {
    }

    /** Every node's DRBD state and drbd-reactor, in the nodes' order. */
    private record Read(Map<String, NodeRead> reads, Map<String, ReactorState> reactor) {
    }

    private static Read readAll(Probe probe, String res, List<String> nodes) throws InterruptedException {
        Map<String, Future<Both>> futures = new LinkedHashMap<>();
        Map<String, Both> out = new LinkedHashMap<>();
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String n : nodes) {
                futures.put(n, ex.submit(() -> {
                    NodeRead r;
                    try {
                        r = probe.read(n, probe.hostName(n), res);
                    } catch (SshException e) {
                        r = new NodeRead(n, n, null, e.getMessage(), Instant.now());
                    }
                    return new Both(r, ReactorState.read(probe, n, res));
                }));
            }
            for (var e : futures.entrySet()) {
                try {
                    out.put(e.getKey(), e.getValue().get());
                } catch (java.util.concurrent.ExecutionException x) {
                    out.put(e.getKey(), new Both(new NodeRead(e.getKey(), e.getKey(), null, String.valueOf(
                            x.getCause()), Instant.now()), new ReactorState(e.getKey(), false, null, null, null,
                            Map.of(), null, List.of(e.getKey() + " could not be read (" + x.getCause() + ")"))));
                }
            }
        }
        Map<String, NodeRead> reads = new LinkedHashMap<>();
        Map<String, ReactorState> reactor = new LinkedHashMap<>();
        out.forEach((n, b) -> {
            reads.put(n, b.read());
            reactor.put(n, b.reactor());
        });
        return new Read(reads, reactor);
    }

    /** The checks for {@code drbd-reactorctl evict} on the Primary. */
    static Result evict(Probe probe, String res, List<String> nodes, boolean keepMasked) throws InterruptedException {
        List<Check> checks = new ArrayList<>();
        Read all = readAll(probe, res, nodes);
        Map<String, NodeRead> reads = all.reads();
        Map<String, ReactorState> reactor = all.reactor();
        read(checks, reads, reactor);
        List<String> primaries = reads.values().stream().filter(r -> r.reachable() && r.isPrimary()).map(
                NodeRead::node).toList();
        String active = primaries.size() == 1 ? primaries.get(0) : null;
        ReactorState a = active == null ? null : reactor.get(active);
        String snippet = a != null && a.manages() ? a.config().snippet() : null;
        managed(checks, res, reactor, a);

        String title = "Exactly one node is active, and drbd-reactor runs it there";
        if (primaries.isEmpty()) {
            checks.add(Check.block("active", title, "No node is Primary for " + res + ": there is nothing to evict.",
                    "drbd-reactor starts it where it may be promoted; see drbd-reactorctl status on the nodes."));
        } else if (primaries.size() > 1) {
            checks.add(Check.block("active", title, String.join(" and ", primaries) + " are all Primary for " + res
                    + ".", "Find out why before anything moves (drbd-pilot status " + res + ")."));
        } else if (a != null && a.manages() && !a.targetActive()) {
            checks.add(Check.block("active", title, active + " is Primary for " + res + ", but "
                    + ReactorConfig.target(res) + " is " + a.units().getOrDefault(ReactorConfig.target(res),
                    "not known") + " there: it was promoted by hand, or its services failed. An evict stops the "
                    + "target, which would not demote it.", "Look on " + active + ": systemctl status "
                    + ReactorConfig.target(res) + "; drbd-reactorctl status."));
        } else if (a != null && a.manages()) {
            checks.add(Check.pass("active", title, active + " is Primary and runs " + ReactorConfig.target(res)
                    + "."));
        }

        if (a != null && a.manages()) {
            ReactorConfig cfg = a.config();
            String st = "The snippet holds this promoter alone";
            checks.add(cfg.others() == null ? Check.pass("snippet", st, cfg.snippet() + " promotes " + res
                    + " and nothing else.") : Check.block("snippet", st, cfg.snippet() + " on " + active + ": "
                    + cfg.others() + "; drbd-reactorctl evict refuses such a snippet (it would move them all).",
                    "Give " + res + " its own snippet (drbd-reactorctl edit), then evict."));
        }

        List<String> fit = new ArrayList<>();
        List<String> unfit = new ArrayList<>();
        ReactorConfig cfg = a != null && a.manages() ? a.config() : null;
        if (active != null && cfg != null) {
            for (String peer : cfg.order(nodes, active)) {
                String why = unfit(reads.get(peer), reactor.get(peer), reads.get(active).host());
                if (why == null) {
                    fit.add(peer);
                } else {
                    unfit.add(peer + " (it " + why + ")");
                }
            }
        }
        String expected = fit.isEmpty() ? null : cfg.preferred().contains(fit.get(0)) || fit.size() == 1 ? fit.get(0)
                : null;
        if (active != null && cfg != null) {
            List<String> risky = couldWinNotUpToDate(nodes, active, reads, reactor);
            String nt = "No peer that could win is without UpToDate data";
            List<String> bad = risky.stream().filter(x -> !x.contains("Diskless")).toList();
            if (!bad.isEmpty()) {
                checks.add(Check.block("notuptodate", nt, String.join("; ", bad) + ": its drbd-reactor runs and may "
                        + "promote it once " + active + " lets go (DRBD lets a node that is not UpToDate be Primary "
                        + "while a peer has the data), and DRBD Pilot never hands a move to a node that is not "
                        + "UpToDate.", "Wait for the resync to finish (drbd-pilot status " + res + "), or stop "
                        + "drbd-reactor on that node for the move."));
            } else if (!risky.isEmpty()) {
                checks.add(Check.warn("notuptodate", nt, String.join("; ", risky) + ": its drbd-reactor may promote "
                        + "it (after the others, 6 s later) if no UpToDate peer does.", "Make sure an UpToDate peer "
                        + "can take over (the check above)."));
            } else {
                checks.add(Check.pass("notuptodate", nt, "Every peer whose drbd-reactor could promote it is "
                        + "UpToDate."));
            }
        }
        String tt = "A peer can take over";
        if (active != null && cfg != null) {
            if (fit.isEmpty()) {
                checks.add(Check.block("takeover", tt, "No peer can take over: " + String.join("; ", unfit)
                        + ". drbd-reactor would start " + res + " on " + active + " again.", "Make a peer "
                        + "Connected and UpToDate with drbd-reactor running (systemctl start drbd-reactor), then "
                        + "evict."));
            } else {
                checks.add(Check.pass("takeover", tt, (expected != null ? expected + " takes over" + (cfg
                        .preferred().contains(expected) ? " (first of the preferred nodes that can)" : "")
                        : "One of " + String.join(", ", fit) + " takes over (no preferred-nodes: the first to "
                        + "promote wins)") + (unfit.isEmpty() ? "." : "; not " + String.join("; ", unfit) + ".")));
            }
        }

        if (active != null && cfg != null && !fit.isEmpty()) {
            String sv = "What stops and starts";
            String move = "drbd-reactor stops " + String.join(", ", cfg.start()) + " on " + active + ", demotes it, "
                    + "and the new Primary starts them: clients see a pause (NFS clients may hang until the server "
                    + "is back, drbd-reactor#3).";
            boolean preferredHere = cfg.preferred().indexOf(active) >= 0 && (expected == null
                    || cfg.preferred().indexOf(expected) < 0 || cfg.preferred().indexOf(active) < cfg.preferred()
                    .indexOf(expected));
            boolean reboots = !cfg.demoteFailure().equals("none");
            if (reboots) {
                checks.add(Check.warn("services", sv, move + " If the demotion fails, drbd-reactor runs the "
                        + "on-drbd-demote-failure action on " + active + ": " + cfg.demoteFailure() + ".",
                        "Make sure nothing else holds the device open on " + active + " (drbd-pilot status " + res
                        + ")."));
            } else if (preferredHere && !keepMasked) {
                checks.add(Check.warn("services", sv, move + " " + active + " is preferred: when it rejoins "
                        + "UpToDate (a reboot, a reconnect) drbd-reactor moves " + res + " back to it.",
                        "For maintenance on " + active + ", keep it masked (--keep-masked), then unmask it when done."));
            } else {
                checks.add(Check.pass("services", sv, move + (keepMasked ? " " + active + " stays masked (nothing "
                        + "starts " + res + " there) until drbd-pilot evict " + res + " --unmask --on " + active
                        + " or a reboot." : "")));
            }
        }
        return new Result(res, active, expected, fit, reads, reactor, snippet, checks);
    }

    /** The checks for {@code drbd-reactorctl evict --unmask} on a node that an earlier evict left masked. */
    static Result unmask(Probe probe, String res, List<String> nodes, String node) throws InterruptedException {
        List<Check> checks = new ArrayList<>();
        Read all = readAll(probe, res, nodes);
        Map<String, NodeRead> reads = all.reads();
        Map<String, ReactorState> reactor = all.reactor();
        read(checks, reads, reactor);
        ReactorState s = reactor.get(node);
        managed(checks, res, reactor, s);
        String title = node + " is masked";
        if (s != null && s.manages()) {
            if (s.masked() == null) {
                checks.add(Check.block("masked", title, "Whether " + ReactorConfig.target(res) + " is masked on "
                        + node + " is not known.", "Check the node."));
            } else if (!s.masked()) {
                checks.add(Check.block("masked", title, ReactorConfig.target(res) + " is not masked on " + node
                        + ": nothing to unmask.", "Nothing to do."));
            } else {
                long primaries = reads.values().stream().filter(r -> r.reachable() && r.isPrimary()).count();
                checks.add(Check.pass("masked", title, node + " is masked (an evict --keep-masked); after the unmask "
                        + "drbd-reactor may start " + res + " there again" + (primaries > 0 ? " when it may be "
                        + "promoted (another node runs it now)." : ": no node runs it now, so it starts there.")));
            }
        }
        return new Result(res, node, null, List.of(), reads, reactor, s != null && s.manages() ? s.config().snippet()
                : null, checks);
    }

    private static void read(List<Check> checks, Map<String, NodeRead> reads, Map<String, ReactorState> reactor) {
        List<String> bad = new ArrayList<>();
        reads.values().stream().filter(r -> !r.reachable()).forEach(r -> bad.add(r.node() + " (" + r.error() + ")"));
        reactor.values().stream().filter(s -> !s.unknown().isEmpty()).forEach(s -> bad.add(String.join("; ",
                s.unknown())));
        String title = "Every node answers, DRBD and drbd-reactor";
        checks.add(bad.isEmpty() ? Check.pass("read", title, "All " + reads.size() + " nodes read just now.")
                : Check.block("read", title, "Not everything could be read: " + String.join("; ", bad) + ".",
                        "A node that cannot be read could run or take over the services: reach it first."));
    }

    private static void managed(List<Check> checks, String res, Map<String, ReactorState> reactor, ReactorState on) {
        String title = "drbd-reactor manages " + res;
        List<String> with = reactor.values().stream().filter(ReactorState::manages).map(ReactorState::node).toList();
        if (with.isEmpty()) {
            checks.add(Check.block("managed", title, "No node has a drbd-reactor promoter for " + res + ".", "Move "
                    + "it with drbd-pilot switchover " + res + " --to NODE."));
        } else if (on != null && !on.manages()) {
            checks.add(Check.block("managed", title, on.node() + " has no promoter for " + res + " (the nodes with "
                    + "one: " + String.join(", ", with) + ").", "Give every node the same snippet."));
        } else if (on != null) {
            checks.add(Check.pass("managed", title, "Its promoter (" + on.config().snippet() + ") is on " + String
                    .join(", ", with) + "."));
        }
    }

    /**
     * The peers whose promoter could promote them once the active node lets go (read, Secondary, connected to it,
     * drbd-reactor running, not masked) but whose data is not UpToDate, each with its disk state.
     */
    static List<String> couldWinNotUpToDate(List<String> nodes, String active, Map<String, NodeRead> reads,
            Map<String, ReactorState> reactor) {
        List<String> out = new ArrayList<>();
        NodeRead a = reads.get(active);
        for (String n : nodes) {
            NodeRead r = reads.get(n);
            ReactorState s = reactor.get(n);
            if (n.equals(active) || r == null || !r.reachable() || r.isPrimary() || s == null || !s.manages()
                    || Boolean.FALSE.equals(s.daemon()) || Boolean.TRUE.equals(s.masked()) || r.diskUpToDate()) {
                continue;
            }
            if (r.connectionTo(a.host()).map(c -> c.connection().is(CState.CONNECTED)).orElse(false)) {
                out.add(n + " is not UpToDate (" + r.diskText() + ")");
            }
        }
        return out;
    }

    /** Why a peer cannot take over, or null when it can. */
    static String unfit(NodeRead r, ReactorState s, String activeHost) {
        if (r == null || !r.reachable()) {
            return "cannot be read";
        }
        if (r.isPrimary()) {
            return "is Primary";
        }
        if (!r.connectedTo(activeHost)) {
            return "is " + r.connectionText(activeHost);
        }
        if (!r.diskUpToDate()) {
            return "is " + r.diskText();
        }
        if (r.quorumLost()) {
            return "has no quorum";
        }
        if (s == null || !s.manages()) {
            return "has no promoter for it";
        }
        if (!Boolean.TRUE.equals(s.daemon())) {
            return s.daemon() == null ? "runs drbd-reactor or not (not known)" : "does not run drbd-reactor";
        }
        if (!Boolean.FALSE.equals(s.masked())) {
            return s.masked() == null ? "may be masked (not known)" : "is masked (an earlier evict --keep-masked)";
        }
        return null;
    }
}
