// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.sim;

import io.drbdpilot.drbd.model.Role;
import io.drbdpilot.sim.SimShell.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code drbdadm} and {@code drbdsetup} on a simulated node. */
final class SimDrbdadm {

    private final SimCluster c;
    private final String node;

    private final SimAdmin admin;
    private final SimDisks disks;

    SimDrbdadm(SimCluster c, String node) {
        this.c = c;
        this.node = node;
        this.admin = new SimAdmin(c);
        this.disks = new SimDisks(c, node);
    }

    private boolean assumeClean;

    private boolean v84() {
        return c.version().is84();
    }

    Result run(List<String> argv) {
        List<String> a = new ArrayList<>(argv);
        boolean dryRun = a.remove("-d");
        if (a.isEmpty()) {
            return Result.err(1, "USAGE: drbdadm COMMAND [OPTION...] {all|RESOURCE...}\n");
        }
        String cmd = a.remove(0);
        boolean force = a.remove("--force");
        boolean discard = a.remove("--discard-my-data");
        assumeClean = a.remove("--assume-clean");
        Boolean allowTwo = null;
        String verifyAlg = null;
        List<String> diskOpts = new ArrayList<>();
        for (String opt : List.copyOf(a)) {
            if (opt.startsWith("--resync-rate=") || opt.startsWith("--c-plan-ahead=")) {
                diskOpts.add(opt);
            }
            if (opt.startsWith("--verify-alg=")) {
                verifyAlg = opt.substring("--verify-alg=".length());
                a.remove(opt);
            } else if (opt.startsWith("--allow-two-primaries")) {
                allowTwo = !opt.endsWith("=no");
                a.remove(opt);
            } else if (opt.startsWith("--")) {
                a.remove(opt);
            }
        }
        if (cmd.equals("--version")) {
            return Result.ok(version());
        }
        if (cmd.equals("sh-resources")) {
            return Result.ok(String.join(" ", names(List.of("all"))) + "\n");
        }
        if (cmd.equals("dump-xml")) {
            return Result.ok(c.read(() -> SimConfig.dumpXml(c, node, a)));
        }
        if (cmd.equals("dump") && a.size() == 1 && !a.get(0).equals("all")) {
            if (names(a).isEmpty()) {
                return notDefined(a.get(0));
            }
            return Result.ok(c.read(() -> SimConfig.dumpText(c, node, a.get(0))));
        }
        if (cmd.equals("status")) {
            for (String r : a) {
                if (!r.equals("all") && names(List.of(r)).isEmpty()) {
                    return notDefined(r);
                }
                if (!r.equals("all") && !c.read(() -> c.replica(r, node).configured)) {
                    return Result.err(10, r + ": No such resource\nCommand 'drbdsetup-84 status " + r
                            + "' terminated with exit code 10\n");
                }
            }
            return Result.ok(c.read(() -> SimFormats.status(c, node, a)));
        }
        if (a.isEmpty()) {
            return Result.err(1, "drbdadm " + cmd + ": missing resource name\n");
        }
        if (!v84() && (cmd.equals("verify") || cmd.equals("invalidate-remote")) && a.size() == 1
                && a.get(0).contains(":")) {
            String[] rp = a.get(0).split(":", 2); // DRBD 9: one peer, RES:PEER
            a.set(0, rp[0]);
            peer = rp[1];
        }
        if (!v84() && (cmd.equals("cstate") || cmd.equals("dstate")) && a.size() == 1 && a.get(0).contains(":")) {
            // DRBD 9 names one connection as RES:PEER; dstate prints every disk all the same, as utils 9.22 does
            String[] rp = a.get(0).split(":", 2);
            a.set(0, rp[0]);
            peer = cmd.equals("cstate") ? rp[1] : null;
        }
        for (String r : a) {
            if (!r.equals("all") && names(List.of(r)).isEmpty()) {
                return notDefined(r);
            }
        }
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        int exit = 0;
        for (String res : names(a)) {
            if (cmd.equals("net-options") && verifyAlg != null) {
                admin.verifyAlg(node, res, verifyAlg);
            }
            Result r = cmd.equals("disk-options") || cmd.equals("peer-device-options") ? disks.diskOptions(res, diskOpts) : one(cmd, res, force, discard,
                    allowTwo, dryRun);
            if (r == null) {
                r = refusal(SimRefusal.MINOR_NOT_ALLOCATED, cmd, res);
            }
            out.append(r.stdout());
            err.append(r.stderr());
            exit = Math.max(exit, r.exit());
        }
        return new Result(exit, out.toString(), err.toString());
    }

