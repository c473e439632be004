// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.command;

import io.drbdpilot.ssh.RemoteCommand;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The typed commands the operations run on a node, each built as an argv list from validated names (quoting happens
 * once, in {@link RemoteCommand#toShell}). Promotion is never forced: there is no way to build {@code primary
 * --force} here.
 */
public final class DrbdCommands {

    /** Resource names as DRBD and we accept them: no shell or path characters, no leading dash. */
    private static final Pattern RESOURCE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+-]{0,127}");
    /** systemd units and libvirt/Xen domain names. */
    private static final Pattern UNIT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_@.:+\\-]{0,254}");
    /** Absolute paths without control characters, {@code ..} or whitespace. */
    private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9_.+@%,:=/-]{0,4095}");

    private DrbdCommands() {
    }

    public static String resource(String name) {
        if (name == null || !RESOURCE.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a valid DRBD resource name (letters, digits, "
                    + "_ . + -, not starting with -)");
        }
        return name;
    }

    public static String unit(String name) {
        if (name == null || !UNIT.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a valid unit or domain name");
        }
        return name;
    }

    /** Units that stop or start the machine itself, or systemd's own: never a workload's service. */
    private static final Set<String> SPECIAL = Set.of("reboot", "poweroff", "halt", "kexec",
            "rescue", "emergency", "shutdown", "default", "sysinit", "exit", "suspend", "hibernate", "hybrid-sleep",
            "suspend-then-hibernate", "sleep", "ctrl-alt-del", "init", "dbus", "sshd", "ssh");

    /**
     * A service unit a plan may stop and start: a valid unit name that is not a target, not one that reboots, halts or
     * rescues the machine, not systemd's own ({@code systemd-*}), and not the SSH server DRBD Pilot talks through.
     */
    public static String serviceUnit(String name) {
        unit(name);
        String base = name.endsWith(".service") ? name.substring(0, name.length() - ".service".length()) : name;
        if (name.endsWith(".target") || SPECIAL.contains(base) || base.startsWith("systemd-")
                || name.endsWith(".socket") || name.endsWith(".mount") || name.endsWith(".slice")
                || name.endsWith(".scope") || name.endsWith(".device")) {
            throw new IllegalArgumentException("'" + name + "' is not a service DRBD Pilot stops or starts: targets, "
                    + "reboot/poweroff/halt/kexec/rescue/emergency, systemd's own units and the SSH server are refused");
        }
        return name;
    }

    public static String path(String p) {
        if (p == null || !PATH.matcher(p).matches() || p.contains("/../") || p.endsWith("/..")) {
            throw new IllegalArgumentException("'" + p + "' is not an absolute path without spaces or '..'");
        }
        return p;
    }

    public static RemoteCommand primary(String res) {
        return RemoteCommand.root("drbdadm", "primary", resource(res));
    }

    public static RemoteCommand secondary(String res) {
        return RemoteCommand.root("drbdadm", "secondary", resource(res));
    }

    /** One fresh state dump of the resource (8.4.6+ and 9), with the counters. */
    public static RemoteCommand events2Now(String res) {
        return RemoteCommand.root("drbdsetup", "events2", "--now", "--statistics", resource(res));
    }

    public static RemoteCommand procDrbd() {
        return RemoteCommand.of("cat", "/proc/drbd");
    }

    public static RemoteCommand dumpXml(String res) {
        return RemoteCommand.root("drbdadm", "dump-xml", resource(res));
    }

    /** {@code drbdadm dump RES}: the resource as this node's configuration files give it (for comparing nodes). */
    public static RemoteCommand dump(String res) {
        return RemoteCommand.root("drbdadm", "dump", resource(res));
    }

    /** What {@code drbdadm adjust} would change: empty when the running state matches the configuration. */
    public static RemoteCommand adjustDryRun(String res) {
        return RemoteCommand.root("drbdadm", "-d", "adjust", resource(res));
    }

    /** Every resource's state at once (workload discovery maps devices to resources with it). */
    public static RemoteCommand events2NowAll() {
        return RemoteCommand.root("drbdsetup", "events2", "--now");
    }

    /**
     * {@code drbdadm net-options --allow-two-primaries=yes|no RES}: runtime only (the configuration is never edited;
     * {@code adjust} or a restart returns to it). The kernel refuses yes without protocol C (139) and no while both
     * sides are Primary (164).
     */
    public static RemoteCommand allowTwoPrimaries(String res, boolean allow) {
        return RemoteCommand.root("drbdadm", "net-options", "--allow-two-primaries=" + (allow ? "yes" : "no"),
                resource(res));
    }

    /** The kernel's running configuration of a resource, every option shown (allow-two-primaries among them). */
    public static RemoteCommand showRunning(String res) {
        return RemoteCommand.root("drbdsetup", "show", "--show-defaults", resource(res));
    }

    /** The data generation identifiers (one line per volume, on DRBD 9 per peer and volume). */
    public static RemoteCommand getGi(String res) {
        return RemoteCommand.root("drbdadm", "get-gi", resource(res));
    }

    /** {@code drbdadm disconnect RES}: StandAlone (8.4 refuses it when StandAlone already). */
    public static RemoteCommand disconnect(String res) {
        return RemoteCommand.root("drbdadm", "disconnect", resource(res));
    }

    /** {@code drbdadm connect RES}: out of StandAlone. */
    public static RemoteCommand connect(String res) {
        return RemoteCommand.root("drbdadm", "connect", resource(res));
    }

    /**
     * {@code drbdadm connect --discard-my-data RES}: the split-brain victim. Honoured only out of StandAlone and on a
     * Secondary; its changes since the split are thrown away when it connects.
     */
    public static RemoteCommand connectDiscardingMyData(String res) {
        return RemoteCommand.root("drbdadm", "connect", "--discard-my-data", resource(res));
    }

    /** The kernel log (root: {@code kernel.dmesg_restrict} hides it from others). */
    public static RemoteCommand kernelLog() {
        return RemoteCommand.root("dmesg");
    }

    /** {@code drbdadm status RES}: what a person runs to watch a resync. */
    public static RemoteCommand status(String res) {
        return RemoteCommand.root("drbdadm", "status", resource(res));
    }

    /** {@code drbdadm verify RES} (8.4), or {@code RES:PEER} for one peer on DRBD 9. */
    public static RemoteCommand verify(String res, String peer) {
        return RemoteCommand.root("drbdadm", "verify", peer == null ? resource(res) : resource(res) + ":"
                + resource(peer));
    }

    /**
     * Resync the peer from this node: on DRBD 9 ({@code peer} named) only the blocks marked out of sync, keeping the
     * bitmap (9.0.29+); on 8.4 ({@code peer} null) the whole device.
     */
    public static RemoteCommand invalidateRemote(String res, String peer) {
        return peer == null ? RemoteCommand.root("drbdadm", "invalidate-remote", resource(res))
                : RemoteCommand.root("drbdadm", "invalidate-remote", "--reset-bitmap=no", resource(res) + ":"
                + resource(peer));
    }

    /** {@code drbdadm pause-sync RES}: the resync waits (this node shows {@code user}, the peer {@code peer}). */
    public static RemoteCommand pauseSync(String res) {
        return RemoteCommand.root("drbdadm", "pause-sync", resource(res));
    }

    public static RemoteCommand resumeSync(String res) {
        return RemoteCommand.root("drbdadm", "resume-sync", resource(res));
    }

    /** The largest resync rate DRBD accepts, KiB/s (4 GiB/s). */
    public static final long MAX_RATE_KIB = 4L * 1024 * 1024;

    /**
     * A temporary fixed resync rate, runtime only (the configuration files are never edited; {@code adjust} returns to
     * them): 8.4 {@code drbdadm disk-options --c-plan-ahead=0 --resync-rate=Rk RES}; DRBD 9 sets it per peer device
     * with {@code peer-device-options}.
     */
    public static RemoteCommand resyncRate(String res, long kibPerSecond, boolean drbd9) {
        if (kibPerSecond < 1 || kibPerSecond > MAX_RATE_KIB) {
            throw new IllegalArgumentException("a resync rate is 1 KiB/s to 4 GiB/s, not " + kibPerSecond + " KiB/s");
        }
        return RemoteCommand.root("drbdadm", drbd9 ? "peer-device-options" : "disk-options", "--c-plan-ahead=0",
                "--resync-rate=" + kibPerSecond + "k", resource(res));
    }

    /** {@code drbdadm adjust RES}: the kernel back to the configuration files (one resource, never {@code all}). */
    public static RemoteCommand adjust(String res) {
        return RemoteCommand.root("drbdadm", "adjust", resource(res));
    }

    /** {@code drbdadm detach RES}: the backing disk is let go; the node reads and writes through its peer. */
    public static RemoteCommand detach(String res) {
        return RemoteCommand.root("drbdadm", "detach", resource(res));
    }

    /** {@code drbdadm attach RES}: the configured backing disk is attached (its metadata must be valid). */
    public static RemoteCommand attach(String res) {
        return RemoteCommand.root("drbdadm", "attach", resource(res));
    }

    /** {@code drbdadm up RES}: configured, attached and connecting. */
    public static RemoteCommand up(String res) {
        return RemoteCommand.root("drbdadm", "up", resource(res));
    }

    /**
     * {@code drbdadm create-md RES}: new, empty DRBD metadata on the node's backing disk. {@code force} answers drbdmeta's
     * question when the device holds metadata or a filesystem already (used only after the operator typed the device's
     * path).
     */
    public static RemoteCommand createMd(String res, boolean force) {
        return force ? RemoteCommand.root("drbdadm", "create-md", "--force", resource(res))
                : RemoteCommand.root("drbdadm", "create-md", resource(res));
    }

    /** {@code drbdadm invalidate RES}: this node's data is thrown away and resynced from a peer. */
    public static RemoteCommand invalidate(String res) {
        return RemoteCommand.root("drbdadm", "invalidate", resource(res));
    }

    /**
     * {@code cmp -n 69632 DEV /dev/zero}: exit 0 when the first 68 KiB are zeros, 1 when not. drbdmeta create-md looks
     * at as much, and asks before overwriting a device that holds data there even without any signature.
     */
    public static RemoteCommand startIsZero(String device) {
        return RemoteCommand.root("cmp", "-n", "69632", path(device), "/dev/zero");
    }

    /** What a device holds, probed low-level ({@code TYPE=drbd}, {@code TYPE=ext4}; exit 2 when nothing). */
    public static RemoteCommand probeSignature(String device) {
        return RemoteCommand.root("blkid", "-p", "-o", "export", path(device));
    }

    /** A block device's size in bytes. */
    public static RemoteCommand deviceSize(String device) {
        return RemoteCommand.root("blockdev", "--getsize64", path(device));
    }

    /**
     * {@code drbdadm resize RES}: DRBD re-reads its backing devices' sizes on every node and grows to the smallest;
     * the new area is resynced unless {@code assumeClean} (only when the operator says the new space is clean).
     */
    public static RemoteCommand resize(String res, boolean assumeClean) {
        return assumeClean ? RemoteCommand.root("drbdadm", "resize", "--assume-clean", resource(res))
                : RemoteCommand.root("drbdadm", "resize", resource(res));
    }

    /** {@code resize2fs DEV}: an ext2/3/4 filesystem grows to its device (online while mounted). */
    public static RemoteCommand resize2fs(String device) {
        return RemoteCommand.root("resize2fs", path(device));
    }

    /** {@code xfs_growfs MOUNTPOINT}: a mounted XFS grows to its device. */
    public static RemoteCommand xfsGrowfs(String mountPoint) {
        return RemoteCommand.root("xfs_growfs", path(mountPoint));
    }

    /** {@code df -B1 --output=size PATH}: the size in bytes of the filesystem mounted there (a header line first). */
    public static RemoteCommand fsSize(String mountPoint) {
        return RemoteCommand.of("df", "-B1", "--output=size", path(mountPoint));
    }

    /**
     * {@code drbdadm secondary --force RES} (DRBD 9.1.7, drbd-utils 9.21): a Primary that lost quorum becomes Secondary
     * while its device is still open; every I/O of its users fails from then on. Only for that recovery.
     */
    public static RemoteCommand forceSecondary(String res) {
        return RemoteCommand.root("drbdadm", "secondary", "--force", resource(res));
    }

    /**
     * {@code cat /sys/block/drbdN/size}: a DRBD device's size in 512-byte sectors. Read from sysfs, because DRBD 8.4
     * does not let a Secondary's device be opened ({@code blockdev} fails there with "Wrong medium type").
     */
    public static RemoteCommand drbdSectors(int minor) {
        if (minor < 0 || minor > 1048575) {
            throw new IllegalArgumentException("not a DRBD minor: " + minor);
        }
        return RemoteCommand.of("cat", "/sys/block/drbd" + minor + "/size");
    }

    public static RemoteCommand hostName() {
        return RemoteCommand.of("uname", "-n");
    }
}
