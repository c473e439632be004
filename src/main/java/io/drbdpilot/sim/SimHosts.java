// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.sim;

import io.drbdpilot.drbd.model.Role;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The simulated hosts' own state around DRBD: systemd units, libvirt domains on DRBD disks, and processes that hold a
 * device open (which makes the kernel refuse a demotion). Changes run under the cluster's lock and reach the events2
 * streams ({@code open:} in DRBD 9).
 */
public final class SimHosts {

    private final SimCluster c;

    SimHosts(SimCluster c) {
        this.c = c;
    }

    /** A systemd unit on a node, for the service steps of the wizards. */
    public void addService(String node, String unit, boolean active) {
        synchronized (c) {
            c.node(node).services.put(unit, active);
        }
    }

    /** A systemd unit whose process holds a DRBD minor open (and writes to it) while it is active. */
    public void addService(String node, String unit, boolean active, int heldMinor) {
        synchronized (c) {
            c.node(node).services.put(unit, active);
            c.node(node).serviceMinors.put(unit, heldMinor);
        }
    }

    public boolean serviceActive(String node, String unit) {
        synchronized (c) {
            return c.node(node).services.getOrDefault(unit, false);
        }
    }

    /** The mount point of a minor on a node, or null. */
    public String mountOf(String node, int minor) {
        synchronized (c) {
            return c.node(node).mounts.get(minor);
        }
    }

    /** Marks a resource as managed by a cluster manager on a node: {@code pacemaker}, {@code reactor} or {@code linstor}. */
    public void owner(String node, String res, String manager) {
        synchronized (c) {
            c.node(node).owners.put(res, manager);
        }
    }

    /**
     * drbd-reactor's promoter manages a resource on all its nodes: the snippet {@code /etc/drbd-reactor.d/RES.toml}
     * with its {@code start} units (services that hold the device open while they run) and {@code preferred-nodes}
     * (empty: none). The current Primary runs the units.
     */
    public void reactor(String res, List<String> preferred, List<String> start) {
        synchronized (c) {
            for (SimResourceSpec s : c.resources()) {
                if (!s.name().equals(res)) {
                    continue;
                }
                for (String n : s.nodes()) {
                    SimNode node = c.node(n);
                    node.owners.put(res, "reactor");
                    node.reactor.put(res, new SimReactor.Promoter(List.copyOf(preferred), List.copyOf(start)));
                    SimReactor.units(c, n, res, c.replica(res, n).role == Role.PRIMARY);
                }
            }
        }
    }

    /**
     * DRBD 9: a peer added to a resource's files. {@code node} was set up with the new file (fresh metadata, its data
     * Inconsistent until a full sync); the other nodes' files name it too, but their kernels do not know it until
     * {@code drbdadm adjust RES} there (which then prints new-peer, new-path, peer-device-options and connect).
     */
    public void newPeer(String res, String node) {
        synchronized (c) {
            Replica fresh = c.replica(res, node);
            SimResourceSpec full = fresh.spec;
            SimResourceSpec without = new SimResourceSpec(full.name(), full.nodes().stream().filter(n -> !n.equals(
                    node)).toList(), full.clients(), full.minors(), full.sizesKiB(), full.port(), full.protocol(),
                    full.allowTwoPrimaries(), full.resyncRateKiBps(), full.verifyAlg(), full.quorum(), full.ids());
            for (Replica r : c.replicasOf(res)) {
                if (!r.node.equals(node)) {
                    r.peers.remove(node);
                    c.node(r.node).resFiles.put(res, full);
                    r.spec = without;
                }
            }
            fresh.peers.values().forEach(Replication::lose);
            for (int v = 0; v < fresh.disk.length; v++) {
                fresh.disk[v] = io.drbdpilot.drbd.model.DiskState.INCONSISTENT;
                fresh.freshMd[v] = true;
                fresh.goodOnDevice[v] = false;
            }
            c.recompute(res);
        }
    }

    /** drbd-reactorctl 1.11 or later on every node ({@code status --json}); before, the text form only. */
    public void reactorJson(boolean on) {
        synchronized (c) {
            c.nodes().forEach(n -> c.node(n).reactorJson = on);
        }
    }

    /** Stops or starts drbd-reactor.service on a node (a stopped one promotes nothing). */
    public void reactorDaemon(String node, boolean running) {
        synchronized (c) {
            c.node(node).reactorRunning = running;
        }
    }

