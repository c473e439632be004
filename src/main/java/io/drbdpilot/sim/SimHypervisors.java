// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.sim;

import io.drbdpilot.drbd.model.Role;
import io.drbdpilot.sim.SimShell.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The hypervisors on a simulated node: libvirt's {@code virsh} (list, domblklist, domjobinfo, migrate live or offline,
 * {@code -c qemu+ssh://HOST/system} to another node) and Xen's {@code xl} (list, list -l, block-list, shutdown,
 * create, migrate). A live migration needs every DRBD disk Primary on the target. Cluster-locked by the caller.
 */
final class SimHypervisors {

    private final SimCluster c;
    private final String node;

    SimHypervisors(SimCluster c, String node) {
        this.c = c;
        this.node = node;
    }

    Result virsh(List<String> argv) {
        Map<String, SimNode.Vm> vms = c.node(node).vms;
        if (argv.isEmpty()) {
            return Result.err(1, "error: no command given\n");
        }
        if (argv.get(0).equals("-c") && argv.size() > 2) {
            return remote(argv.get(1), argv.subList(2, argv.size()));
        }
        SimNode here = c.node(node);
        List<String> a = argv.stream().skip(1).map(here::domain).collect(Collectors.toCollection(
                ArrayList::new));
        a.add(0, argv.get(0));
        switch (a.get(0)) {
            case "uri" -> {
                return Result.ok("qemu:///system\n");
            }
            case "domname" -> {
                String dom = a.get(a.size() - 1);
                return vms.containsKey(dom) && !vms.get(dom).xen ? Result.ok(dom + "\n\n")
                        : Result.err(1, "error: failed to get domain '" + argv.get(argv.size() - 1) + "'\n");
            }
            case "list" -> {
                if (a.contains("--uuid")) {
                    StringBuilder sb = new StringBuilder();
                    vms.forEach((name, vm) -> {
                        if (!vm.xen && (vm.running || a.contains("--all"))) {
                            sb.append(SimNode.uuidOf(name)).append('\n');
                        }
                    });
                    return Result.ok(sb.append('\n').toString());
                }
                boolean names = a.contains("--name");
                // libvirt 9.0's table (the virt lab): each column as wide as its widest cell, three spaces apart
                List<String[]> rows = new ArrayList<>();
                int id = 1;
                for (Map.Entry<String, SimNode.Vm> e : vms.entrySet()) {
                    SimNode.Vm vm = e.getValue();
                    if (!vm.xen && (vm.running || a.contains("--all"))) {
                        rows.add(new String[] {vm.running ? Integer.toString(id++) : "-", e.getKey(), vm.running
                                ? "running" : "shut off"});
                    }
                }
                if (names) {
                    StringBuilder sb = new StringBuilder();
                    rows.forEach(r -> sb.append(r[1]).append('\n'));
                    return Result.ok(sb.append('\n').toString());
                }
                return Result.ok(table(List.of("Id", "Name", "State"), rows) + "\n");
            }
            case "domblklist" -> {
                SimNode.Vm vm = vms.get(a.get(a.size() - 1));
                if (vm == null || vm.xen) {
                    return Result.err(1, "error: failed to get domain '" + a.get(a.size() - 1) + "'\n");
                }
                boolean details = a.contains("--details");
                List<String[]> rows = new ArrayList<>();
                char t = 'a';
                for (int m : vm.minors) {
                    String target = "vd" + t++;
                    rows.add(details ? new String[] {"block", "disk", target, "/dev/drbd" + m}
                            : new String[] {target, "/dev/drbd" + m});
                }
                return Result.ok(table(details ? List.of("Type", "Device", "Target", "Source") : List.of("Target",
                        "Source"), rows) + "\n");
            }
            case "domjobinfo" -> {
                SimNode.Vm vm = vms.get(a.get(a.size() - 1));
                if (vm == null) {
                    return Result.err(1, "error: failed to get domain '" + a.get(a.size() - 1) + "'\n");
                }
                if (vm.jobMillis == 0) {
                    return Result.ok("Job type:         None\n\n");
                }
                long ms = Math.min(vm.jobMillis, (System.nanoTime() - vm.jobStart) / 1_000_000);
                String head = String.format(Locale.ROOT, "Job type:         Unbounded   %nOperation:        "
                        + "Outgoing migration%nTime elapsed:     %-12d ms%n", ms);
                if (ms < vm.jobMillis / 2) { // libvirt 9.0 (the virt lab): no data figures while the target starts
                    return Result.ok(head + "\n");
                }
                double total = 2048.0;
                double done = total * (ms - vm.jobMillis / 2.0) / (vm.jobMillis / 2.0);
                return Result.ok(head + String.format(Locale.ROOT, "Data processed:   %.3f MiB%n"
                        + "Data remaining:   %.3f MiB%nData total:       %.3f GiB%n%n", done, total - done,
                        total / 1024));
            }
            case "migrate" -> {
                return migrate(a, vms);
            }
            case "domjobabort" -> {
                SimNode.Vm vm = vms.get(a.get(a.size() - 1));
                if (vm == null) {
                    return Result.err(1, "error: failed to get domain '" + a.get(a.size() - 1) + "'\n");
                }
                if (vm.jobMillis == 0) {
                    return Result.err(1, "error: Requested operation is not valid: no job is active on the domain\n");
                }
                vm.jobMillis = 0;
                return Result.ok("");
            }
            default -> {
                return Result.err(1, "error: unknown command: '" + a.get(0) + "'\n");
            }
        }
    }

