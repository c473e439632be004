// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drbdpilot.cluster.ClusterMonitor;
import io.drbdpilot.drbd.command.DrbdCommands;
import io.drbdpilot.drbd.model.DeviceState;
import io.drbdpilot.drbd.model.ResourceState;
import io.drbdpilot.drbd.parse.Events2Stream;
import io.drbdpilot.drbd.parse.ParseException;
import io.drbdpilot.ops.node.Futures;
import io.drbdpilot.ops.node.Probe;
import io.drbdpilot.ops.node.RemoteOutput;
import io.drbdpilot.ops.node.SshNodeAccess;
import io.drbdpilot.ops.node.WorkloadCommands;
import io.drbdpilot.ssh.CommandResult;
import io.drbdpilot.ssh.RemoteCommand;
import io.drbdpilot.ssh.RemoteText;
import io.drbdpilot.ssh.SshException;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the workloads on DRBD devices on each node: libvirt domains ({@code virsh list --all},
 * {@code virsh domblklist}), Xen domains ({@code xl list}, {@code xl list -l}) and mounted DRBD filesystems with the
 * systemd units that need them ({@code systemctl list-dependencies --reverse}). Each is mapped to all its resources.
 */
public final class Workloads {

    private static final Logger LOG = LoggerFactory.getLogger(Workloads.class);

