// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.disk;

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
import io.drbdpilot.ssh.SshException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a node's backing disk may be replaced: every node answers; another node holds UpToDate data of every volume
 * (never is the only good copy touched); the node is not a Primary without a good peer; the new device is there, at
 * least as large as the good node's, and blank, or holds something the operator confirmed by typing its path.
 */
public final class DiskChecks {

    /**
     * One volume's new backing device on the node being repaired.
     *
     * @param signature what {@code blkid -p} found ({@code drbd}, {@code ext4}), null when blank
     */
    public record Device(int volume, String path, String metaDisk, Long sizeBytes, Long neededBytes,
            String signature) {

        public boolean external() {
            return metaDisk != null && !metaDisk.equals("internal") && !metaDisk.startsWith("flexible");
        }
    }

    /**
     * @param good    the node the data comes from (UpToDate on every volume)
     * @param state   the repaired node's state: {@code down}, {@code diskless}, or the disk state
     * @param forced  create-md must overwrite what the device holds (the operator confirmed it by its path)
     */
    public record Result(String resource, String node, String good, String nodeHost, String goodHost, boolean drbd9,
            String state, boolean attached, List<Device> devices, boolean forced, List<Check> checks)
            implements PlanChecks {

        public Result {
            devices = List.copyOf(devices);
            checks = List.copyOf(checks);
        }

        @Override
        public String source() {
            return node;
        }

        public boolean externalMetadata() {
            return devices.stream().anyMatch(Device::external);
        }
    }

    private DiskChecks() {
    }

