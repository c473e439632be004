// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /** virsh domain name → its DRBD disks (minors) and whether it runs here */
    final Map<String, Vm> vms = new LinkedHashMap<>();

    record Opener(String command, int pid) {
    }

    static final class Vm {
        final List<Integer> minors;
        boolean running;

        Vm(List<Integer> minors, boolean running) {
            this.minors = List.copyOf(minors);
            this.running = running;
        }
    }

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
        return mounts.containsKey(minor) || !openers.getOrDefault(minor, List.of()).isEmpty()
                || vms.values().stream().anyMatch(v -> v.running && v.minors.contains(minor));
    }

    void log(String line) {
        kernelLog.add(String.format("[%12.6f] %s", uptimeSeconds, line));
        if (kernelLog.size() > 2000) {
            kernelLog.remove(0);
        }
    }
}