    private static final Pattern DRBD_MINOR = Pattern.compile("/dev/drbd(\\d{1,7})\\b"); // minors are below 2^20
    private static final Pattern BY_RES = Pattern.compile("/dev/drbd/by-res/([A-Za-z0-9_.+-]+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What discovery found, the nodes it could not read, and what it left out: names that are legal on the node but
     * not safe in a command here ({@code (} in a VM name, {@code \x2d} in a unit, {@code \040} in a mount point).
     */
    public record Found(List<Workload> workloads, Map<String, String> errors, List<String> skipped) {
        public Found {
            workloads = List.copyOf(workloads);
            errors = Map.copyOf(errors);
            skipped = List.copyOf(skipped);
        }

        public Found(List<Workload> workloads, Map<String, String> errors) {
            this(workloads, errors, List.of());
        }

        /** The workload the operator named (VM, unit or mount point), preferring one that runs. */
        public Optional<Workload> find(String what) {
            return workloads.stream().filter(w -> w.matches(what))
                    .sorted((a, b) -> Boolean.compare(b.running(), a.running())).findFirst();
        }

        public List<Workload> on(String node) {
            return workloads.stream().filter(w -> w.node().equals(node)).toList();
        }
    }

    private Workloads() {
    }

    /** Every node of a monitored cluster, over the monitor's sessions (the window's chooser and panel). */
    public static Found discover(ClusterMonitor monitor) throws InterruptedException {
        return discover(new Probe(new SshNodeAccess(monitor, Clock.systemUTC())), monitor.nodeNames());
    }

    /** Every node, in parallel. A VM defined (shut off) on several nodes is listed where it runs, else once. */
    public static Found discover(Probe probe, List<String> nodes) throws InterruptedException {
        Map<String, String> errors = new LinkedHashMap<>();
        List<Workload> all = new ArrayList<>();
        List<String> skipped = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<String, Future<List<Workload>>> f = new LinkedHashMap<>();
            for (String n : nodes) {
                f.put(n, ex.submit(() -> on(probe, n, skipped)));
            }
            for (Map.Entry<String, Future<List<Workload>>> e : f.entrySet()) {
                try {
                    all.addAll(Futures.join(e.getValue()));
                } catch (SshException x) {
                    errors.put(e.getKey(), x.getMessage());
                }
            }
        }
        Map<String, Workload> byName = new LinkedHashMap<>();
        for (Workload w : all) {
            String key = w.kind() + ":" + w.name() + (w.isVm() ? "" : "@" + w.node());
            Workload had = byName.get(key);
            if (had == null || !had.running() && w.running()) {
                byName.put(key, w);
            }
        }
        return new Found(List.copyOf(byName.values()), errors, List.copyOf(skipped));
    }

    /** One node's workloads. */
    public static List<Workload> on(Probe probe, String node) throws SshException, InterruptedException {
        return on(probe, node, new ArrayList<>());
    }

    /** A name from the node, or null (and a line in {@code skipped}) when it is not safe in a command. */
    private static String checked(String what, String name, String node, List<String> skipped) {
        try {
            DrbdCommands.unit(name);
            return name;
        } catch (IllegalArgumentException e) {
            String line = what + " '" + RemoteText.line(name, 80) + "' on " + node
                    + " is left out: its name is not one DRBD Pilot puts in a command; move it by hand";
            LOG.warn(line);
            skipped.add(line);
            return null;
        }
    }

    private static List<Workload> on(Probe probe, String node, List<String> skipped) throws SshException,
            InterruptedException {
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<CommandResult> state = ex.submit(() -> probe.run(node, DrbdCommands.events2NowAll()));
            Future<CommandResult> all = ex.submit(() -> probe.run(node, WorkloadCommands.virshUuids(true)));
            Future<CommandResult> running = ex.submit(() -> probe.run(node, WorkloadCommands.virshUuids(false)));
            Future<CommandResult> xl = ex.submit(() -> probe.run(node, WorkloadCommands.xlRunning()));
            Future<CommandResult> mounts = ex.submit(() -> probe.run(node, RemoteCommand.of("cat",
                    "/proc/mounts")));
            Future<CommandResult> systemd = ex.submit(() -> probe.run(node, WorkloadCommands.systemdRuns()));
            Map<Integer, String> minors = minors(Futures.join(state));
            List<Workload> out = new ArrayList<>();
            CommandResult uuids = Futures.join(all);
            if (uuids.ok()) {
                List<String> up = Futures.join(running).stdout().lines().map(String::strip).toList();
                for (String uuid : RemoteOutput.lines(uuids.stdout())) {
                    if (!WorkloadCommands.isUuid(uuid)) {
                        skipped.add("virsh list on " + node + " gave '" + RemoteText.line(uuid, 80)
                                + "', which is not a domain UUID; ignored");
                        continue;
                    }
                    List<String> res = resourcesIn(probe.run(node, WorkloadCommands.domblklist(uuid)).stdout(),
                            minors);
                    if (res.isEmpty()) {
                        continue; // not on DRBD: its name is not needed
                    }
                    CommandResult named = probe.run(node, WorkloadCommands.domname(uuid));
                    String dom = named.ok() ? checked("libvirt VM", named.stdout().strip(), node, skipped) : null;
                    if (dom != null) {
                        out.add(new Workload(Workload.Kind.LIBVIRT, dom, node, up.contains(uuid), res, List.of(),
                                List.of(), uuid));
                    }
                }
            }
            CommandResult xlList = Futures.join(xl);
            if (xlList.ok()) {
                for (String line : xlList.stdout().lines().skip(1).toList()) {
                    String dom = line.strip().split("\\s+")[0];
                    if (dom.isEmpty() || dom.equals("Domain-0") || checked("Xen domain", dom, node, skipped) == null) {
                        continue;
                    }
                    List<String> res = xenResources(probe.run(node, WorkloadCommands.xlLong(dom)).stdout(), minors);
                    if (!res.isEmpty()) {
                        out.add(new Workload(Workload.Kind.XEN, dom, node, true, res, List.of(), List.of()));
                    }
                }
            }
            out.addAll(services(probe, node, Futures.join(mounts).stdout(), minors, Futures.join(systemd).ok(),
                    skipped));
            return out;
        }
    }

    /** minor → resource, from {@code drbdsetup events2 --now}. */
    static Map<Integer, String> minors(CommandResult r) {
        Map<Integer, String> out = new HashMap<>();
        if (!r.ok()) {
            return out;
        }
        try {
            for (ResourceState s : Events2Stream.parse(r.stdout()).value().resources()) {
                for (DeviceState d : s.devices()) {
                    out.put(d.minor(), s.name());
                }
            }
        } catch (ParseException e) {
            return out;
        }
        return out;
    }

