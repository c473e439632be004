// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.splitbrain;

import io.drbdpilot.drbd.command.DrbdCommands;
import io.drbdpilot.drbd.config.ResourceConfig;
import io.drbdpilot.drbd.inspect.KernelLog;
import io.drbdpilot.drbd.model.DeviceState;
import io.drbdpilot.drbd.model.GenerationIds;
import io.drbdpilot.ops.node.NodeRead;
import io.drbdpilot.ops.node.Probe;
import io.drbdpilot.ssh.CommandResult;
import io.drbdpilot.ssh.RemoteCommand;
import io.drbdpilot.ssh.SshException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one node says about a split brain, read fresh: its state, its generation identifiers, its kernel log about
 * the resource, how much it changed while apart, what uses the device, and the policies it runs with. A read that
 * failed is kept as its error: it is never taken for "nothing there".
 *
 * @param changedKiB what this side changed while apart: its out-of-sync count, or its bitmap bits at the last
 *                   handshake (4 KiB each), whichever is larger; null when neither could be read
 */
public record Evidence(String node, String host, NodeRead read, boolean drbd9, List<GenerationIds> gi,
        String giError, List<KernelLog.Line> log, String logError, Long changedKiB, Probe.Users users,
        String usersError, List<String> policies, List<String> backing, List<String> logicalVolumes) {

    /** How many kernel lines about the resource are kept. */
    static final int LOG_LINES = 40;

    static Evidence read(Probe probe, String node, String res) throws InterruptedException {
        String host;
        try {
            host = probe.hostName(node);
        } catch (SshException e) {
            return new Evidence(node, node, new NodeRead(node, node, null, e.getMessage(), probe.access().clock()
                    .instant()), false, List.of(), e.getMessage(), List.of(), e.getMessage(), null, null,
                    e.getMessage(), List.of(), List.of(), List.of());
        }
        NodeRead read = probe.read(node, host, res);
        boolean drbd9 = false;
        List<GenerationIds> gi = List.of();
        String giError = null;
        List<KernelLog.Line> log = List.of();
        String logError = null;
        Probe.Users users = null;
        String usersError = null;
        List<String> policies = new ArrayList<>();
        List<String> backing = new ArrayList<>();
        List<String> volumes = new ArrayList<>();
        try {
            CommandResult proc = probe.run(node, DrbdCommands.procDrbd());
            drbd9 = proc.ok() && proc.stdout().lines().findFirst().orElse("").startsWith("version: 9");
            CommandResult g = probe.run(node, DrbdCommands.getGi(res));
            gi = g.ok() ? GenerationIds.parseAll(g.stdout()) : List.of();
            if (gi.isEmpty()) {
                giError = "drbdadm get-gi said: " + Probe.said(g);
            }
            CommandResult k = probe.run(node, DrbdCommands.kernelLog());
            if (k.ok()) {
                Set<Integer> minors = new TreeSet<>();
                if (read.state() != null) {
                    read.devices().stream().map(DeviceState::minor).forEach(minors::add);
                }
                log = KernelLog.lines(k.stdout(), res, minors, LOG_LINES);
            } else {
                logError = "dmesg said: " + Probe.said(k);
            }
            if (read.reachable() && read.up()) {
                users = probe.users(node, read);
            }
            Optional<ResourceConfig> cfg = probe.config(node, res);
            for (int p = 0; p <= 2; p++) {
                int primaries = p;
                cfg.map(c -> c.afterSplitBrain(primaries)).ifPresent(v -> policies.add("after-sb-" + primaries
                        + "pri " + v));
            }
            // the backing disks (where the victim's data can be saved from), and whether LVM holds them
            cfg.flatMap(c -> c.host(host)).ifPresent(h -> h.volumes().forEach(v -> {
                if (v.disk() != null && validPath(v.disk())) {
                    backing.add(v.disk());
                }
            }));
            for (String disk : backing) {
                CommandResult lv = probe.run(node, RemoteCommand.root("lvs", "--noheadings", "-o", "lv_path", disk));
                String path = lv.ok() ? lv.stdout().strip() : "";
                if (!path.isEmpty() && validPath(path)) {
                    volumes.add(path);
                }
            }
        } catch (SshException e) {
            usersError = e.getMessage();
            if (giError == null && gi.isEmpty()) {
                giError = e.getMessage();
            }
        }
        Long bits = KernelLog.lastOwnBits(log);
        Long changed = null;
        if (read.reachable() && read.up()) {
            changed = Math.max(read.outOfSyncKiB(), bits == null ? 0L : bits * 4);
        } else if (bits != null) {
            changed = bits * 4;
        }
        return new Evidence(node, host, read, drbd9, gi, giError, log, logError, changed, users, usersError,
                List.copyOf(policies), List.copyOf(backing), List.copyOf(volumes));
    }

    private static boolean validPath(String p) {
        try {
            DrbdCommands.path(p);
            return true;
        } catch (IllegalArgumentException e) {
            return false; // a name from the node that is not a plain path is never used in a command
        }
    }

    /** Its kernel's last split-brain verdict about the resource, or null. */
    public KernelLog.Line verdict() {
        return KernelLog.lastSplitBrain(log);
    }

    /** The first generation line (the first volume; on DRBD 9 the first peer), or null. */
    public GenerationIds firstGi() {
        return gi.isEmpty() ? null : gi.get(0);
    }

    /** "2.0 MiB", or "unknown". */
    public String changedText() {
        return changedKiB == null ? "unknown" : mib(changedKiB);
    }

    static String mib(long kib) {
        return String.format("%.1f MiB", kib / 1024.0);
    }
}