    /** {@code get-gi}: a line per volume (DRBD 9: per peer and volume); {@code show-gi} adds the legend. */
    private String gi(String res, boolean legend) {
        Replica r = c.replica(res, node);
        StringBuilder sb = new StringBuilder();
        int lines = v84() ? 1 : Math.max(1, r.peers.size());
        for (int v = 0; v < r.disk.length; v++) {
            for (int i = 0; i < lines; i++) {
                if (legend) {
                    sb.append("\n       +--<  Current data generation UUID  >-\n");
                }
                sb.append(r.gi(v, !v84())).append('\n');
            }
        }
        return sb.toString();
    }

    private Result one(String cmd, String res, boolean force, boolean discard, Boolean allowTwo, boolean dryRun) {
        boolean down = c.read(() -> !c.replica(res, node).configured);
        if (down && List.of("role", "cstate", "primary", "secondary", "connect", "disconnect", "net-options", "verify",
                "invalidate", "invalidate-remote", "pause-sync", "resume-sync", "detach", "get-gi").contains(cmd)) {
            return refusal(SimRefusal.MINOR_NOT_ALLOCATED, cmd, res); // the lab: "1: Failure: (127) Device minor not
            // allocated"
        }
        return switch (cmd) {
            case "detach" -> refusal(disks.detach(res), "detach", res);
            case "attach" -> {
                Result r = disks.attach(res);
                yield r == null ? refusal(SimRefusal.MINOR_NOT_ALLOCATED, "attach", res) : r;
            }
            case "down" -> disks.down(res);
            case "up" -> disks.up(res);
            case "create-md" -> disks.createMd(res, force);
            case "role" -> Result.ok(c.read(() -> role(res)) + "\n");
            case "get-gi" -> Result.ok(c.read(() -> gi(res, false)));
            case "resize" -> refusal(c.read(() -> new SimResize(c, node).resize(res, assumeClean)), "resize", res);
            case "show-gi" -> Result.ok(c.read(() -> gi(res, true)));
            case "cstate" -> Result.ok(c.read(() -> cstate(res)) + "\n");
            case "dstate" -> Result.ok(c.read(() -> dstate(res)) + "\n");
            case "primary" -> refusal(c.promote(node, res, force), "primary", res);
            case "secondary" -> refusal(c.demote(node, res, force), "secondary", res);
            case "connect" -> refusal(admin.connect(node, res, discard), "connect", res);
            case "disconnect" -> refusal(admin.disconnect(node, res), "disconnect", res);
            case "net-options" -> allowTwo == null ? Result.ok("")
                    : refusal(admin.allowTwoPrimaries(node, res, allowTwo), "net-options", res);
            case "adjust" -> {
                if (dryRun) {
                    yield Result.ok(c.read(() -> SimConfig.adjustPlan(c, node, res)));
                }
                admin.adjust(node, res);
                yield Result.ok("");
            }
            case "verify" -> refusal(admin.verify(node, res), "verify", res);
            case "invalidate" -> refusal(admin.invalidate(node, res), "invalidate", res);
            case "invalidate-remote" -> refusal(admin.invalidateRemote(node, res, v84() ? null : peer),
                    "invalidate-remote", res);
            case "pause-sync" -> {
                admin.pauseSync(node, res, true);
                yield Result.ok("");
            }
            case "resume-sync" -> {
                admin.pauseSync(node, res, false);
                yield Result.ok("");
            }
            default -> Result.err(1, "drbdadm: Unknown command '" + cmd + "'\n");
        };
    }