    /** The resources behind the device paths in a text (domblklist, a disk list): /dev/drbdN and by-res paths. */
    public static List<String> resourcesIn(String text, Map<Integer, String> minors) {
        List<String> res = new ArrayList<>();
        Matcher m = DRBD_MINOR.matcher(text);
        while (m.find()) {
            String r = minors.get(Integer.parseInt(m.group(1)));
            if (r != null && !res.contains(r)) {
                res.add(r);
            }
        }
        Matcher b = BY_RES.matcher(text);
        while (b.find()) {
            if (minors.containsValue(b.group(1)) && !res.contains(b.group(1))) {
                res.add(b.group(1));
            }
        }
        return res;
    }

    /** A Xen domain's disks from {@code xl list -l} (JSON): device paths, or {@code drbd:RES} targets. */
    public static List<String> xenResources(String json, Map<Integer, String> minors) {
        List<String> res = new ArrayList<>();
        try {
            JsonNode root = JSON.readTree(json);
            for (JsonNode dom : root.isArray() ? root : JSON.createArrayNode().add(root)) {
                for (JsonNode disk : dom.path("config").path("disks")) {
                    String path = disk.path("pdev_path").asText("");
                    String script = disk.path("script").asText("");
                    if (path.startsWith("drbd:") || script.contains("drbd")) {
                        String r = path.replaceFirst("^drbd:", "");
                        if (minors.containsValue(r) && !res.contains(r)) {
                            res.add(r);
                        }
                    } else {
                        resourcesIn(path + " ", minors).stream().filter(r -> !res.contains(r)).forEach(res::add);
                    }
                }
            }
        } catch (IOException e) {
            return res;
        }
        return res;
    }

    /** Mounted DRBD filesystems, each with the units that need it; filesystems that share a unit go together. */
    private static List<Workload> services(Probe probe, String node, String procMounts, Map<Integer, String> minors,
            boolean systemd, List<String> skipped) throws SshException, InterruptedException {
        List<Workload> out = new ArrayList<>();
        for (String line : procMounts.lines().toList()) {
            String[] f = line.split("\\s+");
            if (f.length < 2) {
                continue;
            }
            List<String> res = resourcesIn(f[0] + " ", minors);
            if (res.isEmpty()) {
                continue;
            }
            try {
                DrbdCommands.path(f[1]);
            } catch (IllegalArgumentException e) { // /proc/mounts writes a space as \040: not a path we pass on
                String said = "the DRBD filesystem mounted at '" + RemoteText.line(f[1], 120)
                        + "' on " + node + " is left out: DRBD Pilot does not put that path in a command; move it by "
                        + "hand";
                LOG.warn(said);
                skipped.add(said);
                continue;
            }
            List<String> units = new ArrayList<>();
            if (systemd) {
                CommandResult deps = probe.run(node, WorkloadCommands.reverseDependencies(f[1]));
                RemoteOutput.services(deps.stdout()).stream().filter(u -> {
                            try {
                                DrbdCommands.serviceUnit(u);
                                return true;
                            } catch (IllegalArgumentException e) { // an odd or special name: not moved, said
                                String said = "unit '" + RemoteText.line(u, 80) + "' on " + node
                                        + " is left out of the workload: " + RemoteText.line(e.getMessage(), 200);
                                LOG.warn(said);
                                skipped.add(said);
                                return false;
                            }
                        }).forEach(units::add);
            }
            Probe.Mount mount = new Probe.Mount(f[0], f[1]);
            Workload merged = null;
            for (Workload w : out) {
                if (w.units().stream().anyMatch(units::contains)) {
                    merged = w;
                }
            }
            if (merged != null) {
                out.remove(merged);
                List<String> r = new ArrayList<>(merged.resources());
                r.addAll(res);
                List<Probe.Mount> m = new ArrayList<>(merged.mounts());
                m.add(mount);
                out.add(new Workload(Workload.Kind.SERVICE, merged.name(), node, true, r, m,
                        merged.withUnits(units).units()));
            } else {
                out.add(new Workload(Workload.Kind.SERVICE, units.isEmpty() ? f[1] : units.get(0), node, true, res,
                        List.of(mount), units));
            }
        }
        return out;
    }
}
