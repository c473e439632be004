// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.config;

import io.drbdpilot.drbd.command.DrbdCommands;
import io.drbdpilot.drbd.config.HostConfig;
import io.drbdpilot.drbd.config.ResourceConfig;
import io.drbdpilot.drbd.config.VolumeConfig;
import io.drbdpilot.drbd.model.DeviceState;
import io.drbdpilot.drbd.model.DiskState;
import io.drbdpilot.ops.node.NodeRead;
import io.drbdpilot.ops.node.Probe;
import io.drbdpilot.ops.plan.Check;
import io.drbdpilot.ops.plan.PlanChecks;
import io.drbdpilot.ssh.CommandResult;
import io.drbdpilot.ssh.RemoteCommand;
import io.drbdpilot.ssh.SshException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Whether {@code drbdadm resize RES} may grow a resource: every node answers with its sizes; every node is connected
 * to every peer and UpToDate with no resync running; at most one Primary; every node's backing device has grown
 * beyond what DRBD uses (with room for the internal metadata); and, when the filesystem is to grow too, it is
 * mounted on the Primary and is ext2/3/4 or XFS. A size that could not be read is never a PASS.
 */
public final class ResizeChecks {

    /** Below this much new room per volume, there is nothing worth growing. */
    static final long MIN_GROWTH = 1024 * 1024;

    /**
     * One volume on one node: its DRBD device and size, its backing device and size (null when not read), and the
     * estimated room its internal metadata takes at the end of the backing device.
     */
    public record Volume(int volume, String device, String disk, Long drbdBytes, Long backingBytes, long metaBytes) {
        /** The size DRBD can use on this node after a resize (the backing device less its metadata), or null. */
        public Long usable() {
            return backingBytes == null ? null : backingBytes - metaBytes;
        }
    }

    /** A filesystem that grows after DRBD: where it is mounted on the Primary and how it grows. */
    public record Filesystem(int volume, String device, String mountPoint, String type) {
        public RemoteCommand command() {
            return type.equals("xfs") ? DrbdCommands.xfsGrowfs(mountPoint) : DrbdCommands.resize2fs(device);
        }
    }

    /**
     * @param on        the node {@code drbdadm resize} runs on (the Primary, else the first node)
     * @param volumes   per node, its volumes
     * @param newBytes  per volume, the size DRBD should grow to (the smallest node's usable size)
     * @param grow      the filesystems to grow after DRBD (empty unless asked)
     */
    public record Result(String resource, List<String> nodes, Map<String, NodeRead> reads,
            Map<String, List<Volume>> volumes, String on, Map<Integer, Long> newBytes, List<Filesystem> grow,
            boolean assumeClean, List<Check> checks) implements PlanChecks {

        public Result {
            nodes = List.copyOf(nodes);
            reads = Map.copyOf(reads);
            volumes = Map.copyOf(volumes);
            newBytes = Map.copyOf(newBytes);
            grow = List.copyOf(grow);
            checks = List.copyOf(checks);
        }

        @Override
        public String source() {
            return on == null ? "" : on;
        }

        /** Per volume, what DRBD uses now (the same on every connected node). */
        public Map<Integer, Long> oldBytes() {
            Map<Integer, Long> out = new LinkedHashMap<>();
            volumes.values().forEach(vs -> vs.forEach(v -> {
                if (v.drbdBytes() != null) {
                    out.merge(v.volume(), v.drbdBytes(), Math::min);
                }
            }));
            return out;
        }
    }

    private ResizeChecks() {
    }