    Result drbdsetup(List<String> argv) {
        List<String> a = new ArrayList<>(argv);
        if (a.isEmpty() || a.get(0).equals("--version")) {
            return Result.err(20, v84() ? "\nUSAGE: drbdsetup command device arguments options\n\ninvalid command\n"
                    : "");
        }
        String cmd = a.remove(0);
        boolean json = a.remove("--json");
        boolean statistics = a.remove("--statistics") | a.remove("-s") | a.remove("--verbose");
        boolean now = a.remove("--now");
        a.remove("--timestamps");
        if (cmd.equals("events2") && !c.version().hasEvents2()) {
            return Result.err(20, "events2: the DRBD kernel module " + c.version().kernel() + " has no events2 "
                    + "(8.4.6 or later is needed)\n"); // simulated: no lab capture of this case
        }
        if (a.remove("--poll") && v84() && cmd.equals("events2")) {
            return Result.err(20, "events2: unrecognized option '--poll'\n\nUSAGE: drbdsetup command device "
                    + "arguments options\n"); // drbdsetup-84 has no --poll: as the lab's answers
        }
        switch (cmd) {
            case "events2" -> {
                if (!now) {
                    return Result.err(2, "drbdsetup events2: streaming needs an SSH session\n");
                }
                StringBuilder sb = new StringBuilder();
                c.read(() -> {
                    for (SimFormats.Obj o : SimFormats.events2Objects(c, node, statistics)) {
                        if (a.isEmpty() || a.contains("all") || o.id().startsWith("name:" + a.get(0) + " ")
                                || o.id().equals("name:" + a.get(0))) {
                            sb.append(SimFormats.line("exists", o, o.fields())).append('\n');
                        }
                    }
                    return null;
                });
                sb.append("exists -\n");
                return Result.ok(sb.toString());
            }
            case "show" -> {
                boolean defaults = a.remove("--show-defaults");
                String res = a.isEmpty() ? "" : a.get(0);
                return c.read(() -> {
                    Replica r = c.replica(res, node);
                    if (r == null) {
                        return Result.err(10, res + ": No such resource\n");
                    }
                    StringBuilder sb = new StringBuilder("resource " + res + " {\n    options {\n    }\n    net {\n");
                    if (defaults || r.spec.protocol() != 'C') {
                        sb.append("        protocol        \t").append(r.spec.protocol())
                                .append(r.spec.protocol() == 'C' ? "; # default\n" : ";\n");
                    }
                    if (r.verifyAlg != null) {
                        sb.append("        verify-alg      \t\"").append(r.verifyAlg).append("\";\n");
                    }
                    if (r.allowTwoPrimaries || defaults) {
                        sb.append("        allow-two-primaries\t").append(r.allowTwoPrimaries ? "yes;\n"
                                : "no; # default\n");
                    }
                    sb.append("    }\n");
                    if (!r.isClient() && r.disk[0] != io.drbdpilot.drbd.model.DiskState.DISKLESS) {
                        sb.append("    _this_host {\n        volume 0 {\n            disk {\n")
                                .append("                resync-rate     \t").append(r.rate())
                                .append("k; # bytes/second\n")
                                .append("                c-plan-ahead    \t0; # 1/10 seconds\n")
                                .append("            }\n        }\n    }\n");
                    }
                    return Result.ok(sb.append("}\n").toString());
                });
            }
            case "status" -> {
                if (json) {
                    if (v84()) {
                        return Result.err(20, "drbdsetup status: unrecognized option '--json'\n");
                    }
                    return Result.ok(c.read(() -> SimJson.status(c, node)));
                }
                return Result.ok(c.read(() -> SimFormats.status(c, node, a)));
            }
            default -> {
                Result r = run(argv);
                // drbdadm names the drbdsetup command that failed; drbdsetup itself does not (9.2.18's answers)
                return new Result(r.exit(), r.stdout(), r.stderr().replaceAll(
                        "(?m)^Command '[^'\\n]{0,200}' terminated with exit code \\d{1,3}\\n", ""));
            }
        }
    }

    private String role(String res) {
        Replica r = c.replica(res, node);
        Replica.PeerLink p = r.peers.values().iterator().next();
        return r.role.drbdName() + (v84() ? "/" + (p.connected ? p.peerRole.drbdName() : "Unknown") : "");
    }

    /** DRBD 9: one line per connection (or the one {@code RES:PEER} names); 8.4: the one peer. */
    private String cstate(String res) {
        Replica r = c.replica(res, node);
        if (v84()) {
            return SimFormats.cs84(r, r.peers.values().iterator().next());
        }
        List<String> lines = new ArrayList<>();
        r.peers.forEach((name, p) -> {
            if (peer == null || peer.equals(name)) {
                lines.add(SimFormats.connectionState(r, p));
            }
        });
        return String.join("\n", lines);
    }

