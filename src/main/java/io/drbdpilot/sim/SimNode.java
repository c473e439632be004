// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.sim;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A simulated host: up or crashed, its mounts, device openers, services, VMs and kernel log. Cluster-locked. */
final class SimNode {

    final String name;
    boolean up = true;
    long latencyMs;
    /** minor → mount point */
    final Map<Integer, String> mounts = new LinkedHashMap<>();
    /** minor → processes holding it open */
    final Map<Integer, List<Opener>> openers = new LinkedHashMap<>();
    /** systemd unit → active */
    final Map<String, Boolean> services = new LinkedHashMap<>();
    /** kernel log lines, as dmesg shows them */
    final List<String> kernelLog = new ArrayList<>();
    /** (resource, helper) calls not yet reported on events2 streams */
    final List<String[]> helperCalls = new ArrayList<>();
    double uptimeSeconds;

    /** systemd unit → the minor its process holds open while it is active */
    final Map<String, Integer> serviceMinors = new LinkedHashMap<>();
    /** flock'ed path → holder text; files written by the lock (path → content) */
    final Map<String, String> locks = new LinkedHashMap<>();
    final Map<String, String> files = new LinkedHashMap<>();
    /** files written by dd from a disk (path → bytes), and LVM snapshots taken (name → origin) */
    final Map<String, Long> copies = new LinkedHashMap<>();
    final Map<String, String> snapshots = new LinkedHashMap<>();
    /** flock'ed path → how many times it was taken */
    final Map<String, Integer> lockGeneration = new LinkedHashMap<>();
    /** syslog lines from logger */
    final List<String> syslog = new ArrayList<>();
    /** resource → the cluster manager that owns it here (pacemaker, reactor, linstor) */
    final Map<String, String> owners = new LinkedHashMap<>();
    /** resource → drbd-reactor's promoter for it on this node (its snippet is /etc/drbd-reactor.d/RES.toml) */
    final Map<String, SimReactor.Promoter> reactor = new LinkedHashMap<>();
    /** drbd-reactor.service runs (it starts with the node) */
    boolean reactorRunning = true;
    /** drbd-reactorctl knows {@code status --json} (1.11 and later) */
    boolean reactorJson;
    /** A resource file an admin edited here: what drbdadm reads from now on (the kernel runs it after adjust). */
    final Map<String, SimResourceSpec> resFiles = new LinkedHashMap<>();

    /** "RES/VOLUME" → the backing device's size in bytes once the operator grew it */
    final Map<String, Long> backing = new LinkedHashMap<>();
    /** minor → the size of the filesystem on it, once it differs from the device's (a resize before resize2fs) */
    final Map<Integer, Long> fsBytes = new LinkedHashMap<>();

    /** virsh domain name → its DRBD disks (minors) and whether it runs here */
    final Map<String, Vm> vms = new LinkedHashMap<>();

    record Opener(String command, int pid) {
    }

    /** A domain: libvirt's (KVM) or Xen's (xl, whose definition is {@code /etc/xen/NAME.cfg}). */
    static final class Vm {
        final List<Integer> minors;
        final boolean xen;
        boolean running;
        /** a migration out of here runs now: started at (System.nanoTime), lasting (ms); 0 when none */
        long jobStart;
        long jobMillis;

        Vm(List<Integer> minors, boolean running) {
            this(minors, running, false);
        }

        Vm(List<Integer> minors, boolean running, boolean xen) {
            this.minors = List.copyOf(minors);
            this.running = running;
            this.xen = xen;
        }
    }

    /** A domain's UUID: the same on every node, as libvirt keeps it through a migration. */
    static String uuidOf(String domain) {
        return UUID.nameUUIDFromBytes(("drbd-pilot-sim:" + domain).getBytes(
                StandardCharsets.UTF_8)).toString();
    }

    /**
     * The domain virsh means by {@code arg}, in virsh's order: a running domain's id, then a UUID, then a name; the
     * argument itself when none matches (virsh then says the domain is not found).
     */
    String domain(String arg) {
        if (!arg.isEmpty() && arg.chars().allMatch(Character::isDigit)) {
            int id = 1;
            for (Map.Entry<String, Vm> e : vms.entrySet()) {
                if (!e.getValue().xen && e.getValue().running) {
                    if (Integer.toString(id++).equals(arg)) {
                        return e.getKey();
                    }
                }
            }
        }
        for (String name : vms.keySet()) {
            if (uuidOf(name).equalsIgnoreCase(arg)) {
                return name;
            }
        }
        return arg;
    }

    /** systemd unit → the mount point it requires (RequiresMountsFor) */
    final Map<String, String> serviceMounts = new LinkedHashMap<>();
    /** the next migration out of this node fails with this libvirt/xl message; null when it works */
    String failNextMigration;
    /** program → the answer it gives instead of working (a tool installed but failing: cibadmin without its CIB) */
    final Map<String, SimShell.Result> brokenTools = new LinkedHashMap<>();
    /** false: the migration transport from here (qemu+ssh, ssh for xl) cannot reach the other nodes */
    boolean migrationTransport = true;

    SimNode(String name) {
        this.name = name;
    }

    boolean isOpen(SimResourceSpec spec) {
        for (int minor : spec.minors()) {
            if (isOpen(minor)) {
                return true;
            }
        }
        return false;
    }

    boolean isOpen(int minor) {
        return mounts.containsKey(minor) || !openersOf(minor).isEmpty()
                || vms.values().stream().anyMatch(v -> v.running && v.minors.contains(minor));
    }

    /** The processes holding a minor open: the registered ones, and active services that use it. */
    List<Opener> openersOf(int minor) {
        List<Opener> out = new ArrayList<>(openers.getOrDefault(minor, List.of()));
        int pid = 3000;
        for (Map.Entry<String, Integer> e : serviceMinors.entrySet()) {
            pid++;
            if (e.getValue() == minor && services.getOrDefault(e.getKey(), false)) {
                out.add(new Opener(e.getKey(), pid));
            }
        }
        return out;
    }

    /** A crash: every process dies, with its mounts, open devices and locks. */
    void processesDie() {
        mounts.clear();
        openers.clear();
        locks.clear();
        services.replaceAll((k, v) -> false);
        reactor.values().forEach(p -> p.masked = false); // a runtime mask does not survive a reboot
    }

    void log(String line) {
        kernelLog.add(String.format("[%12.6f] %s", uptimeSeconds, line));
        if (kernelLog.size() > 2000) {
            kernelLog.remove(0);
        }
    }
}
