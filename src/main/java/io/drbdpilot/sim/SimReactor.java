// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.sim;

import io.drbdpilot.drbd.model.Role;
import io.drbdpilot.sim.SimShell.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * drbd-reactor's promoter on a simulated node: its snippet ({@code /etc/drbd-reactor.d/RES.toml}),
 * {@code drbd-reactorctl status|evict} with the texts drbd-reactorctl prints, and {@code systemctl} for its units
 * ({@code drbd-services@RES.target}, {@code drbd-promote@RES.service}, the {@code start} list). The promoters react to
 * an evict and an unmask (the peers' promoters try to promote, preferred nodes first); they do not react on their own to
 * a crash or a cut. Cluster-locked.
 */
final class SimReactor {

    /** One resource's promoter on a node. */
    static final class Promoter {
        final List<String> preferred;
        final List<String> start;
        /** {@code evict --keep-masked}: the target is masked at runtime here until {@code --unmask} or a reboot */
        boolean masked;

        Promoter(List<String> preferred, List<String> start) {
            this.preferred = preferred;
            this.start = start;
        }
    }

    private final SimCluster c;
    private final String node;

    SimReactor(SimCluster c, String node) {
        this.c = c;
        this.node = node;
    }

    static String snippet(String res) {
        return "/etc/drbd-reactor.d/" + res + ".toml";
    }

    /** The snippet's text, or null when the path is not one of this node's snippets. */
    String file(String path) {
        for (var e : c.node(node).reactor.entrySet()) {
            if (snippet(e.getKey()).equals(path)) {
                Promoter p = e.getValue();
                return "[[promoter]]\n[promoter.resources." + e.getKey() + "]\nstart = [" + quoted(p.start) + "]\n"
                        + (p.preferred.isEmpty() ? "" : "preferred-nodes = [" + quoted(p.preferred) + "]\n")
                        + "on-drbd-demote-failure = \"none\"\n";
            }
        }
        return null;
    }

    private static String quoted(List<String> l) {
        return String.join(", ", l.stream().map(s -> "\"" + s + "\"").toList());
    }

    /** The sim's key of a unit in {@link SimNode#services} (systemctl drops ".service"). */
    private static String key(String unit) {
        return unit.endsWith(".service") ? unit.substring(0, unit.length() - 8) : unit;
    }

    /** Starts (or stops) a promoter's units on a node: active units hold the resource's first device open. */
    static void units(SimCluster c, String node, String res, boolean on) {
        SimNode n = c.node(node);
        Promoter p = n.reactor.get(res);
        int minor = c.replica(res, node).spec.minors().get(0);
        for (String u : Stream.concat(Stream.of("drbd-services@" + res + ".target", "drbd-promote@" + res
                + ".service"), p.start.stream()).toList()) {
            n.services.put(key(u), on);
            if (!u.startsWith("drbd-")) {
                n.serviceMinors.put(key(u), minor);
            }
        }
        if (!on) {
            c.stopWriters(node, res);
        }
    }

    private String resourceOf(String path) {
        for (String res : c.node(node).reactor.keySet()) {
            if (snippet(res).equals(path) || res.equals(path) || (res + ".toml").equals(path)) {
                return res;
            }
        }
        return null;
    }

    /** {@code drbd-reactorctl status|evict ...}; null when the node has no drbd-reactor. */
    Result ctl(List<String> a) {
        SimNode n = c.node(node);
        if (n.reactor.isEmpty()) {
            return Result.err(127, "bash: line 1: drbd-reactorctl: command not found\n");
        }
        List<String> files = new ArrayList<>();
        boolean keep = false;
        boolean unmask = false;
        boolean json = false;
        int delay = 20;
        for (int i = 1; i < a.size(); i++) {
            switch (a.get(i)) {
                case "--keep-masked", "-k" -> keep = true;
                case "--unmask", "-u" -> unmask = true;
                case "--force", "-f", "--verbose" -> { }
                case "--json" -> {
                    if (!n.reactorJson) { // before 1.11, as clap refuses an option it does not know
                        return Result.err(2, "error: Found argument '--json' which wasn't expected, or isn't valid in "
                                + "this context\n");
                    }
                    json = true;
                }
                case "--delay", "-d" -> delay = Integer.parseInt(a.get(++i));
                default -> files.add(a.get(i));
            }
        }
        String verb = a.isEmpty() ? "status" : a.get(0);
        List<String> res = new ArrayList<>();
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        for (String f : files.isEmpty() ? n.reactor.keySet().stream().map(SimReactor::snippet).toList() : files) {
            String r = resourceOf(f);
            if (r == null) {
                err.append("WARN: '").append(f.startsWith("/") ? f : snippet(f.replaceFirst("\\.toml$", "")))
                        .append("' does not exist, doing nothing\n");
            } else {
                res.add(r);
            }
        }
        return switch (verb) {
            case "status" -> {
                if (json) {
                    yield new Result(0, json(res), err.toString());
                }
                for (String r : res) {
                    out.append(status(r));
                }
                yield new Result(0, out.toString(), err.toString());
            }
            case "evict" -> {
                for (String r : res) {
                    out.append(snippet(r)).append(":\n");
                    out.append(unmask ? unmask(r) : evict(r, keep, delay));
                }
                yield new Result(0, out.toString(), err.toString());
            }
            default -> Result.err(2, "error: unrecognized subcommand '" + verb + "'\n");
        };
    }

    /** The node that is Primary for a resource, as this node sees it: itself, a connected peer, or null. */
    private String primary(String res) {
        Replica me = c.replica(res, node);
        if (me.role == Role.PRIMARY) {
            return node;
        }
        return me.peers.entrySet().stream().filter(e -> e.getValue().connected && e.getValue().peerRole
                == Role.PRIMARY).map(java.util.Map.Entry::getKey).findFirst().orElse(null);
    }

    private String status(String res) {
        Promoter p = c.node(node).reactor.get(res);
        String active = primary(res);
        StringBuilder sb = new StringBuilder(snippet(res)).append(":\nPromoter: Currently active on ")
                .append(node.equals(active) ? "this node" : "node '" + (active == null ? "<unknown>" : active) + "'")
                .append('\n');
        sb.append("● drbd-services@").append(res).append(".target\n");
        sb.append("● ├─ drbd-promote@").append(res).append(".service\n");
        for (int i = 0; i < p.start.size(); i++) {
            sb.append("● ").append(i == p.start.size() - 1 ? "└─ " : "├─ ").append(p.start.get(i)).append(" \n");
        }
        return sb.toString();
    }

    /** {@code status --json} (1.11 and later): the promoters' entries, unit states as systemctl has them. */
    private String json(List<String> res) {
        SimNode n = c.node(node);
        List<String> entries = new ArrayList<>();
        for (String r : res) {
            Promoter p = n.reactor.get(r);
            String active = primary(r);
            String target = unitJson("drbd-services@" + r + ".target");
            List<String> deps = new ArrayList<>(List.of(unitJson("drbd-promote@" + r + ".service")));
            p.start.forEach(u -> deps.add(unitJson(u)));
            entries.add("{\"drbd_resource\":\"" + r + "\",\"path\":\"" + snippet(r) + "\",\"primary_on\":\""
                    + (active == null ? "<unknown>" : active) + "\",\"target\":" + target + ",\"dependencies\":["
                    + String.join(",", deps) + "],\"status\":\"" + (n.services.getOrDefault("drbd-services@" + r
                    + ".target", false) ? "active" : "inactive") + "\"}");
        }
        return "{\"promoter\":[" + String.join(",", entries) + "],\"prometheus\":[],\"debugger\":[],\"umh\":[],"
                + "\"agentx\":[]}\n";
    }

    private String unitJson(String unit) {
        return "{\"name\":\"" + unit + "\",\"status\":\"" + (c.node(node).services.getOrDefault(key(unit), false)
                ? "active" : "inactive") + "\",\"freezer\":\"running\"}";
    }

    private String evict(String res, boolean keep, int delay) {
        StringBuilder sb = new StringBuilder("Evicting ").append(res).append('\n');
        String active = primary(res);
        if (active == null) {
            sb.append("Sorry, resource state for '").append(res).append("' unknown, ignoring\n");
        } else if (!active.equals(node)) {
            sb.append("Active on '").append(active).append("', nothing to do on this node, ignoring\n");
        } else {
            c.node(node).reactor.get(res).masked = true;
            units(c, node, res, false);
            if (c.demote(node, res) != null) { // something else holds the device: drbd-promote@ cannot stop
                c.node(node).services.put("drbd-promote@" + res, true);
            }
            String took = c.replica(res, node).role == Role.PRIMARY ? null : takeOver(res);
            if (took == null) {
                StringBuilder countdown = new StringBuilder();
                for (int i = delay; i >= 0; i--) {
                    countdown.append(i).append(i == 0 ? "" : "..");
                }
                sb.append(countdown).append('\n');
            }
            sb.append(c.replica(res, node).role == Role.PRIMARY ? "Local node still DRBD Primary, not all services "
                    + "stopped in time locally\n" : took == null ? "Unfortunately no other node took over, resource in "
                    + "unknown state\n" : "Node '" + took + "' took over\n");
        }
        if (!keep) {
            sb.append(unmask(res));
        }
        return sb.toString();
    }

    /** The peers' promoters after this node let go: the preferred nodes first, then the others; the first wins. */
    private String takeOver(String res) {
        Promoter mine = c.node(node).reactor.get(res);
        List<String> order = new ArrayList<>(mine.preferred);
        c.replicasOf(res).forEach(r -> {
            if (!order.contains(r.node)) {
                order.add(r.node);
            }
        });
        // a promoter sleeps by its disk state before it promotes (UpToDate 0 s, Inconsistent 3 s, Diskless 6 s):
        // the UpToDate peers win first, in the order of preference
        order.sort(java.util.Comparator.comparingInt(n -> SimCluster.allVolumes(c.replica(res, n), v -> c.replica(res,
                n).disk[v] == io.drbdpilot.drbd.model.DiskState.UP_TO_DATE) ? 0 : 1));
        for (String peer : order) {
            SimNode pn = c.node(peer);
            Promoter pp = pn.reactor.get(res);
            if (peer.equals(node) || !pn.up || !pn.reactorRunning || pp == null || pp.masked
                    || !c.replica(res, node).peers.containsKey(peer)) {
                continue;
            }
            if (c.promote(peer, res, false) == null) {
                units(c, peer, res, true);
                return peer;
            }
        }
        return null;
    }

    /** {@code evict --unmask}: the mask goes, and the target is started here (it fails when a peer is Primary). */
    private String unmask(String res) {
        c.node(node).reactor.get(res).masked = false;
        if (c.replica(res, node).role == Role.PRIMARY) {
            units(c, node, res, true);
        } else if (c.node(node).reactorRunning && primary(res) == null && c.promote(node, res, false) == null) {
            units(c, node, res, true);
        }
        return "Re-enabling " + res + "\nRemoved /run/systemd/system/drbd-services@" + res + ".target.\n";
    }

    /** {@code systemctl is-active|is-enabled|start|stop} of drbd-reactor's units; null for any other unit. */
    Result systemctl(List<String> a) {
        SimNode n = c.node(node);
        List<String> units = a.subList(1, a.size()).stream().filter(u -> !u.startsWith("-")).toList();
        boolean ours = !units.isEmpty() && units.stream().allMatch(u -> u.equals("drbd-reactor.service")
                || u.equals("drbd-reactor") || n.reactor.entrySet().stream().anyMatch(e -> u.equals("drbd-services@"
                + e.getKey() + ".target") || u.equals("drbd-promote@" + e.getKey() + ".service")
                || e.getValue().start.contains(u)));
        if (!ours) {
            return null;
        }
        return switch (a.get(0)) {
            case "is-active" -> {
                StringBuilder sb = new StringBuilder();
                boolean all = true;
                for (String u : units) {
                    boolean on = u.startsWith("drbd-reactor") ? n.reactorRunning : n.services.getOrDefault(key(u),
                            false);
                    all &= on;
                    sb.append(on ? "active" : "inactive").append('\n');
                }
                yield new Result(all ? 0 : 3, sb.toString(), "");
            }
            case "is-enabled" -> {
                StringBuilder sb = new StringBuilder();
                boolean masked = false;
                for (String u : units) {
                    String res = u.startsWith("drbd-services@") ? u.substring(14, u.length() - 7) : null;
                    boolean m = res != null && n.reactor.get(res).masked;
                    masked |= m;
                    sb.append(m ? "masked-runtime" : u.startsWith("drbd-reactor") ? "enabled" : "static").append('\n');
                }
                yield new Result(masked ? 1 : 0, sb.toString(), "");
            }
            case "start", "stop" -> {
                boolean on = a.get(0).equals("start");
                for (String u : units) {
                    if (u.startsWith("drbd-reactor")) {
                        n.reactorRunning = on;
                    } else {
                        String res = n.reactor.keySet().stream().filter(r -> u.contains("@" + r + ".")
                                || n.reactor.get(r).start.contains(u)).findFirst().orElseThrow();
                        if (on && n.reactor.get(res).masked) {
                            yield Result.err(1, "Failed to start " + u + ": Unit " + u + " is masked.\n");
                        }
                        if (!on) {
                            units(c, node, res, false);
                            c.demote(node, res);
                        } else if (c.replica(res, node).role == Role.PRIMARY || c.promote(node, res, false) == null) {
                            units(c, node, res, true);
                        } else {
                            yield Result.err(1, "A dependency job for " + u + " failed. See 'journalctl -xe' for "
                                    + "details.\n");
                        }
                    }
                }
                yield Result.ok("");
            }
            default -> Result.err(1, "Unknown command verb " + a.get(0) + ".\n");
        };
    }
}