    static Result run(Probe probe, String res, String node, List<String> nodes, String deviceOverride,
            String confirmedDevice) throws InterruptedException {
        List<Check> checks = new ArrayList<>();
        List<String> hosts = new ArrayList<>();
        List<NodeRead> reads = new ArrayList<>();
        List<String> unread = new ArrayList<>();
        for (String n : nodes) {
            try {
                String h = probe.hostName(n);
                hosts.add(h);
                NodeRead r = probe.read(n, h, res);
                reads.add(r);
                if (!r.reachable()) {
                    unread.add(n + ": " + r.error());
                }
            } catch (SshException e) {
                hosts.add(n);
                reads.add(new NodeRead(n, n, null, e.getMessage(), null));
                unread.add(n + ": " + e.getMessage());
            }
        }
        int me = nodes.indexOf(node);
        String nodeHost = hosts.get(me);
        NodeRead mine = reads.get(me);
        boolean drbd9 = drbd9(probe, node);
        if (!unread.isEmpty()) {
            checks.add(Check.block("reachable", "Every node answers", String.join("; ", unread), "Check the nodes and "
                    + "retry: a disk is never replaced on a guess."));
            return new Result(res, node, null, nodeHost, null, drbd9, "unknown", false, List.of(), false, checks);
        }
        checks.add(Check.pass("reachable", "Every node answers", String.join(", ", nodes) + " read just now."));

        // the good copy: another node UpToDate on every volume
        String good = null;
        String goodHost = null;
        for (int i = 0; i < nodes.size(); i++) {
            NodeRead r = reads.get(i);
            if (i != me && r.up() && r.devices().stream().allMatch(d -> d.disk().is(DiskState.UP_TO_DATE))) {
                boolean connected = mine.up() && mine.connectedTo(hosts.get(i));
                if (good == null || connected) {
                    good = nodes.get(i);
                    goodHost = hosts.get(i);
                }
            }
        }
        if (good == null) {
            checks.add(Check.block("good-copy", "Another node holds UpToDate data", "No node but " + node + " has "
                    + "UpToDate data of " + res + ": " + String.join("; ", reads.stream().filter(r -> !r.node()
                    .equals(node)).map(r -> r.describe(nodeHost)).toList()) + ".", "Replacing " + node + "'s disk now "
                    + "could destroy the only good copy. Bring a peer to UpToDate first, or recover the data."));
        } else {
            checks.add(Check.pass("good-copy", "Another node holds UpToDate data", good + " is UpToDate on every "
                    + "volume; the new disk is filled from it."));
        }

        // the node being repaired
        String state;
        boolean attached = false;
        if (!mine.up()) {
            state = "down";
            checks.add(Check.pass("state", node + "'s disk is out", res + " is down on " + node + ": the plan brings "
                    + "it up on the new disk."));
        } else {
            List<DiskState> disks = mine.devices().stream().map(d -> d.disk().value()).toList();
            attached = disks.stream().anyMatch(d -> d != DiskState.DISKLESS);
            state = attached ? mine.diskText() : "diskless";
            if (!attached) {
                checks.add(Check.pass("state", node + "'s disk is out", node + " is Diskless (detached after an I/O "
                        + "error, or by hand)."));
            } else if (disks.contains(DiskState.FAILED)) {
                checks.add(Check.pass("state", node + "'s disk is out", node + "'s disk is Failed: the plan detaches "
                        + "it first."));
            } else {
                checks.add(Check.warn("state", node + "'s disk is out", node + "'s disk is " + mine.diskText()
                        + ", not failed: the plan detaches it and replaces its data with " + (good == null ? "a peer"
                        : good) + "'s.", "Only if this disk is really to be replaced."));
            }
            if (mine.isPrimary()) {
                boolean goodPeer = good != null && mine.connectedTo(goodHost);
                checks.add(goodPeer ? Check.warn("primary", node + " is not Primary without a good peer", node + " is "
                        + "Primary: it reads and writes through " + good + " until its new disk is UpToDate (slower, "
                        + "and it depends on the link).", "Move the Primary role away first if you can.")
                        : Check.block("primary", node + " is not Primary without a good peer", node + " is Primary "
                        + "and not Connected to an UpToDate peer: detaching or replacing its disk cuts its "
                        + "applications off their data.", "Connect it to an UpToDate peer first, or move the Primary "
                        + "role to a node with good data."));
            }
        }

        // the new devices, from the configuration (or the one the operator named)
        List<Device> devices = new ArrayList<>();
        boolean forced = false;
        Optional<ResourceConfig> cfg;
        try {
            cfg = probe.config(node, res);
        } catch (SshException e) {
            cfg = Optional.empty();
        }
        List<VolumeConfig> vols = cfg.flatMap(c -> c.host(nodeHost)).map(HostConfig::volumes).orElse(List.of());
        if (vols.isEmpty()) {
            checks.add(Check.block("device", "The new disk is there", "The configuration of " + res + " on " + node
                    + " could not be read (drbdadm dump-xml).", "Check /etc/drbd.d on " + node + "."));
            return new Result(res, node, good, nodeHost, goodHost, drbd9, state, attached, devices, false, checks);
        }
        if (deviceOverride != null && vols.size() != 1) {
            checks.add(Check.block("device", "The new disk is there", res + " has " + vols.size() + " volumes: "
                    + "the device comes from the configuration.", "Leave out --device."));
            return new Result(res, node, good, nodeHost, goodHost, drbd9, state, attached, devices, false, checks);
        }
        Optional<ResourceConfig> goodCfg = Optional.empty();
        if (good != null) {
            try {
                goodCfg = probe.config(good, res);
            } catch (SshException e) {
                goodCfg = Optional.empty();
            }
        }
        String gHost = goodHost;
        for (VolumeConfig v : vols) {
            String path = deviceOverride != null ? DrbdCommands.path(deviceOverride) : v.disk();
            Long size = size(probe, node, path);
            String goodDisk = goodCfg.flatMap(c -> c.host(gHost)).flatMap(h -> h.volumes().stream()
                    .filter(x -> x.volume() == v.volume()).findFirst()).map(VolumeConfig::disk).orElse(null);
            Long needed = good == null || goodDisk == null ? null : size(probe, good, goodDisk);
            String sig = signature(probe, node, path);
            devices.add(new Device(v.volume(), path, v.metaDisk(), size, needed, sig));
            String title = "Volume " + v.volume() + ": the new disk " + path;
            if (size == null) {
                checks.add(Check.block("device-" + v.volume(), title, path + " is not there on " + node + ".",
                        "Put the new disk in (the wizard waits for it), or name it with --device."));
                continue;
            }
            if (needed != null && size < needed) {
                checks.add(Check.block("device-" + v.volume(), title, path + " is " + human(size) + ", smaller than "
                        + good + "'s " + human(needed) + ".", "Use a disk at least as large as " + human(needed) + "."));
                continue;
            }
            String sized = path + " is " + human(size) + (needed == null ? "" : " (" + good + "'s: " + human(needed)
                    + ")");
            if ("?".equals(sig)) {
                checks.add(Check.block("device-" + v.volume(), title, sized + "; what it holds could not be read "
                        + "(blkid -p).", "Check the device on " + node + "."));
            } else if (sig == null) {
                checks.add(Check.pass("device-" + v.volume(), title, sized + ", blank."));
            } else if (path.equals(confirmedDevice)) {
                forced = true;
                checks.add(Check.warn("device-" + v.volume(), title, sized + ", and it holds " + describe(sig)
                        + ": it is overwritten, as confirmed by its path.", "Only if " + path + " is the new disk."));
            } else {
                checks.add(Check.block("device-" + v.volume(), title, sized + ", and it holds " + describe(sig)
                        + ": is it really the new disk?", "If it is, and what it holds may go, confirm by typing its "
                        + "path (--confirm-device " + path + ")."));
            }
        }
        return new Result(res, node, good, nodeHost, goodHost, drbd9, state, attached, devices, forced, checks);
    }