    static Result run(Probe probe, String res, List<String> nodes, boolean growFs, boolean assumeClean)
            throws InterruptedException {
        List<Check> checks = new ArrayList<>();
        Map<String, NodeRead> reads = new LinkedHashMap<>();
        Map<String, List<Volume>> volumes = new LinkedHashMap<>();
        List<String> unread = new ArrayList<>();
        for (String n : nodes) {
            try {
                String host = probe.hostName(n);
                NodeRead r = probe.read(n, host, res);
                reads.put(n, r);
                if (!r.reachable()) {
                    unread.add(n + ": " + r.error());
                    continue;
                }
                volumes.put(n, sizes(probe, n, host, res, r, nodes.size() - 1, unread));
            } catch (SshException e) {
                unread.add(n + ": " + e.getMessage());
            }
        }
        String title = "Every node of " + res + " answers with its sizes";
        if (!unread.isEmpty()) {
            checks.add(Check.block("reachable", title, String.join("; ", unread), "Check the nodes and retry; a "
                    + "resize never runs on a guess."));
            return new Result(res, nodes, reads, volumes, null, Map.of(), List.of(), assumeClean, checks);
        }
        checks.add(Check.pass("reachable", title, String.join(", ", nodes) + " read just now (each DRBD device's size "
                + "from /sys/block, its backing device's with blockdev --getsize64)."));

        // every node connected to every peer, UpToDate, nothing resyncing
        List<String> apart = new ArrayList<>();
        for (NodeRead r : reads.values()) {
            for (NodeRead o : reads.values()) {
                if (!o.node().equals(r.node()) && !r.connectedTo(o.host())) {
                    apart.add(r.node() + " → " + o.node() + ": " + r.connectionText(o.host()));
                }
            }
            if (!r.devices().stream().map(DeviceState::disk).allMatch(d -> d.is(DiskState.UP_TO_DATE))) {
                apart.add(r.node() + " is " + r.diskText());
            }
        }
        String linked = "Every node is Connected and UpToDate, nothing resyncs";
        if (!apart.isEmpty()) {
            checks.add(Check.block("connected", linked, String.join("; ", apart) + ".", "Resize only a healthy "
                    + "resource: reconnect the nodes and let any resync finish (drbd-pilot resync " + res + ")."));
        } else {
            checks.add(Check.pass("connected", linked, "Connected and UpToDate on " + String.join(", ", nodes)
                    + "."));
        }

        List<String> primaries = reads.values().stream().filter(NodeRead::isPrimary).map(NodeRead::node).toList();
        String one = "One node is Primary";
        if (primaries.size() > 1) {
            checks.add(Check.block("primary", one, String.join(" and ", primaries) + " are both Primary.", "Demote "
                    + "all but one (or finish the migration that made them Primary) before growing."));
        } else if (primaries.isEmpty()) {
            checks.add(Check.block("primary", one, "No node is Primary: DRBD refuses to resize connected "
                    + "Secondaries (\"Need one Primary node to resize\").", "Promote the node where " + res
                    + "'s users run (or will run), then check again."));
        } else {
            checks.add(Check.pass("primary", one, primaries.get(0) + " is Primary; the resize runs there, and its "
                    + "users go on."));
        }
        String on = primaries.size() == 1 ? primaries.get(0) : nodes.get(0);

        // the backing devices: grown on every node, by more than the metadata takes
        Map<Integer, Long> newBytes = new LinkedHashMap<>();
        Map<Integer, Long> oldBytes = new LinkedHashMap<>();
        List<String> notGrown = new ArrayList<>();
        List<String> table = new ArrayList<>();
        for (Map.Entry<String, List<Volume>> e : volumes.entrySet()) {
            for (Volume v : e.getValue()) {
                table.add(e.getKey() + " volume " + v.volume() + ": " + v.disk() + " " + human(v.backingBytes())
                        + ", DRBD uses " + human(v.drbdBytes()));
                newBytes.merge(v.volume(), v.usable(), Math::min);
                oldBytes.merge(v.volume(), v.drbdBytes(), Math::min);
                if (v.usable() - v.drbdBytes() < MIN_GROWTH) {
                    notGrown.add(e.getKey() + "'s " + v.disk() + " (volume " + v.volume() + ", " + human(
                            v.backingBytes()) + ")");
                }
            }
        }
        String grown = "Every node's backing device has grown";
        if (!notGrown.isEmpty()) {
            checks.add(Check.block("grown", grown, "Not grown yet: " + String.join(", ", notGrown) + ". " + String.join(
                    "; ", table) + ".", "Grow the backing device on every node first (lvextend -L +SIZE, or the "
                    + "virtual disk in the hypervisor); DRBD takes the smallest. The wizard looks again every few "
                    + "seconds."));
            return new Result(res, nodes, reads, volumes, on, Map.of(), List.of(), assumeClean, checks);
        }
        List<String> growth = new ArrayList<>();
        newBytes.forEach((v, b) -> growth.add("volume " + v + " from " + human(oldBytes.get(v)) + " to about "
                + human(b)));
        checks.add(Check.pass("grown", grown, String.join("; ", growth) + " (the smallest node sets it; "
                + String.join("; ", table) + ")."));

        String clean = "The new area is resynced";
        long newArea = newBytes.entrySet().stream().mapToLong(e -> e.getValue() - oldBytes.get(e.getKey())).sum();
        if (assumeClean) {
            checks.add(Check.warn("clean", clean, "--assume-clean: the new " + human(newArea) + " are marked in sync "
                    + "without a resync.", "Only when the new space holds the same on every node (zeros: a new "
                    + "thin or zeroed volume). Else leave out --assume-clean."));
        } else {
            checks.add(Check.pass("clean", clean, "The new " + human(newArea) + " are resynced from " + on + " after "
                    + "the resize; the resource stays usable meanwhile."));
        }

        List<Filesystem> grow = new ArrayList<>();
        String fsTitle = "The filesystem grows too";
        Optional<String> mounts = Optional.empty();
        if (primaries.size() == 1) {
            try {
                CommandResult m = probe.run(on, RemoteCommand.of("cat", "/proc/mounts"));
                mounts = m.ok() ? Optional.of(m.stdout()) : Optional.empty();
            } catch (SshException e) {
                mounts = Optional.empty();
            }
        }
        List<Filesystem> mounted = new ArrayList<>();
        List<String> odd = new ArrayList<>();
        for (Volume v : volumes.getOrDefault(on, List.of())) {
            mounts.ifPresent(text -> text.lines().map(l -> l.split("\\s+")).filter(f -> f.length > 2
                    && f[0].equals(v.device())).findFirst().ifPresent(f -> {
                        if (!f[1].matches("/[A-Za-z0-9._/+@:=-]*")) {
                            odd.add(v.device() + " is mounted on a path with odd characters (" + f[1].length()
                                    + " characters)");
                        } else {
                            mounted.add(new Filesystem(v.volume(), v.device(), f[1], f[2].toLowerCase(Locale.ROOT)));
                        }
                    }));
        }
        if (!growFs) {
            checks.add(Check.pass("fs", fsTitle, mounted.isEmpty() ? "Not asked (--grow-fs); nothing is mounted on "
                    + on + "." : "Not asked: " + String.join(", ", mounted.stream().map(f -> f.type() + " on "
                    + f.mountPoint()).toList()) + " keeps its size until you grow it (" + String.join("; ",
                    mounted.stream().map(f -> f.command().toShell(true)).toList()) + ")."));
        } else if (primaries.size() != 1) {
            checks.add(Check.block("fs", fsTitle, "No node is Primary, so no filesystem of " + res + " is mounted.",
                    "Grow the filesystem where you mount it, or leave out --grow-fs."));
        } else if (mounts.isEmpty()) {
            checks.add(Check.block("fs", fsTitle, "/proc/mounts on " + on + " could not be read.", "Check the node, "
                    + "or leave out --grow-fs."));
        } else if (!odd.isEmpty()) {
            checks.add(Check.block("fs", fsTitle, String.join("; ", odd) + ".", "Grow it yourself, or leave out "
                    + "--grow-fs."));
        } else if (mounted.isEmpty()) {
            checks.add(Check.block("fs", fsTitle, "Nothing of " + res + " is mounted on " + on + ".", "Mount it "
                    + "first, or leave out --grow-fs."));
        } else {
            List<String> unsupported = mounted.stream().filter(f -> !f.type().matches("ext[234]|xfs"))
                    .map(f -> f.type() + " on " + f.mountPoint()).toList();
            if (!unsupported.isEmpty()) {
                checks.add(Check.block("fs", fsTitle, String.join(", ", unsupported) + ": DRBD Pilot grows ext2/3/4 "
                        + "(resize2fs) and XFS (xfs_growfs) only.", "Grow it with its own tool after the resize, "
                        + "or leave out --grow-fs."));
            } else {
                grow.addAll(mounted);
                checks.add(Check.pass("fs", fsTitle, String.join("; ", mounted.stream().map(f -> f.type() + " on "
                        + f.mountPoint() + " grows online on " + on + " (" + f.command().toShell(true) + ")")
                        .toList()) + "."));
            }
        }
        return new Result(res, nodes, reads, volumes, on, newBytes, grow, assumeClean, checks);
    }