    /** {@code virsh -c qemu+ssh://HOST/system CMD}: the command runs on that node, over the migration transport. */
    private Result remote(String uri, List<String> cmd) {
        String host = hostOf(uri);
        if (host.isEmpty()) {
            return virsh(cmd);
        }
        SimNode dest = c.node(host);
        if (dest == null || !dest.up || !c.node(node).migrationTransport) {
            return Result.err(1, "error: failed to connect to the hypervisor\nerror: Cannot recv data: ssh: connect "
                    + "to host " + host + " port 22: No route to host: Connection reset by peer\n");
        }
        Result r = new SimTools(c, host).run("virsh", cmd);
        return r != null ? r : new SimSystem(c, host).run("virsh", cmd);
    }

    private static String hostOf(String uri) {
        return uri.replaceFirst("^[a-z+]+://([^@/]*@)?", "").replaceFirst("[/:].*$", "");
    }

    /** Xen's toolstack over the same domains: list, list -l, block-list, shutdown, create and migrate. */
    Result xl(List<String> a) {
        Map<String, SimNode.Vm> vms = c.node(node).vms;
        if (a.isEmpty()) {
            return Result.err(1, "Usage xl [-vfN] <subcommand> [args]\n");
        }
        List<String> pos = a.stream().skip(1).filter(x -> !x.startsWith("-")).toList();
        switch (a.get(0)) {
            case "list" -> {
                if (!pos.isEmpty()) {
                    SimNode.Vm vm = vms.get(pos.get(0));
                    if (vm == null || !vm.xen || !vm.running) {
                        return Result.err(1, "libxl: error: libxl_domain.c:316:libxl__domain_info: Domain "
                                + pos.get(0) + ":Unable to find domain info\n");
                    }
                    if (a.contains("-l")) {
                        StringBuilder sb = new StringBuilder("[\n    {\n        \"domid\": 1,\n        \"config\": {\n"
                                + "            \"c_info\": {\n                \"name\": \"" + pos.get(0) + "\"\n"
                                + "            },\n            \"disks\": [\n");
                        char t = 'a';
                        for (int i = 0; i < vm.minors.size(); i++) {
                            sb.append("                {\n                    \"pdev_path\": \"/dev/drbd")
                                    .append(vm.minors.get(i)).append("\",\n                    \"vdev\": \"xvd")
                                    .append(t++).append("\",\n                    \"readwrite\": 1\n                }")
                                    .append(i + 1 < vm.minors.size() ? ",\n" : "\n");
                        }
                        return Result.ok(sb.append("            ]\n        }\n    }\n]\n").toString());
                    }
                }
                StringBuilder sb = new StringBuilder(
                        "Name                                        ID   Mem VCPUs\tState\tTime(s)\n"
                        + "Domain-0                                     0  1024     2     r-----      12.3\n");
                int id = 1;
                for (Map.Entry<String, SimNode.Vm> e : vms.entrySet()) {
                    if (e.getValue().xen && e.getValue().running && (pos.isEmpty() || pos.contains(e.getKey()))) {
                        sb.append(String.format("%-43s %3d   512     1     -b----       1.2%n", e.getKey(), id++));
                    }
                }
                return Result.ok(sb.toString());
            }
            case "block-list" -> {
                SimNode.Vm vm = vms.get(a.get(a.size() - 1));
                if (vm == null || !vm.running) {
                    return Result.err(1, a.get(a.size() - 1) + " is an invalid domain identifier (rc=-6)\n");
                }
                StringBuilder sb = new StringBuilder("Vdev  BE  handle state evt-ch ring-ref BE-path\n");
                int vdev = 51712;
                for (int i = 0; i < vm.minors.size(); i++) {
                    sb.append(vdev).append("  0   1     4     14     8        /local/domain/0/backend/vbd/1/")
                            .append(vdev).append('\n');
                    vdev += 16;
                }
                return Result.ok(sb.toString());
            }
            case "shutdown" -> {
                SimNode.Vm vm = pos.isEmpty() ? null : vms.get(pos.get(0));
                if (vm == null || !vm.xen || !vm.running) {
                    return Result.err(1, "xl: Error: Domain '" + (pos.isEmpty() ? "" : pos.get(0))
                            + "' does not exist.\n");
                }
                vm.running = false;
                return Result.ok("Shutting down domain 1\nWaiting for 1 domains\nDomain 1 has been shut down, reason "
                        + "code 0\n");
            }
            case "create" -> {
                String cfg = pos.isEmpty() ? "" : pos.get(0);
                String name = cfg.replaceFirst("^.*/", "").replaceFirst("\\.cfg$", "");
                SimNode.Vm vm = vms.get(name);
                if (vm == null || !vm.xen) {
                    return Result.err(1, "Failed to parse config: No such file or directory\n");
                }
                if (vm.running) {
                    return Result.err(3, "libxl: error: Domain " + name + " already exists\n");
                }
                for (int m : vm.minors) {
                    if (SimSystem.replicaOfMinor(c, node, m).map(r -> r.role != Role.PRIMARY).orElse(true)) {
                        return Result.err(3, "libxl: error: libxl_device.c: device /dev/drbd" + m
                                + " is read-only\nlibxl: error: Domain " + name + ":Unable to add disk devices\n");
                    }
                }
                vm.running = true;
                return Result.ok("Parsing config from " + cfg + "\n");
            }
            case "migrate" -> {
                if (pos.size() < 2) {
                    return Result.err(1, "Usage: xl migrate <Domain> <host>\n");
                }
                return move(pos.get(0), pos.get(1), vms, true, false);
            }
            default -> {
                return Result.err(1, "command not implemented\n");
            }
        }
    }

