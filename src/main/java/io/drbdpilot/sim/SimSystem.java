// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.sim;

import io.drbdpilot.drbd.model.Role;
import io.drbdpilot.sim.SimShell.Result;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The system commands around DRBD on a simulated node: {@code mount}/{@code umount}, {@code lsof}/{@code fuser},
 * {@code dd}, {@code systemctl}, {@code virsh}, {@code xl} and {@code dmesg}, with the messages the lab's real kernel gave.
 */
final class SimSystem {

    private final SimCluster c;
    private final String node;

    SimSystem(SimCluster c, String node) {
        this.c = c;
        this.node = node;
    }

    Result run(String prog, List<String> a) {
        synchronized (c) {
            Result r = switch (prog) {
                case "mount" -> mount(a);
                case "umount" -> umount(a);
                case "lsof" -> lsof(a);
                case "fuser" -> fuser(a);
                case "dd" -> dd(a);
                case "systemctl" -> systemctl(a);
                case "virsh" -> virsh(a);
                case "xl" -> xl(a);
                case "dmesg" -> Result.ok(String.join("\n", c.node(node).kernelLog)
                        + (c.node(node).kernelLog.isEmpty() ? "" : "\n"));
                default -> Result.err(127, "bash: line 1: " + prog + ": command not found\n");
            };
            if (!prog.equals("dmesg") && !prog.equals("lsof") && !prog.equals("fuser")) {
                c.systemChanged(node); // something may have opened or closed a device: tell the streams
            }
            return r;
        }
    }

    private Optional<Replica> replicaOfMinor(int minor) {
        return c.resourcesOf(node).stream().filter(s -> s.minors().contains(minor)).findFirst()
                .map(s -> c.replica(s.name(), node));
    }