    /** Each volume's DRBD device size and backing device size on a node; what cannot be read goes to unread. */
    private static List<Volume> sizes(Probe probe, String node, String host, String res, NodeRead r, int peers,
            List<String> unread) throws SshException, InterruptedException {
        Optional<ResourceConfig> cfg = probe.config(node, res);
        List<VolumeConfig> vols = cfg.flatMap(c -> c.host(host)).map(HostConfig::volumes).orElse(List.of());
        if (vols.isEmpty()) {
            unread.add(node + ": the configuration of " + res + " could not be read (drbdadm dump-xml)");
            return List.of();
        }
        List<Volume> out = new ArrayList<>();
        for (VolumeConfig v : vols) {
            String device = r.devices().stream().filter(d -> d.volume() == v.volume()).map(DeviceState::devicePath)
                    .findFirst().orElse(v.device());
            if (device == null || v.disk() == null || v.disk().equals("none")) {
                unread.add(node + ": volume " + v.volume() + " of " + res + " has no backing device (diskless)");
                continue;
            }
            Long drbd = drbdSize(probe, node, device);
            Long backing = size(probe, node, v.disk());
            if (drbd == null || backing == null) {
                unread.add(node + ": the size of " + (drbd == null ? device + " could not be read (/sys/block)"
                        : v.disk() + " could not be read (blockdev --getsize64)"));
                continue;
            }
            long meta = v.metaDisk() == null || v.metaDisk().equals("internal") ? internalMeta(backing, peers) : 0;
            out.add(new Volume(v.volume(), device, v.disk(), drbd, backing, meta));
        }
        return out;
    }