    private Result migrate(List<String> a, Map<String, SimNode.Vm> vms) {
        List<String> pos = a.stream().skip(1).filter(x -> !x.startsWith("--")).toList();
        if (pos.size() < 2) {
            return Result.err(1, "error: command 'migrate' requires <domain> and <desturi>\n");
        }
        if (a.contains("--offline")) {
            SimNode.Vm vm = vms.get(pos.get(0));
            SimNode dest = c.node(hostOf(pos.get(1)));
            if (vm == null || vm.running) {
                return Result.err(1, "error: Requested operation is not valid: domain is active or not defined\n");
            }
            if (dest == null || !dest.up || !c.node(node).migrationTransport) {
                return Result.err(1, "error: failed to connect to the hypervisor\n");
            }
            dest.vms.put(pos.get(0), new SimNode.Vm(vm.minors, false, vm.xen));
            if (a.contains("--undefinesource")) {
                vms.remove(pos.get(0));
            }
            return Result.ok("");
        }
        return move(pos.get(0), hostOf(pos.get(1)), vms, a.contains("--undefinesource"), !a.contains("--persistent"));
    }

    /**
     * Moves a running domain to another node; every DRBD disk must be writable (Primary) there. libvirt leaves a
     * persistent domain defined (shut off) on the source unless {@code --undefinesource}; xl carries the domain.
     */
    private Result move(String name, String target, Map<String, SimNode.Vm> vms, boolean undefineSource,
            boolean transientOnTarget) {
        SimNode.Vm vm = vms.get(name);
        if (vm == null || !vm.running) {
            return Result.err(1, "error: Requested operation is not valid: domain is not running\n");
        }
        vm.jobMillis = 0;
        SimNode dest = c.node(target);
        if (dest == null || !dest.up || !c.node(node).migrationTransport) {
            return Result.err(1, "error: unable to connect to server at '" + target + ":22': No route to host\n");
        }
        String fail = c.node(node).failNextMigration;
        if (fail != null) {
            c.node(node).failNextMigration = null;
            return Result.err(1, fail.endsWith("\n") ? fail : fail + "\n");
        }
        for (int m : vm.minors) {
            Optional<Replica> r = c.resourcesOf(target).stream().filter(s -> s.minors().contains(m)).findFirst()
                    .map(s -> c.replica(s.name(), target));
            if ((r.isEmpty() || r.get().role != Role.PRIMARY) && vm.xen) {
                // the receiving xl adds the disk as xl create does, with the same refusal
                return Result.err(1, "libxl: error: libxl_device.c: device /dev/drbd" + m + " is read-only\n"
                        + "migration target: Domain creation failed (code -3)\n");
            }
            if (r.isEmpty() || r.get().role != Role.PRIMARY) {
                // the virt lab's libvirt 9.0 / qemu 7.2: auto-read-only falls back to read-only, hence EMEDIUMTYPE
                return Result.err(1, "error: internal error: qemu unexpectedly closed the monitor: "
                        + "2026-11-27T12:40:07.414123Z qemu-system-x86_64: -blockdev {\"driver\":\"host_device\","
                        + "\"filename\":\"/dev/drbd" + m + "\",\"aio\":\"native\",\"node-name\":\"libvirt-1-storage\","
                        + "\"cache\":{\"direct\":true,\"no-flush\":false},\"auto-read-only\":true,\"discard\":\"unmap\"}: "
                        + "Could not open '/dev/drbd" + m + "': Wrong medium type\n");
            }
        }
        vm.running = false;
        if (undefineSource && !vm.xen) { // xl leaves /etc/xen/NAME.cfg where it was
            vms.remove(name);
        }
        dest.vms.put(name, new SimNode.Vm(vm.minors, true, vm.xen));
        c.systemChanged(target);
        return Result.ok(vm.xen ? "migration target: Ready to receive domain.\nmigration sender: Target has "
                + "acknowledged transfer.\nMigration successful.\n" : "\nMigration: [100 %]\n");
    }

    /** A virsh table as libvirt 9.0 prints it: a leading space, columns padded to their widest cell, 3 spaces apart. */
    static String table(List<String> head, List<String[]> rows) {
        int[] w = new int[head.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = head.get(i).length();
            for (String[] r : rows) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        int width = line(sb, head.toArray(String[]::new), w);
        sb.append("-".repeat(width + 2)).append('\n');
        rows.forEach(r -> line(sb, r, w));
        return sb.toString();
    }

    private static int line(StringBuilder sb, String[] cells, int[] w) {
        StringBuilder l = new StringBuilder(" ");
        for (int i = 0; i < cells.length; i++) {
            l.append(i == cells.length - 1 ? cells[i] : String.format("%-" + w[i] + "s   ", cells[i]));
        }
        sb.append(l).append('\n');
        int total = 0;
        for (int x : w) {
            total += x + 3;
        }
        return total - 3 + 1;
    }
}
