// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.sim;

import io.drbdpilot.drbd.model.DiskState;
import io.drbdpilot.drbd.model.ReplicationState;
import io.drbdpilot.drbd.model.Role;
import io.drbdpilot.sim.SimShell.Result;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Growing a resource: a backing device grows (the operator's {@code lvextend}), {@code drbdadm resize} grows DRBD to
 * the smallest node's backing device less its internal metadata and resyncs the new area from the Primary (unless
 * {@code --assume-clean}), {@code resize2fs} grows the filesystem, and {@code df} shows it.
 */
final class SimResize {

    private final SimCluster c;
    private final String node;

    SimResize(SimCluster c, String node) {
        this.c = c;
        this.node = node;
    }

    /** The kernel's internal metadata at the end of a backing device: 4 KiB superblock, 32 KiB AL, the bitmaps. */
    static long metaBytes(long backingBytes, int peers) {
        long bits = (backingBytes / 4096 + 63) / 64 * 64;
        long bitmap = (bits / 8 + 4095) / 4096 * 4096;
        return 36 * 1024 + bitmap * Math.max(1, peers);
    }

    private static int peers(SimResourceSpec s) {
        return s.nodes().size() - 1;
    }

    /** A volume's backing device size on a node: as grown, else its data and metadata exactly. */
    static long backingBytes(SimCluster c, String node, SimResourceSpec s, int v) {
        Long grown = c.node(node).backing.get(s.name() + "/" + v);
        long data = s.sizesKiB().get(v) * 1024;
        return grown != null ? grown : data + metaBytes(data, peers(s));
    }

    /** The operator grows a volume's backing device on a node (never shrinks it). */
    static void grow(SimCluster c, String node, String res, int v, long bytes) {
        SimResourceSpec s = c.replica(res, node).spec;
        if (bytes > backingBytes(c, node, s, v)) {
            c.node(node).backing.put(res + "/" + v, bytes);
        }
    }

    /** {@code drbdadm resize [--assume-clean] RES}, run on this node; the kernel's refusal, or null. */
    SimRefusal resize(String res, boolean assumeClean) {
        Replica me = c.replica(res, node);
        if (me.peers.values().stream().anyMatch(p -> p.connected && Arrays.stream(p.repl).anyMatch(
                rs -> rs != ReplicationState.ESTABLISHED))) {
            return SimRefusal.RESIZE_RESYNC;
        }
        List<Replica> together = new ArrayList<>(List.of(me));
        me.peers.forEach((peer, p) -> {
            if (p.connected) {
                together.add(c.replica(res, peer));
            }
        });
        if (together.size() > 1 && together.stream().noneMatch(r -> r.role == Role.PRIMARY)) {
            return SimRefusal.NO_PRIMARY; // connected Secondaries only: 8.4 and 9 ask for a Primary
        }
        SimResourceSpec s = me.spec;
        List<Long> sizes = new ArrayList<>(s.sizesKiB());
        boolean grew = false;
        for (int v = 0; v < s.volumes(); v++) {
            long smallest = Long.MAX_VALUE;
            for (Replica r : together) {
                long b = backingBytes(c, r.node, s, v);
                smallest = Math.min(smallest, b - metaBytes(b, peers(s)));
            }
            long kib = smallest / 4096 * 4; // whole 4 KiB blocks
            if (kib > sizes.get(v)) {
                sizes.set(v, kib);
                grew = true;
            }
        }
        if (!grew) {
            return null; // nothing larger: drbdadm resize is quiet
        }
        Replica source = together.stream().filter(r -> r.role == Role.PRIMARY).findFirst().orElse(me);
        for (Replica r : together) { // a filesystem keeps its size until resize2fs
            for (int v = 0; v < s.volumes(); v++) {
                int minor = s.minors().get(v);
                if (c.node(r.node).mounts.containsKey(minor)) {
                    c.node(r.node).fsBytes.putIfAbsent(minor, s.sizesKiB().get(v) * 1024);
                }
            }
        }
        for (int v = 0; v < s.volumes(); v++) {
            long added = sizes.get(v) - s.sizesKiB().get(v);
            c.node(node).log((c.version().is84() ? "block drbd" + s.minors().get(v) : "drbd " + res + "/" + v
                    + " drbd" + s.minors().get(v)) + ": size = " + human(sizes.get(v)) + " (" + sizes.get(v) + " KB)");
            for (Replica r : together) {
                if (r != source && !assumeClean && r.disk[v] == DiskState.UP_TO_DATE) {
                    c.startSync(res, source.node, r.node, v, added);
                }
            }
        }
        c.resized(res, sizes);
        return null;
    }