    /** An advisory lock (flock): false when someone holds it. The holder text goes to {@code holderFile}. */
    public boolean tryLock(String node, String path, String holder, String holderFile) {
        synchronized (c) {
            SimNode n = c.node(node);
            if (!n.up || n.locks.containsKey(path)) {
                return false;
            }
            n.locks.put(path, holder);
            n.lockGeneration.merge(path, 1, Integer::sum);
            n.files.put(holderFile, holder + "\n4242\n"); // the holder, and the pid of the process holding it
            return true;
        }
    }

    /**
     * The operations' lock command ({@code flock -n -E 75 PATH sh -c SCRIPT NAME HOLDER HOLDERFILE}) as a node runs
     * it: the path now held, or null when someone else holds it. Held until {@link #unlock}.
     */
    public String flock(String node, List<String> argv) {
        int i = argv.indexOf("flock");
        String path = argv.get(i + 4);
        return tryLock(node, path, argv.get(argv.size() - 2), argv.get(argv.size() - 1)) ? path : null;
    }

    public void unlock(String node, String path) {
        synchronized (c) {
            c.node(node).locks.remove(path);
        }
    }

    /** How many times the lock at {@code path} was taken on the node: a holder unlocks only its own taking. */
    public int lockGeneration(String node, String path) {
        synchronized (c) {
            return c.node(node).lockGeneration.getOrDefault(path, 0);
        }
    }

    /** Releases the lock only if it is still the taking {@code generation} (not one taken after a reclaim). */
    public void unlock(String node, String path, int generation) {
        synchronized (c) {
            if (lockGeneration(node, path) == generation) {
                c.node(node).locks.remove(path);
            }
        }
    }

    public List<String> syslog(String node) {
        synchronized (c) {
            return List.copyOf(c.node(node).syslog);
        }
    }

    /** Whether a VM runs on a node. */
    public boolean vmRunning(String node, String vm) {
        synchronized (c) {
            SimNode.Vm v = c.node(node).vms.get(vm);
            return v != null && v.running;
        }
    }

    /** A libvirt domain whose disks are the given DRBD minors, defined (and maybe running) on a node. */
    public void addVm(String node, String name, List<Integer> minors, boolean running) {
        synchronized (c) {
            c.node(node).vms.put(name, new SimNode.Vm(minors, running));
            c.systemChanged(node);
        }
    }

    /** A Xen domain (xl; its definition is /etc/xen/NAME.cfg) whose disks are the given DRBD minors. */
    public void addXenVm(String node, String name, List<Integer> minors, boolean running) {
        synchronized (c) {
            c.node(node).vms.put(name, new SimNode.Vm(minors, running, true));
            c.systemChanged(node);
        }
    }

    /**
     * A systemd unit that requires a filesystem (RequiresMountsFor=PATH) on a DRBD minor and holds it open while
     * active; when active, the filesystem is mounted.
     */
    public void addMountService(String node, String unit, String path, int minor, boolean active) {
        synchronized (c) {
            SimNode n = c.node(node);
            n.services.put(unit, active);
            n.serviceMinors.put(unit, minor);
            n.serviceMounts.put(unit, path);
            if (active) {
                n.mounts.put(minor, path);
            }
            c.systemChanged(node);
        }
    }

    /** Fault: the next migration out of this node fails with libvirt's message (the VM stays where it is). */
    public void failNextMigration(String node, String message) {
        synchronized (c) {
            c.node(node).failNextMigration = message;
        }
    }

    /** Fault: the migration transport from this node (qemu+ssh://, ssh for xl) works or not. */
    public void migrationTransport(String node, boolean works) {
        synchronized (c) {
            c.node(node).migrationTransport = works;
        }
    }

    /** How long a live migration takes in real time (the demo); zero (the default) moves at once. */
    public void migrationTime(Duration d) {
        synchronized (c) {
            c.migrationMillis = d.toMillis();
        }
    }

    /**
     * Before a migration runs over SSH: marks the domain's job as running (for {@code virsh domjobinfo}) and returns
     * how long the server waits, outside the cluster's lock, before it moves the domain.
     */
    long startMigrationJob(String node, String domain) {
        synchronized (c) {
            SimNode.Vm vm = c.node(node).vms.get(c.node(node).domain(domain));
            if (vm == null || !vm.running || c.migrationMillis == 0) {
                return 0;
            }
            vm.jobStart = System.nanoTime();
            vm.jobMillis = c.migrationMillis;
            return c.migrationMillis;
        }
    }