    /**
     * What DRBD's internal metadata takes at the end of a backing device of this size: the superblock (4 KiB), the
     * activity log (32 KiB) and one bitmap per peer (a bit per 4 KiB), in 4 KiB units. An estimate the kernel may
     * round; the confirmation reads the real size after the resize.
     */
    static long internalMeta(long backingBytes, int peers) {
        long bitmap = (backingBytes / 4096 + 7) / 8;
        bitmap = (bitmap + 4095) / 4096 * 4096;
        return 36 * 1024 + bitmap * Math.max(1, peers);
    }

    /** A DRBD device's size in bytes from sysfs (8.4 refuses to open a Secondary's device), or null. */
    static Long drbdSize(Probe probe, String node, String device) throws InterruptedException {
        if (device == null || !device.matches("/dev/drbd\\d{1,7}")) {
            return null;
        }
        try {
            CommandResult r = probe.run(node, DrbdCommands.drbdSectors(Integer.parseInt(device.substring(9))));
            return r.ok() ? Long.parseLong(r.stdout().strip()) * 512 : null;
        } catch (SshException | NumberFormatException e) {
            return null;
        }
    }

    static Long size(Probe probe, String node, String path) throws InterruptedException {
        try {
            CommandResult r = probe.run(node, DrbdCommands.deviceSize(path));
            return r.ok() ? Long.parseLong(r.stdout().strip()) : null;
        } catch (SshException | NumberFormatException e) {
            return null;
        }
    }

    static String human(Long bytes) {
        if (bytes == null) {
            return "?";
        }
        double mib = bytes / 1048576.0;
        return mib < 1024 ? String.format(Locale.ROOT, "%.1f MiB", mib) : String.format(Locale.ROOT, "%.2f GiB",
                mib / 1024);
    }
}