    private static String human(long kib) {
        return kib >= 1024 * 1024 ? kib / 1024 / 1024 + " GB" : kib / 1024 + " MB";
    }

    /** The size of a minor's DRBD device on this node, or null when it is not up here. */
    Long drbdBytes(int minor) {
        Replica r = SimSystem.replicaOfMinor(c, node, minor).orElse(null);
        return r == null || !r.configured ? null : r.spec.sizesKiB().get(r.spec.minors().indexOf(minor)) * 1024;
    }

    /**
     * {@code resize2fs DEV}: the filesystem grows to its DRBD device (online when mounted, on a Primary only). As the
     * lab's e2fsprogs 1.47.0 prints it: the banner on stderr, the rest on stdout, 4 KiB blocks.
     */
    Result resize2fs(List<String> a) {
        String dev = a.isEmpty() ? "" : a.get(a.size() - 1);
        Integer minor = dev.matches("/dev/drbd\\d+") ? Integer.valueOf(dev.substring(9)) : null;
        Replica r = minor == null ? null : SimSystem.replicaOfMinor(c, node, minor).orElse(null);
        String banner = "resize2fs 1.47.0 (5-Feb-2023)\n";
        if (r == null || r.role != Role.PRIMARY) {
            return new Result(1, "", banner + "resize2fs: " + (r == null ? "No such file or directory"
                    : "Wrong medium type") + " while trying to open " + dev + "\nCouldn't find valid filesystem "
                    + "superblock.\n");
        }
        int v = r.spec.minors().indexOf(minor);
        long device = r.spec.sizesKiB().get(v) * 1024;
        Map<Integer, Long> fs = c.node(node).fsBytes;
        String mount = c.node(node).mounts.get(minor);
        if (fs.getOrDefault(minor, device) >= device) {
            fs.put(minor, device);
            return new Result(0, "The filesystem is already " + device / 4096 + " (4k) blocks long.  Nothing to do!"
                    + "\n\n", banner);
        }
        fs.put(minor, device);
        return new Result(0, (mount == null ? "" : "Filesystem at " + dev + " is mounted on " + mount + "; on-line "
                + "resizing required\nold_desc_blocks = 1, new_desc_blocks = 1\n") + "The filesystem on " + dev
                + " is now " + device / 4096 + " (4k) blocks long.\n\n", banner);
    }

    /** {@code df -B1 --output=size DIR}: the size of the filesystem mounted there. */
    Result df(List<String> a) {
        String dir = a.isEmpty() ? "" : a.get(a.size() - 1);
        for (Map.Entry<Integer, String> m : c.node(node).mounts.entrySet()) {
            if (m.getValue().equals(dir)) {
                Replica r = SimSystem.replicaOfMinor(c, node, m.getKey()).orElse(null);
                long device = r == null ? 0 : r.spec.sizesKiB().get(r.spec.minors().indexOf(m.getKey())) * 1024;
                long size = c.node(node).fsBytes.getOrDefault(m.getKey(), device);
                return Result.ok("    1B-blocks\n" + String.format("%13d", size * 94 / 100) + "\n");
            }
        }
        return Result.ok("1B-blocks\n" + String.format("%9d", 1_035_730_944L) + "\n"); // the root filesystem
    }
}
