// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.workload;

import io.drbdpilot.drbd.command.DrbdCommands;
import io.drbdpilot.ops.node.Probe;
import io.drbdpilot.ops.node.WorkloadCommands;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Something that runs on DRBD devices and moves as one: a libvirt VM, a Xen domain, or filesystems with the services
 * that need them. It names <b>all</b> its resources: a VM with two disks moves both.
 *
 * @param node      where it runs now (or is defined, when it does not run)
 * @param running   the VM runs, or some of the service's units are active
 * @param resources its DRBD resources, each once
 * @param mounts    its DRBD filesystems on {@code node} (services; empty for VMs)
 * @param units     the services that need those filesystems (systemd units, or SysV init scripts)
 * @param uuid      a libvirt domain's UUID, which commands use (a VM named {@code 3} is not domain id 3), or null
 */
public record Workload(Kind kind, String name, String node, boolean running, List<String> resources,
        List<Probe.Mount> mounts, List<String> units, String uuid) {

    public Workload(Kind kind, String name, String node, boolean running, List<String> resources,
            List<Probe.Mount> mounts, List<String> units) {
        this(kind, name, node, running, resources, mounts, units, null);
    }

    /** What kind of workload, as people call it. */
    public enum Kind {
        LIBVIRT("libvirt VM"), XEN("Xen domain"), SERVICE("service");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public Workload {
        if (kind == Kind.SERVICE && name.startsWith("/")) {
            DrbdCommands.path(name); // a service named by its mount point
        } else {
            DrbdCommands.unit(name);
        }
        resources = List.copyOf(new LinkedHashSet<>(resources));
        resources.forEach(DrbdCommands::resource);
        mounts = List.copyOf(mounts);
        units = List.copyOf(new LinkedHashSet<>(units));
        units.forEach(DrbdCommands::serviceUnit);
        mounts.forEach(m -> DrbdCommands.path(m.path()));
        if (resources.isEmpty()) {
            throw new IllegalArgumentException(name + " uses no DRBD resource");
        }
        if (uuid != null) {
            uuid = WorkloadCommands.uuid(uuid);
        }
    }

    /** How commands name it: the UUID when known, else the name. */
    public String ref() {
        return uuid != null ? uuid : name;
    }

    public boolean isVm() {
        return kind != Kind.SERVICE;
    }

    /** Only a running VM can move live; services always move cold. */
    public boolean canMoveLive() {
        return isVm() && running;
    }

    /** Whether this is what the operator named: the VM, a unit, or a mount point. */
    public boolean matches(String what) {
        return name.equals(what) || units.contains(what) || units.contains(what.replaceFirst("\\.service$", ""))
                || mounts.stream().anyMatch(m -> m.path().equals(what));
    }

    /** The same service with more units that need its filesystems (ones that do not say so to systemd). */
    public Workload withUnits(List<String> more) {
        more.forEach(DrbdCommands::serviceUnit); // the operator's --unit: a service, never reboot.target
        List<String> all = new ArrayList<>(units);
        all.addAll(more);
        return new Workload(kind, name, node, running, resources, mounts, all, uuid);
    }

    /** "libvirt VM mail on node-b (vm-mail)". */
    public String describe() {
        return kind.label() + " " + name + " on " + node + " (" + String.join(", ", resources) + ")"
                + (running ? "" : ", not running");
    }
}
