// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.sim;

import io.drbdpilot.drbd.model.DiskState;
import io.drbdpilot.drbd.model.Role;
import io.drbdpilot.sim.SimShell.Result;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The backing disks under DRBD, and the commands that act on them: {@code detach}, {@code attach}, {@code down},
 * {@code up}, {@code create-md}, {@code disk-options}, {@code wipefs} and {@code blkid}, with the answers the lab's
 * 8.4.11 gave (src/test/resources/samples/lab/replace_disk.txt), a disk that fails and a disk that is swapped. Every
 * command that destroys what a backing device holds is checked against the cluster's good copies: destroying the last
 * one is recorded as data loss ({@link SimCluster#dataLoss()}), which the fault campaign asserts never happens.
 */
final class SimDisks {

    private static final Pattern RATE = Pattern.compile("--resync-rate=(\\d{1,10})([kKmMgG]?)");

    private final SimCluster c;
    private final String node;

    SimDisks(SimCluster c, String node) {
        this.c = c;
        this.node = node;
    }

    private String subject(Replica r, int v) {
        int minor = r.spec.minors().get(v);
        return c.version().is84() ? "block drbd" + minor : "drbd " + r.spec.name() + "/" + v + " drbd" + minor;
    }

    /** The backing device of a volume, as the simulator names it (8.4: the lab's /dev/vdX; 9: /dev/vg/RES_V). */
    static String backing(SimCluster c, SimResourceSpec s, int v) {
        int minor = s.minors().get(v);
        return c.version().is84() ? "/dev/vd" + (char) ('b' + minor % 24) : "/dev/vg/" + s.name() + "_" + v;
    }

    /** The replica and volume whose backing device this path is on this node, or null. */
    private Object[] byDevice(String path) {
        for (SimResourceSpec s : c.resourcesOf(node)) {
            if (s.isClient(node)) {
                continue;
            }
            for (int v = 0; v < s.volumes(); v++) {
                if (backing(c, s, v).equals(path)) {
                    return new Object[] {c.replica(s.name(), node), v};
                }
            }
        }
        return null;
    }

    /** Records data loss when destroying this copy leaves no good copy of the volume anywhere. */
    private void destroying(Replica r, int v, String what) {
        if (!r.holdsGood(v)) {
            return;
        }
        boolean other = c.replicasOf(r.spec.name()).stream().anyMatch(x -> x != r && x.holdsGood(v));
        if (!other) {
            c.lost(what + " on " + node + " destroyed the only good copy of " + r.spec.name() + "/" + v);
        }
    }

    /** {@code drbdadm disk-options [--c-plan-ahead=0] --resync-rate=R RES}: runtime only, adjust returns to the file. */
    Result diskOptions(String res, List<String> opts) {
        synchronized (c) {
            Replica r = c.replica(res, node);
            if (!r.configured) {
                return null;
            }
            for (String o : opts) {
                Matcher m = RATE.matcher(o);
                if (m.matches()) {
                    long n = Long.parseLong(m.group(1));
                    r.rateKiBps = switch (m.group(2).toLowerCase(Locale.ROOT)) {
                        case "m" -> n * 1024;
                        case "g" -> n * 1024 * 1024;
                        default -> n;
                    };
                }
            }
            if (c.version().is84()) { // 8.4 sends its sync parameters to the peer, which runs them too (the lab)
                r.peers.forEach((peer, p) -> {
                    if (p.connected) {
                        c.replica(res, peer).rateKiBps = r.rateKiBps;
                    }
                });
            }
            c.recompute(res);
            return Result.ok("");
        }
    }

    /** {@code drbdadm detach RES}: Diskless; refused for a Primary without an UpToDate peer to read from. */
    SimRefusal detach(String res) {
        synchronized (c) {
            Replica r = c.replica(res, node);
            if (!r.configured) {
                return SimRefusal.MINOR_NOT_ALLOCATED;
            }
            boolean peerGood = r.peers.entrySet().stream().anyMatch(e -> e.getValue().connected
                    && SimCluster.allVolumes(c.replica(res, e.getKey()), v -> c.replica(res, e.getKey()).disk[v]
                    == DiskState.UP_TO_DATE));
            if (r.role == Role.PRIMARY && !peerGood) {
                return SimRefusal.NO_UP_TO_DATE_DISK;
            }
            for (int v = 0; v < r.disk.length; v++) {
                if (r.disk[v] != DiskState.DISKLESS) {
                    r.goodOnDevice[v] = r.disk[v] == DiskState.UP_TO_DATE;
                    c.node(node).log(subject(r, v) + ": disk( " + r.disk[v].drbdName() + " -> Diskless )");
                    r.disk[v] = DiskState.DISKLESS;
                }
            }
            r.rateKiBps = null; // disk options go with the disk
            c.recompute(res);
            return null;
        }
    }

    /**
     * {@code drbdadm attach RES}: the metadata is read ("No valid meta data found" without it, as the lab's drbdmeta
     * said); a disk with new metadata, or without good data, is Inconsistent and syncs in full from a connected UpToDate
     * peer. A good disk comes back UpToDate (the simulator tracks no writes made while it was away).
     */
    Result attach(String res) {
        synchronized (c) {
            Replica r = c.replica(res, node);
            if (!r.configured) {
                return null; // the caller answers "minor not allocated"
            }
            for (int v = 0; v < r.disk.length; v++) {
                if (r.disk[v] != DiskState.DISKLESS) {
                    int minor = r.spec.minors().get(v);
                    return Result.err(10, minor + ": Failure: (124) Device is attached to a disk (use detach first)\n"
                            + "Command 'drbdsetup-84 attach " + minor + "' terminated with exit code 10\n");
                }
                if (!r.md[v]) {
                    return Result.err(1, "No valid meta data found\n");
                }
            }
            attachDisks(r);
            c.recompute(res);
            return Result.ok("");
        }
    }

    private void attachDisks(Replica r) {
        String res = r.spec.name();
        for (int v = 0; v < r.disk.length; v++) {
            boolean good = r.goodOnDevice[v] && !r.freshMd[v];
            r.disk[v] = good ? DiskState.UP_TO_DATE : DiskState.INCONSISTENT;
            c.node(node).log(subject(r, v) + ": disk( Diskless -> Attaching ) → " + r.disk[v].drbdName());
            if (!good) {
                for (Map.Entry<String, Replica.PeerLink> e : r.peers.entrySet()) {
                    Replica peer = c.replica(res, e.getKey());
                    if (e.getValue().connected && peer.disk[v] == DiskState.UP_TO_DATE) {
                        c.startSync(res, e.getKey(), node, v, r.spec.sizesKiB().get(v));
                        r.freshMd[v] = false;
                        break;
                    }
                }
            }
        }
    }

    /** {@code drbdadm down RES}: the resource is gone from the kernel on this node (the data stays on the disk). */
    Result down(String res) {
        synchronized (c) {
            Replica r = c.replica(res, node);
            if (r.configured) {
                for (int v = 0; v < r.disk.length; v++) {
                    if (r.disk[v] != DiskState.DISKLESS) {
                        r.goodOnDevice[v] = r.disk[v] == DiskState.UP_TO_DATE;
                    }
                }
                r.configured = false;
                r.role = Role.SECONDARY;
                r.rateKiBps = null;
                r.allowTwoPrimaries = r.spec.allowTwoPrimaries();
                Arrays.fill(r.disk, DiskState.DISKLESS);
                c.node(node).log("drbd " + res + ": conn( Connected -> Disconnecting ) … conn( -> StandAlone )");
                c.recompute(res);
            }
            return Result.ok("");
        }
    }

    /**
     * {@code drbdadm up RES}: configured, attached and connecting; without metadata the attach fails and the
     * resource stays configured without a disk or a connection (the lab: {@code cs:Unconfigured}, exit 1).
     */
    Result up(String res) {
        synchronized (c) {
            Replica r = c.replica(res, node);
            if (r.configured && r.netConfigured && (r.isClient() || r.disk[0] != DiskState.DISKLESS)) {
                return Result.ok(""); // already up
            }
            r.configured = true;
            boolean mdOk = r.isClient() || SimCluster.allVolumes(r, v -> r.md[v]);
            if (!mdOk) {
                r.netConfigured = false;
                c.recompute(res);
                return Result.err(1, "No valid meta data found\n");
            }
            r.netConfigured = true;
            if (!r.isClient()) {
                attachDisks(r);
            }
            c.recompute(res);
            return Result.ok("");
        }
    }

    /**
     * {@code drbdadm create-md [--force] RES}: refused on an attached disk; asks before overwriting metadata or a
     * filesystem, and with no terminal cancels unless forced (the lab's drbdmeta).
     */
    Result createMd(String res, boolean force) {
        synchronized (c) {
            Replica r = c.replica(res, node);
            for (int v = 0; v < r.disk.length; v++) {
                if (r.configured && r.disk[v] != DiskState.DISKLESS) {
                    return Result.err(20, "Device '" + r.spec.minors().get(v) + "' is configured!\n"); // simulated
                }
            }
            StringBuilder out = new StringBuilder();
            for (int v = 0; v < r.disk.length; v++) {
                String sig = r.signature[v];
                if (sig == null && r.dataAtStart[v]) { // the lab's drbdmeta on a wiped but used disk (CI, this session)
                    out.append("\nFound some data\n\n ==> This might destroy existing data! <==\n\n");
                    if (!force) {
                        return new Result(1, "", "Do you want to proceed?\n" + out
                                + "stdin not a TTY, not waiting for confirmation\nOperation cancelled.\n");
                    }
                    out.append("*** confirmation forced via --force option ***\n");
                }
                if (sig != null) {
                    out.append("You want me to create a v08 style flexible-size internal meta data block.\n");
                    out.append(sig.equals("drbd") ? "There appears to be a v08 flexible-size internal meta data block\n"
                            + "already in place on " + backing(c, r.spec, v) + " at byte offset "
                            + (r.spec.sizesKiB().get(v) * 1024 - 4096) + "\n\nDo you really want to overwrite the "
                            + "existing meta-data?\n" : "\nFound " + sig + " filesystem\n\nDo you want to proceed?\n");
                    if (!force) {
                        return new Result(1, "", out + "stdin not a TTY, not waiting for confirmation\n"
                                + "Operation cancelled.\n");
                    }
                    out.append("*** confirmation forced via --force option ***\n");
                }
            }
            for (int v = 0; v < r.disk.length; v++) {
                destroying(r, v, "create-md");
                r.md[v] = true;
                r.freshMd[v] = true;
                r.goodOnDevice[v] = false;
                r.signature[v] = "drbd";
                r.differs.get(v).clear();
                out.append("initializing bitmap (4 KB) to all zero\ninitializing activity log\nWriting meta data...\n"
                        + "New drbd meta data block successfully created.\n");
            }
            return new Result(0, "", out.toString());
        }
    }

    /** {@code wipefs -a DEV}: refused while DRBD holds the device; erases what blkid finds. */
    Result wipefs(List<String> a) {
        synchronized (c) {
            String dev = a.isEmpty() ? "" : a.get(a.size() - 1);
            Object[] rv = byDevice(dev);
            if (rv == null) {
                return Result.err(1, "wipefs: error: " + dev + ": probing initialization failed: No such file or "
                        + "directory\n");
            }
            Replica r = (Replica) rv[0];
            int v = (Integer) rv[1];
            if (r.configured && r.disk[v] != DiskState.DISKLESS) {
                return Result.err(1, "wipefs: error: " + dev + ": probing initialization failed: Device or resource "
                        + "busy\n");
            }
            if (!a.contains("-a") && !a.contains("--all")) {
                return Result.ok(r.signature[v] == null ? "" : "DEVICE OFFSET    TYPE UUID             LABEL\n"
                        + dev.substring(dev.lastIndexOf('/') + 1) + "    0x3fff03c " + r.signature[v]
                        + " 6e81da20523a35a3 \n");
            }
            String sig = r.signature[v];
            destroying(r, v, "wipefs");
            r.signature[v] = null;
            r.md[v] = false;
            r.goodOnDevice[v] = false;
            return Result.ok(sig == null ? "" : dev + ": 4 bytes were erased at offset 0x03fff03c (" + sig
                    + "): 83 74 02 6c\n");
        }
    }

    /** {@code cmp -n N DEV /dev/zero}: exit 0 when the device starts with zeros, 1 (and where) when it does not. */
    Result cmpZero(List<String> a) {
        synchronized (c) {
            List<String> files = a.stream().filter(x -> x.startsWith("/")).toList();
            Object[] rv = files.isEmpty() ? null : byDevice(files.get(0));
            if (rv == null) {
                return Result.err(2, "cmp: " + (files.isEmpty() ? "" : files.get(0)) + ": No such file or directory\n");
            }
            return ((Replica) rv[0]).dataAtStart[(Integer) rv[1]] ? new Result(1, files.get(0) + " /dev/zero differ: "
                    + "byte 1, line 1\n", "") : Result.ok("");
        }
    }

    /** {@code blkid -p -o export DEV}: the signature found, or exit 2 on a blank device. */
    Result blkid(List<String> a) {
        synchronized (c) {
            String dev = a.isEmpty() ? "" : a.get(a.size() - 1);
            Object[] rv = byDevice(dev);
            if (rv == null) {
                return Result.err(2, "");
            }
            String sig = ((Replica) rv[0]).signature[(Integer) rv[1]];
            return sig == null ? new Result(2, "", "") : Result.ok("DEVNAME=" + dev + "\nUUID=6e81da20523a35a3\n"
                    + (sig.equals("drbd") ? "VERSION=v08\nTYPE=drbd\nUSAGE=raid\n" : "TYPE=" + sig
                    + "\nUSAGE=filesystem\n"));
        }
    }

    /**
     * The backing disk of every volume fails: an I/O error, and with {@code on-io-error detach} (the default) DRBD
     * detaches it (Failed, then Diskless); what is on it is no longer good.
     */
    void fail(String res) {
        synchronized (c) {
            Replica r = c.replica(res, node);
            for (int v = 0; v < r.disk.length; v++) {
                c.node(node).log(subject(r, v) + ": disk( " + r.disk[v].drbdName() + " -> Failed )");
                c.node(node).log(subject(r, v) + ": disk( Failed -> Diskless )");
                r.disk[v] = DiskState.DISKLESS;
                r.goodOnDevice[v] = false;
            }
            r.rateKiBps = null;
            c.recompute(res);
        }
    }

    /** The operator swaps the failed disks for blank ones of the same size. */
    void swap(String res) {
        synchronized (c) {
            Replica r = c.replica(res, node);
            Arrays.fill(r.signature, null);
            Arrays.fill(r.md, false);
            Arrays.fill(r.goodOnDevice, false);
            Arrays.fill(r.dataAtStart, false); // a new disk: zeros
            c.notifyChange(res);
        }
    }
}
