// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.sim;

import io.drbdpilot.drbd.model.Role;
import io.drbdpilot.sim.SimShell.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The tools the operations use around DRBD on a simulated node: {@code logger}, {@code ls} of a device's holders,
 * Pacemaker's {@code cibadmin}, {@code grep} over drbd-reactor's configuration, lock holder files, and libvirt's
 * {@code virsh start|shutdown|domstate}. Cluster-locked.
 */
final class SimTools {

    private final SimCluster c;
    private final String node;

    SimTools(SimCluster c, String node) {
        this.c = c;
        this.node = node;
    }

    /** Null when the command is not one of these (the caller then tries the others). */
    Result run(String prog, List<String> a) {
        synchronized (c) {
            SimNode n = c.node(node);
            return switch (prog) {
                case "logger" -> {
                    int dd = a.indexOf("--");
                    n.syslog.add(String.join(" ", dd >= 0 ? a.subList(dd + 1, a.size()) : a));
                    yield Result.ok("");
                }
                case "ls" -> holders(a);
                case "cibadmin" -> cib(n);
                case "grep" -> reactor(n, a);
                case "drbd-reactorctl" -> new SimReactor(c, node).ctl(a);
                case "virsh" -> virsh(n, a);
                case "ssh" -> ssh(n, a);
                case "sh" -> a.contains("drbd-pilot-reclaim") ? reclaim(n, a) : null;
                default -> null;
            };
        }
    }

    /** A file the simulated tools wrote (the lock's holder), or null. */
    String file(String path) {
        synchronized (c) {
            String snippet = new SimReactor(c, node).file(path);
            return snippet != null ? snippet : c.node(node).files.get(path);
        }
    }

    private Result holders(List<String> a) {
        String p = a.isEmpty() ? "" : a.get(a.size() - 1);
        if (p.matches("/sys/block/drbd\\d+/holders")) {
            int minor = Integer.parseInt(p.replaceAll("\\D", ""));
            boolean exists = c.resourcesOf(node).stream().anyMatch(s -> s.minors().contains(minor));
            return exists ? Result.ok("") : Result.err(2, "ls: cannot access '" + p + "': No such file or directory\n");
        }
        return Result.err(2, "ls: cannot access '" + p + "': No such file or directory\n");
    }

    private Result cib(SimNode n) {
        if (!n.owners.containsValue("pacemaker")) {
            return Result.err(127, "bash: line 1: cibadmin: command not found\n");
        }
        StringBuilder sb = new StringBuilder("<resources>\n");
        n.owners.forEach((res, kind) -> {
            if (kind.equals("pacemaker")) {
                sb.append("  <clone id=\"ms_drbd_").append(res).append("\">\n    <primitive id=\"p_drbd_").append(res)
                        .append("\" class=\"ocf\" provider=\"linbit\" type=\"drbd\">\n      <instance_attributes id=\"p_")
                        .append(res).append("-ia\">\n        <nvpair id=\"p_").append(res)
                        .append("-res\" name=\"drbd_resource\" value=\"").append(res)
                        .append("\"/>\n      </instance_attributes>\n    </primitive>\n  </clone>\n");
            }
        });
        return Result.ok(sb.append("</resources>\n").toString());
    }

    private Result reactor(SimNode n, List<String> a) {
        int dd = a.indexOf("--");
        String pattern = dd >= 0 && dd + 1 < a.size() ? a.get(dd + 1) : "";
        for (var e : n.owners.entrySet()) {
            String res = e.getKey();
            if (e.getValue().equals("reactor") && ("[promoter.resources." + res + "]").matches(pattern)) {
                return Result.ok("/etc/drbd-reactor.d/" + res + ".toml\n");
            }
        }
        if (n.owners.containsValue("reactor")) {
            return Result.err(1, ""); // installed, not promoting this resource
        }
        return Result.err(2, "grep: /etc/drbd-reactor.d: No such file or directory\n"
                + "grep: /etc/drbd-reactor.toml: No such file or directory\n");
    }

    /**
     * The lock's reclaim script ({@code sh -c RECLAIM drbd-pilot-reclaim TOKEN HOLDERFILE}): ends the holder of the
     * lock next to the holder file when that file names the token; exit 3 when it does not.
     */
    private Result reclaim(SimNode n, List<String> a) {
        int i = a.indexOf("drbd-pilot-reclaim");
        if (i + 2 >= a.size()) {
            return Result.err(2, "sh: usage\n");
        }
        String token = a.get(i + 1);
        String holderFile = a.get(i + 2);
        String who = n.files.get(holderFile);
        if (who == null || !who.lines().findFirst().orElse("").contains(token)) {
            return Result.err(3, "");
        }
        n.locks.remove(holderFile.replaceFirst("\\.holder$", ".lock"));
        return Result.ok("");
    }

    /** {@code ssh -o BatchMode=yes HOST true}: the transport xl migrate uses, node to node. */
    private Result ssh(SimNode n, List<String> a) {
        List<String> pos = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i).equals("-o")) {
                i++;
            } else if (!a.get(i).startsWith("-")) {
                pos.add(a.get(i));
            }
        }
        String host = pos.isEmpty() ? "" : pos.get(0).replaceFirst("^.*@", "");
        SimNode dest = c.node(host);
        if (dest == null || !dest.up || !n.migrationTransport) {
            return Result.err(255, "ssh: connect to host " + host + " port 22: No route to host\n");
        }
        return Result.ok("");
    }

    private Result virsh(SimNode n, List<String> argv) {
        if (argv.size() < 2 || !List.of("start", "shutdown", "domstate").contains(argv.get(0))) {
            return null;
        }
        boolean reason = argv.get(0).equals("domstate") && argv.get(1).equals("--reason") && argv.size() > 2;
        List<String> a = List.of(argv.get(0), n.domain(argv.get(reason ? 2 : 1)));
        SimNode.Vm vm = n.vms.get(a.get(1));
        if (vm == null) {
            return Result.err(1, "error: failed to get domain '" + a.get(1) + "'\n");
        }
        switch (a.get(0)) {
            case "domstate" -> {
                return Result.ok((vm.running ? "running" + (reason ? " (booted)" : "") : "shut off"
                        + (reason ? " (shutdown)" : "")) + "\n\n");
            }
            case "shutdown" -> {
                if (!vm.running) {
                    return Result.err(1, "error: Failed to shutdown domain '" + a.get(1) + "'\nerror: Requested "
                            + "operation is not valid: domain is not running\n");
                }
                vm.running = false;
                c.systemChanged(node);
                return Result.ok("Domain '" + a.get(1) + "' is being shutdown\n\n");
            }
            default -> {
                if (vm.running) {
                    return Result.err(1, "error: Failed to start domain '" + a.get(1) + "'\nerror: Requested "
                            + "operation is not valid: domain is already running\n");
                }
                for (int m : vm.minors) {
                    Optional<Replica> r = c.resourcesOf(node).stream().filter(s -> s.minors().contains(m)).findFirst()
                            .map(s -> c.replica(s.name(), node));
                    if (r.isEmpty() || r.get().role != Role.PRIMARY) {
                        return Result.err(1, "error: Failed to start domain '" + a.get(1) + "'\nerror: internal "
                                + "error: process exited while connecting to monitor: Could not open '/dev/drbd" + m
                                + "': Read-only file system\n");
                    }
                }
                vm.running = true;
                c.systemChanged(node);
                return Result.ok("Domain '" + a.get(1) + "' started\n\n");
            }
        }
    }
}