    static String describe(String signature) {
        return signature.equals("drbd") ? "DRBD metadata" : signature.equals("data") ? "data at its start (no "
                + "signature blkid knows, but not zeros: an old disk's contents)" : "a " + signature + " signature (a "
                + "filesystem or volume)";
    }

    private static boolean drbd9(Probe probe, String node) throws InterruptedException {
        try {
            CommandResult r = probe.run(node, DrbdCommands.procDrbd());
            return r.ok() && r.stdout().startsWith("version: 9");
        } catch (SshException e) {
            return false;
        }
    }

    /** Bytes, or null when the device is not there. */
    static Long size(Probe probe, String node, String path) throws InterruptedException {
        try {
            CommandResult r = probe.run(node, DrbdCommands.deviceSize(path));
            return r.ok() ? Long.parseLong(r.stdout().strip()) : null;
        } catch (SshException | NumberFormatException e) {
            return null;
        }
    }

    /**
     * The TYPE blkid finds, {@code data} for a device with no signature but data at its start (create-md would ask),
     * null for a blank device (no signature, zeros where drbdmeta looks), "?" when it could not be read.
     */
    static String signature(Probe probe, String node, String path) throws InterruptedException {
        try {
            CommandResult r = probe.run(node, DrbdCommands.probeSignature(path));
            if (r.exitCode() == 2) {
                CommandResult z = probe.run(node, DrbdCommands.startIsZero(path));
                return z.exitCode() == 0 ? null : z.exitCode() == 1 ? "data" : "?";
            }
            if (!r.ok()) {
                return "?";
            }
            return r.stdout().lines().filter(l -> l.startsWith("TYPE=")).map(l -> l.substring(5).strip()
                    .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]", "")).findFirst().orElse("?");
        } catch (SshException e) {
            return "?";
        }
    }

    static String human(long bytes) {
        double mib = bytes / 1048576.0;
        return mib < 1024 ? String.format(Locale.ROOT, "%.0f MiB", mib) : String.format(Locale.ROOT, "%.1f GiB",
                mib / 1024);
    }

    static boolean upToDate(NodeRead r) {
        return r.reachable() && r.up() && r.devices().stream().map(DeviceState::disk).allMatch(d -> d.is(
                DiskState.UP_TO_DATE));
    }
}