    /** The local disk, then each peer's as this node sees it ({@code UpToDate/UpToDate/UpToDate} on 9). */
    private String dstate(String res) {
        Replica r = c.replica(res, node);
        StringBuilder sb = new StringBuilder(r.disk[0].drbdName());
        for (Map.Entry<String, Replica.PeerLink> e : r.peers.entrySet()) {
            sb.append('/').append(e.getValue().connected ? c.replica(res, e.getKey()).disk[0].drbdName()
                    : "DUnknown");
            if (v84()) {
                break;
            }
        }
        return sb.toString();
    }

    /** The connection a DRBD 9 {@code RES:PEER} argument names, or null for all. */
    private String peer;

    private Result refusal(SimRefusal f, String verb, String res) {
        if (f == null) {
            return Result.ok("");
        }
        SimResourceSpec spec = c.read(() -> c.replica(res, node).spec);
        int minor = spec.minors().get(0);
        String obj = v84() ? Integer.toString(minor) : res;
        String tool = v84() ? "drbdsetup-84 " + verb + " " + minor : "drbdsetup " + verb + " " + res;
        StringBuilder err = new StringBuilder();
        if (f == SimRefusal.ALREADY_STANDALONE && v84()) {
            String self = address(spec, node);
            String peer = address(spec, spec.nodes().stream().filter(n -> !n.equals(node)).findFirst().orElse(node));
            err.append("??: Failure: (162) Invalid configuration request\nadditional info from kernel:\n")
                    .append("unknown connection\n");
            tool = "drbdsetup-84 disconnect " + self + " " + peer;
        } else if (f.stateChange()) {
            err.append(obj).append(": State change failed: (").append(f.code()).append(") ").append(f.text())
                    .append('\n');
            if (f == SimRefusal.DEVICE_IN_USE && !v84()) {
                err.append(c.read(() -> SimSystem.openerInfo(c, node, minor)));
            }
            if (f == SimRefusal.NO_QUORUM) { // as DRBD 9.2.18 explains it
                err.append(c.read(() -> {
                    Replica r = c.replica(res, node);
                    long seen = 1 + r.peers.values().stream().filter(p -> p.connected).count();
                    int nodes = r.spec.nodes().size();
                    return "additional info from kernel:\n" + seen + " of " + nodes + " nodes visible, need "
                            + (nodes / 2 + 1) + " for quorum\n";
                }));
            }
        } else {
            err.append(obj).append(": Failure: (").append(f.code()).append(") ").append(f.text()).append('\n');
            if (f == SimRefusal.MINOR_NOT_ALLOCATED) {
                err.append("additional info from kernel:\nunknown minor\n");
            }
        }
        err.append("Command '").append(tool).append("' terminated with exit code ").append(f.exitCode()).append('\n');
        return new Result(f.exitCode(), "", err.toString());
    }

    static String address(SimResourceSpec spec, String host) {
        return "ipv4:10.99.0." + (11 + spec.nodeId(host)) + ":" + spec.port();
    }

    private List<String> names(List<String> args) {
        List<String> out = new ArrayList<>();
        for (SimResourceSpec s : c.resourcesOf(node)) {
            if (args.contains("all") || args.contains(s.name())) {
                out.add(s.name());
            }
        }
        return out;
    }

    private static Result notDefined(String res) {
        return Result.err(1, "'" + res + "' not defined in your config (for this host).\n");
    }

    private String version() {
        int code = c.version().code();
        return "DRBDADM_BUILDTAG=GIT-hash:\\ 409097fe02187f83790b88ac3e0d94f3c167adab\\ reproducible\\ build\\,"
                + "\\ 2023-01-09\\ 14:51:18\n"
                + "DRBDADM_API_VERSION=" + (v84() ? 1 : 2) + "\n"
                + String.format("DRBD_KERNEL_VERSION_CODE=0x%06x%n", code)
                + (v84() ? "" : "DRBD_KERNEL_VERSION=" + c.version().kernel() + "\n")
                + "DRBDADM_VERSION_CODE=0x091600\n"
                + "DRBDADM_VERSION=9.22.0\n";
    }

    static boolean isPrimary(Replica r) {
        return r.role == Role.PRIMARY;
    }
}