    private static Integer minorOf(String dev) {
        if (dev != null && dev.startsWith("/dev/drbd")) {
            try {
                return Integer.parseInt(dev.substring(9));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private Result mount(List<String> a) {
        List<String> args = a.stream().filter(x -> !x.startsWith("-") && !x.equals("ro") && !x.equals("rw")).toList();
        if (args.size() < 2) {
            return Result.ok(procMounts(c, node));
        }
        Integer minor = minorOf(args.get(0));
        String dir = args.get(1);
        Optional<Replica> r = minor == null ? Optional.empty() : replicaOfMinor(minor);
        if (r.isEmpty()) {
            return Result.err(32, "mount: " + dir + ": special device " + args.get(0) + " does not exist.\n");
        }
        if (r.get().role != Role.PRIMARY) {
            return Result.err(32, "mount: " + dir + ": mount(2) system call failed: Wrong medium type.\n"
                    + "       dmesg(1) may have more information after failed mount system call.\n");
        }
        c.node(node).mounts.put(minor, dir);
        return Result.ok("");
    }

    private Result umount(List<String> a) {
        if (a.isEmpty()) {
            return Result.err(1, "umount: bad usage\n");
        }
        String target = a.get(a.size() - 1);
        Map<Integer, String> mounts = c.node(node).mounts;
        Integer minor = minorOf(target);
        if (minor == null) {
            minor = mounts.entrySet().stream().filter(e -> e.getValue().equals(target)).map(Map.Entry::getKey)
                    .findFirst().orElse(null);
        }
        if (minor == null || mounts.remove(minor) == null) {
            return Result.err(32, "umount: " + target + ": not mounted.\n");
        }
        return Result.ok("");
    }

    private Result lsof(List<String> a) {
        StringBuilder sb = new StringBuilder();
        for (String dev : a) {
            Integer minor = minorOf(dev);
            if (minor == null) {
                continue;
            }
            for (SimNode.Opener o : c.node(node).openersOf(minor)) {
                if (sb.isEmpty()) {
                    sb.append("COMMAND    PID USER   FD   TYPE DEVICE SIZE/OFF NODE NAME\n");
                }
                sb.append(String.format("%-9s %5d root   12u   BLK  147,%d      0t0  %d %s%n",
                        o.command().length() > 9 ? o.command().substring(0, 9) : o.command(), o.pid(), minor,
                        100 + minor, dev));
            }
        }
        return sb.isEmpty() ? Result.err(1, "") : Result.ok(sb.toString());
    }

    private Result fuser(List<String> a) {
        StringBuilder err = new StringBuilder();
        boolean any = false;
        for (String dev : a) {
            Integer minor = minorOf(dev);
            if (minor == null) {
                continue;
            }
            List<SimNode.Opener> os = c.node(node).openersOf(minor);
            if (!os.isEmpty() || c.node(node).mounts.containsKey(minor)) {
                any = true;
                err.append(dev).append(':');
                os.forEach(o -> err.append(' ').append(o.pid()));
                if (c.node(node).mounts.containsKey(minor)) {
                    err.append(" (mounted on ").append(c.node(node).mounts.get(minor)).append(')');
                }
                err.append('\n');
            }
        }
        return new Result(any ? 0 : 1, "", err.toString());
    }

    private Result dd(List<String> a) {
        String in = null;
        String out = null;
        long bs = 512;
        long count = 1;
        for (String x : a) {
            if (x.startsWith("if=")) {
                in = x.substring(3);
            } else if (x.startsWith("of=")) {
                out = x.substring(3);
            } else if (x.startsWith("bs=")) {
                bs = size(x.substring(3));
            } else if (x.startsWith("count=")) {
                count = Long.parseLong(x.substring(6));
            }
        }
        Integer wMinor = minorOf(out);
        if (wMinor == null && out != null) {
            wMinor = mountedMinorOf(out); // a file on a mounted DRBD filesystem
        }
        Integer rMinor = minorOf(in);
        if (wMinor != null) {
            Optional<Replica> r = replicaOfMinor(wMinor);
            if (r.isEmpty() || r.get().role != Role.PRIMARY) {
                return Result.err(1, "dd: failed to open '" + out + "': Read-only file system\n");
            }
            c.write(node, r.get().spec.name(), r.get().spec.minors().indexOf(wMinor), Math.max(1, bs * count / 1024));
        } else if (rMinor != null) {
            Optional<Replica> r = replicaOfMinor(rMinor);
            if (r.isEmpty() || r.get().role != Role.PRIMARY) {
                return Result.err(1, "dd: failed to open '" + in + "': Wrong medium type\n");
            }
            r.get().dr += Math.max(1, bs * count / 1024);
        }
        long bytes = bs * count;
        return new Result(0, "", count + "+0 records in\n" + count + "+0 records out\n" + bytes + " bytes copied\n");
    }

    /** The minor whose filesystem is mounted above this path, if any. */
    private Integer mountedMinorOf(String path) {
        for (Map.Entry<Integer, String> m : c.node(node).mounts.entrySet()) {
            if (path.startsWith(m.getValue() + "/")) {
                return m.getKey();
            }
        }
        return null;
    }

    private static long size(String s) {
        long mult = 1;
        char last = Character.toUpperCase(s.charAt(s.length() - 1));
        if (last == 'K' || last == 'M' || last == 'G') {
            mult = last == 'K' ? 1024 : last == 'M' ? 1024 * 1024 : 1024L * 1024 * 1024;
            s = s.substring(0, s.length() - 1);
        }
        return Long.parseLong(s) * mult;
    }

    private Result systemctl(List<String> a) {
        if (a.size() < 2) {
            return Result.err(1, "systemctl: need a verb and a unit\n");
        }
        if (a.get(0).equals("list-dependencies")) {
            return reverseDependencies(a.get(a.size() - 1));
        }
        String unit = a.get(1).endsWith(".service") ? a.get(1).substring(0, a.get(1).length() - 8) : a.get(1);
        Map<String, Boolean> svc = c.node(node).services;
        if (!svc.containsKey(unit)) {
            return a.get(0).equals("is-active") ? new Result(4, "inactive\n", "")
                    : Result.err(5, "Failed to " + a.get(0) + " " + unit + ".service: Unit " + unit
                            + ".service not found.\n");
        }
        return switch (a.get(0)) {
            case "start" -> {
                svc.put(unit, true);
                yield Result.ok("");
            }
            case "stop" -> {
                svc.put(unit, false);
                Integer held = c.node(node).serviceMinors.get(unit);
                if (held != null) { // its process wrote to the device: it stops writing too
                    c.resourcesOf(node).stream().filter(s -> s.minors().contains(held))
                            .forEach(s -> c.stopWriters(node, s.name()));
                }
                yield Result.ok("");
            }
            case "is-active" -> svc.get(unit) ? Result.ok("active\n") : new Result(3, "inactive\n", "");
            default -> Result.err(1, "Unknown command verb " + a.get(0) + ".\n");
        };
    }

    /** {@code systemctl list-dependencies --reverse --plain MOUNT-UNIT}: the unit, then the units that need it. */
    private Result reverseDependencies(String mountUnit) {
        StringBuilder sb = new StringBuilder(mountUnit).append('\n');
        c.node(node).serviceMounts.forEach((unit, path) -> {
            String escaped = path.replaceAll("^/+|/+$", "").replace("-", "\\x2d").replace('/', '-') + ".mount";
            if (escaped.equals(mountUnit)) {
                sb.append("  ").append(unit).append(".service\n");
            }
        });
        sb.append("  local-fs.target\n");
        return Result.ok(sb.toString());
    }

    private Result virsh(List<String> a) {
        Map<String, SimNode.Vm> vms = c.node(node).vms;
        if (a.isEmpty()) {
            return Result.err(1, "error: no command given\n");
        }
        if (a.get(0).equals("-c") && a.size() > 2) {
            return remote(a.get(1), a.subList(2, a.size()));
        }
        switch (a.get(0)) {
            case "uri" -> {
                return Result.ok("qemu:///system\n");
            }
            case "list" -> {
                boolean names = a.contains("--name");
                StringBuilder sb = new StringBuilder(names ? "" : " Id   Name    State\n------------------------\n");
                int id = 1;
                for (Map.Entry<String, SimNode.Vm> e : vms.entrySet()) {
                    SimNode.Vm vm = e.getValue();
                    if (!vm.xen && (vm.running || a.contains("--all"))) {
                        sb.append(names ? e.getKey() + "\n" : String.format(" %-4s %-7s %s%n", vm.running
                                ? Integer.toString(id++) : "-", e.getKey(), vm.running ? "running" : "shut off"));
                    }
                }
                return Result.ok(sb.append('\n').toString());
            }
            case "domblklist" -> {
                SimNode.Vm vm = vms.get(a.get(a.size() - 1));
                if (vm == null || vm.xen) {
                    return Result.err(1, "error: failed to get domain '" + a.get(a.size() - 1) + "'\n");
                }
                StringBuilder sb = new StringBuilder(" Target   Source\n-----------------------\n");
                char t = 'a';
                for (int m : vm.minors) {
                    sb.append(" vd").append(t++).append("      /dev/drbd").append(m).append('\n');
                }
                return Result.ok(sb.append('\n').toString());
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
                double total = 2048.0;
                double done = total * ms / vm.jobMillis;
                return Result.ok(String.format(java.util.Locale.ROOT, "Job type:         Unbounded%nOperation:        "
                        + "Outgoing migration%nTime elapsed:     %d         ms%nData processed:   %.3f MiB%n"
                        + "Data remaining:   %.3f MiB%nData total:       %.3f GiB%n%n", ms, done, total - done,
                        total / 1024));
            }
            case "migrate" -> {
                return migrate(a, vms);
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
            return run("virsh", cmd);
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
    private Result xl(List<String> a) {
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
                    if (replicaOfMinor(m).map(r -> r.role != Role.PRIMARY).orElse(true)) {
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
            if (r.isEmpty() || r.get().role != Role.PRIMARY) {
                return Result.err(1, "error: internal error: process exited while connecting to monitor: "
                        + "Could not open '/dev/drbd" + m + "': Read-only file system\n");
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

    static String procMounts(SimCluster c, String node) {
        StringBuilder sb = new StringBuilder("/dev/vda / ext4 rw,relatime 0 0\nproc /proc proc rw,relatime 0 0\n");
        c.node(node).mounts.forEach((minor, dir) -> sb.append("/dev/drbd").append(minor).append(' ').append(dir)
                .append(" ext4 rw,relatime 0 0\n"));
        return sb.toString();
    }

    /** DRBD 9's "additional info from kernel" for a refused demote. */
    static String openerInfo(SimCluster c, String node, int minor) {
        SimNode n = c.node(node);
        List<SimNode.Opener> os = n.openersOf(minor);
        int count = os.size() + (n.mounts.containsKey(minor) ? 1 : 0);
        StringBuilder sb = new StringBuilder("additional info from kernel:\n/dev/drbd" + minor + " open_cnt:" + count
                + ", writable:" + count + "; list of openers follows\n");
        if (n.mounts.containsKey(minor)) {
            sb.append("drbd").append(minor).append(" opened by mount (pid 1) at 2026-01-01 00:00:00.000\n");
        }
        for (SimNode.Opener o : os) {
            sb.append("drbd").append(minor).append(" opened by ").append(o.command()).append(" (pid ").append(o.pid())
                    .append(") at 2026-01-01 00:00:00.000\n");
        }
        return sb.toString();
    }
}