    /** Whether a Xen domain's configuration is on a node. */
    boolean xenConfigured(String node, String vm) {
        synchronized (c) {
            SimNode.Vm v = c.node(node).vms.get(vm);
            return v != null && v.xen;
        }
    }

    /** The UUID of a simulated libvirt domain (the same on every node), which discovery finds and commands use. */
    public static String vmUuid(String name) {
        return SimNode.uuidOf(name);
    }

    /**
     * Fault seen on the real DRBD 9.2 kernel: blocks stay marked out of sync on an Established connection (both sides
     * UpToDate) until that connection is made again. Marks {@code kib} on every volume, both directions.
     */
    public void markOutOfSync(String res, String node, String peer, long kib) {
        synchronized (c) {
            for (String[] pair : new String[][] {{node, peer}, {peer, node}}) {
                Replica.PeerLink link = c.replica(res, pair[0]).peers.get(pair[1]);
                Arrays.fill(link.oosKiB, kib);
            }
            c.systemChanged(node);
            c.systemChanged(peer);
        }
    }

    /**
     * Writes behind DRBD's back: {@code kib} KiB at {@code startKiB} of the volume's backing device on {@code node}
     * change, so its data differs from its peers' there (what online verify finds). DRBD itself notices nothing.
     */
    public void corrupt(String res, String node, int volume, long startKiB, long kib) {
        synchronized (c) {
            c.replica(res, node).differs.get(volume).add(new long[] {startKiB, kib});
        }
    }

    /** Whether a domain is defined on a node (running or not). */
    public boolean vmDefined(String node, String vm) {
        synchronized (c) {
            return c.node(node).vms.containsKey(vm);
        }
    }

    /** A process that holds the device open (like a mounted filesystem, but without a mount). */
    public void holdOpen(String node, int minor, String command, int pid) {
        synchronized (c) {
            c.node(node).openers.computeIfAbsent(minor, k -> new ArrayList<>()).add(new SimNode.Opener(command, pid));
        }
    }

    public void releaseOpen(String node, int minor) {
        synchronized (c) {
            c.node(node).openers.remove(minor);
        }
    }

    /** The SSH server registers here to drop a node's sessions when a fault asks for it. */
    public void onDropSessions(Consumer<String> dropper) {
        synchronized (c) {
            c.sessionDroppers.add(dropper);
        }
    }

    /** Fault: every SSH session to the node is cut (the node itself keeps running). */
    public void dropSessions(String node) {
        List<Consumer<String>> ds;
        synchronized (c) {
            ds = List.copyOf(c.sessionDroppers);
        }
        ds.forEach(d -> d.accept(node)); // outside the lock: closing sessions calls back into the cluster
    }

    /** Fault: every command on the node takes this much longer. */
    public void latency(String node, Duration latency) {
        synchronized (c) {
            c.node(node).latencyMs = latency.toMillis();
        }
    }

    public Duration latency(String node) {
        synchronized (c) {
            return Duration.ofMillis(c.node(node).latencyMs);
        }
    }

    /**
     * Fault: a program on the node answers with this exit code and stderr instead of working (Pacemaker's cibadmin
     * without a running CIB: 102, "Could not connect to the CIB"; lsof refused by sudo). {@code program} may name a
     * subcommand too ("drbdsetup show"). Null stderr repairs it.
     */
    /**
     * A program on the node answers with this output instead of working (a hostile or broken node); {@code program}
     * may name a subcommand. Null stdout and stderr repair it.
     */
    public void fakeTool(String node, String program, int exit, String stdout, String stderr) {
        synchronized (c) {
            if (stdout == null && stderr == null) {
                c.node(node).brokenTools.remove(program);
            } else {
                c.node(node).brokenTools.put(program, new SimShell.Result(exit, stdout == null ? "" : stdout,
                        stderr == null ? "" : stderr));
            }
        }
    }

    public void breakTool(String node, String program, int exit, String stderr) {
        synchronized (c) {
            if (stderr == null) {
                c.node(node).brokenTools.remove(program);
            } else {
                c.node(node).brokenTools.put(program, new SimShell.Result(exit, "", stderr));
            }
        }
    }
}
