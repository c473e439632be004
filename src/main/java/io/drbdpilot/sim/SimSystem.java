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
                case "virsh" -> new SimHypervisors(c, node).virsh(a);
                case "xl" -> new SimHypervisors(c, node).xl(a);
                case "dmesg" -> Result.ok(String.join("\n", c.node(node).kernelLog)
                        + (c.node(node).kernelLog.isEmpty() ? "" : "\n"));
                case "blockdev" -> blockdev(a);
                case "blkid" -> new SimDisks(c, node).blkid(a);
                case "wipefs" -> new SimDisks(c, node).wipefs(a);
                case "cmp" -> new SimDisks(c, node).cmpZero(a);
                case "stat" -> stat(a);
                case "lvs" -> lvs(a);
                case "lvcreate" -> lvcreate(a);
                case "resize2fs" -> new SimResize(c, node).resize2fs(a);
                case "df" -> new SimResize(c, node).df(a);
                default -> Result.err(127, "bash: line 1: " + prog + ": command not found\n");
            };
            if (!List.of("dmesg", "lsof", "fuser", "blockdev", "stat", "lvs", "blkid", "cmp", "df").contains(prog)) {
                c.systemChanged(node); // something may have opened or closed a device: tell the streams
            }
            return r;
        }
    }

    private Optional<Replica> replicaOfMinor(int minor) {
        return replicaOfMinor(c, node, minor);
    }

    /** The replica on a node that owns a minor. */
    static Optional<Replica> replicaOfMinor(SimCluster c, String node, int minor) {
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
        Long disk = diskSize(in);
        if (disk != null && out != null && minorOf(out) == null) { // a copy of a backing disk to a file
            c.node(node).copies.put(out, disk);
            return new Result(0, "", "");
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

    /** The size in bytes of the backing disk at {@code path} on this node (as dump-xml names it), or null. */
    private Long diskSize(String path) {
        if (path == null) {
            return null;
        }
        for (SimResourceSpec s : c.resources()) {
            if (!s.nodes().contains(node) || s.isClient(node)) {
                continue;
            }
            for (int v = 0; v < s.volumes(); v++) {
                int minor = s.minors().get(v);
                String disk = c.version().is84() ? "/dev/vd" + (char) ('b' + minor % 24) : "/dev/vg/" + s.name() + "_" + v;
                if (disk.equals(path)) {
                    return SimResize.backingBytes(c, node, c.replica(s.name(), node).spec, v);
                }

            }
        }
        return null;
    }

    private Result blockdev(List<String> a) {
        String dev = a.isEmpty() ? "" : a.get(a.size() - 1);
        Integer minor = minorOf(dev);
        if (minor != null && c.version().is84() && replicaOfMinor(minor).map(r -> r.role != Role.PRIMARY)
                .orElse(false)) { // the lab's 8.4.11 does not let a Secondary's device be opened
            return Result.err(1, "blockdev: cannot open " + dev + ": Wrong medium type\n");
        }
        Long size = !a.contains("--getsize64") ? null : minor != null ? new SimResize(c, node).drbdBytes(minor)
                : diskSize(dev);
        return size == null ? Result.err(1, "blockdev: cannot open " + (a.isEmpty() ? "" : a.get(a.size() - 1))
                + ": No such file or directory\n") : Result.ok(size + "\n");
    }

    private Result stat(List<String> a) {
        String file = a.isEmpty() ? "" : a.get(a.size() - 1);
        Long size = c.node(node).copies.get(file);
        return size == null ? Result.err(1, "stat: cannot statx '" + file + "': No such file or directory\n")
                : Result.ok(size + "\n");
    }

    /** LVM: the DRBD 9 layouts keep their disks in /dev/vg; the 8.4 lab's are plain /dev/vdX. */
    private Result lvs(List<String> a) {
        String dev = a.isEmpty() ? "" : a.get(a.size() - 1);
        return dev.startsWith("/dev/vg/") && diskSize(dev) != null ? Result.ok("  " + dev + "\n")
                : Result.err(5, "  Failed to find logical volume \"" + dev + "\"\n");
    }

    private Result lvcreate(List<String> a) {
        String origin = a.isEmpty() ? "" : a.get(a.size() - 1);
        int n = a.indexOf("--name");
        if (!a.contains("--snapshot") || n < 0 || n + 1 >= a.size() || lvs(List.of(origin)).exit() != 0) {
            return Result.err(5, "  Volume group \"vg\" not found or no such origin " + origin + "\n");
        }
        c.node(node).snapshots.put(a.get(n + 1), origin);
        return Result.ok("  Logical volume \"" + a.get(n + 1) + "\" created.\n");
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
        Result reactor = new SimReactor(c, node).systemctl(a);
        if (reactor != null) {
            return reactor;
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

    static String procMounts(SimCluster c, String node) {
        StringBuilder sb = new StringBuilder("/dev/vda / ext4 rw,relatime 0 0\nproc /proc proc rw,relatime 0 0\n");
        c.node(node).mounts.forEach((minor, dir) -> sb.append("/dev/drbd").append(minor).append(' ').append(dir)
                .append(" ext4 rw,relatime 0 0\n"));
        return sb.toString();
    }

    /** DRBD 9's "additional info from kernel" for a refused demote, as the real 9.2.18 kernel gives it. */
    static String openerInfo(SimCluster c, String node, int minor) {
        SimNode n = c.node(node);
        List<SimNode.Opener> os = n.openersOf(minor);
        // 9.2.18 lists the openers straight after this line (no open_cnt summary)
        StringBuilder sb = new StringBuilder("additional info from kernel:\n");
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
