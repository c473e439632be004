// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.node;

import io.drbdpilot.drbd.command.DrbdCommands;
import io.drbdpilot.drbd.config.DrbdConfig;
import io.drbdpilot.drbd.config.ResourceConfig;
import io.drbdpilot.drbd.model.ResourceState;
import io.drbdpilot.drbd.parse.Drbd84Mapping;
import io.drbdpilot.drbd.parse.DumpXmlParser;
import io.drbdpilot.drbd.parse.Events2Stream;
import io.drbdpilot.drbd.parse.ParseException;
import io.drbdpilot.drbd.parse.ProcDrbdParser;
import io.drbdpilot.ssh.CommandResult;
import io.drbdpilot.ssh.RemoteCommand;
import io.drbdpilot.ssh.RemoteText;
import io.drbdpilot.ssh.SshException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fresh reads from the nodes, taken right before they are needed: the resource's state, the device's users, who owns
 * the resource, and its configuration. A node that cannot be reached is retried across reconnects before it is
 * reported unreachable.
 */
public final class Probe {

    public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(20);
    private static final int ATTEMPTS = 3;

    private final NodeAccess access;

    public Probe(NodeAccess access) {
        this.access = access;
    }

    public NodeAccess access() {
        return access;
    }

    /** Runs a command, retrying when the session drops (a reconnect usually follows). */
    public CommandResult run(String node, RemoteCommand c) throws SshException, InterruptedException {
        SshException last = null;
        for (int i = 0; i < ATTEMPTS; i++) {
            try {
                return access.run(node, c, COMMAND_TIMEOUT);
            } catch (SshException.HostKeyRejected | SshException.HostKeyChanged | SshException.AuthFailed e) {
                throw e;
            } catch (SshException e) {
                last = e;
                access.awaitChange(Duration.ofSeconds(1));
            }
        }
        throw last;
    }

    public String hostName(String node) throws SshException, InterruptedException {
        String h = run(node, DrbdCommands.hostName()).stdout().strip();
        if (!HOST_NAME.matcher(h).matches()) {
            // it names the node in qemu+ssh://HOST/system and in DRBD's connections: an odd one is not guessed at
            throw new SshException(node + " says its host name (uname -n) is '" + RemoteText.line(h, 80)
                    + "', which is not a host name; set it (hostnamectl set-hostname) and try again");
        }
        return h;
    }

    private static final Pattern HOST_NAME = Pattern.compile(
            "[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?");

    /** The resource on that node, now. */
    public NodeRead read(String node, String host, String res) throws InterruptedException {
        try {
            CommandResult r = run(node, DrbdCommands.events2Now(res));
            List<ResourceState> all;
            if (r.ok() && r.stdout().contains("exists")) {
                all = Events2Stream.parse(r.stdout()).value().resources();
            } else {
                all = fromProc(node, res); // kernels before 8.4.6 have no events2
            }
            ResourceState s = all.stream().filter(x -> x.name().equals(res)).findFirst().orElse(null);
            return new NodeRead(node, host, s, null, access.clock().instant());
        } catch (SshException e) {
            return new NodeRead(node, host, null, e.getMessage(), access.clock().instant());
        } catch (ParseException e) {
            return new NodeRead(node, host, null, "its state could not be parsed: " + e.getMessage(),
                    access.clock().instant());
        }
    }

    private List<ResourceState> fromProc(String node, String res)
            throws SshException, InterruptedException, ParseException {
        CommandResult proc = run(node, DrbdCommands.procDrbd());
        if (!proc.ok()) {
            return List.of();
        }
        Optional<ResourceConfig> cfg = config(node, res);
        return Drbd84Mapping.toResources(ProcDrbdParser.parse(proc.stdout()).value(),
                minor -> cfg.filter(c -> c.hosts().stream().anyMatch(h -> h.volumes().stream()
                        .anyMatch(v -> v.minor() != null && v.minor() == minor))).map(ResourceConfig::name)
                        .orElse(null));
    }

    public Optional<ResourceConfig> config(String node, String res) throws SshException, InterruptedException {
        CommandResult r = run(node, DrbdCommands.dumpXml(res));
        if (!r.ok()) {
            return Optional.empty();
        }
        try {
            DrbdConfig c = DumpXmlParser.parse(r.stdout()).value();
            return c.resource(res);
        } catch (ParseException e) {
            return Optional.empty();
        }
    }

    /** The resource as the node's files give it ({@code drbdadm dump RES}); throws when it cannot be read. */
    public String dump(String node, String res) throws SshException, InterruptedException {
        CommandResult r = run(node, DrbdCommands.dump(res));
        if (!r.ok()) {
            throw new SshException("drbdadm dump " + res + " failed on " + node + " (" + said(r) + ")");
        }
        return r.stdout();
    }

    /** What {@code drbdadm -d adjust} would run; empty when the kernel runs the configuration as written. */
    public List<String> adjustPlan(String node, String res) throws SshException, InterruptedException {
        CommandResult r = run(node, DrbdCommands.adjustDryRun(res));
        if (!r.ok()) {
            throw new SshException("drbdadm -d adjust " + res + " failed on " + node + " (" + said(r) + ")");
        }
        return r.stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /** The first line a failed command said, with its exit code. */
    public static String said(CommandResult r) {
        String text = (r.stderr() + "\n" + r.stdout()).strip();
        return "exit " + r.exitCode() + (text.isEmpty() ? "" : ": " + text.lines().findFirst().orElse(""));
    }

    /** The program was not there at all ({@code sh}'s 127, or sudo's "command not found"). */
    public static boolean notInstalled(CommandResult r) {
        return r.exitCode() == 127 || r.stderr().contains("command not found");
    }

    private static final Pattern TWO_PRIMARIES = Pattern.compile("allow-two-primaries\\s+(yes|no)");

    /**
     * Whether the node runs allow-two-primaries now, from the kernel's running configuration ({@code drbdsetup show
     * --show-defaults RES}; on 8.4 {@code drbdadm -d adjust} does not name it, it resets with --set-defaults). Null
     * when it cannot be read.
     */
    public Boolean dualPrimary(String node, String res) throws InterruptedException {
        try {
            CommandResult r = run(node, DrbdCommands.showRunning(res));
            if (!r.ok()) {
                return null;
            }
            Matcher m = TWO_PRIMARIES.matcher(r.stdout());
            boolean on = false;
            while (m.find()) {
                on |= m.group(1).equals("yes"); // DRBD 9: per connection; any one is enough to allow a second
            }
            return on;
        } catch (SshException e) {
            return null;
        }
    }

    /** Who uses the resource's devices on a node: mounts, holders, processes and VMs. */
    public Users users(String node, NodeRead read) throws SshException, InterruptedException {
        List<Mount> mounts = new ArrayList<>();
        List<String> holders = new ArrayList<>();
        List<String> processes = new ArrayList<>();
        List<String> vms = new ArrayList<>();
        Map<String, String> vmUuids = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        List<String> devices = read.devices().stream().map(d -> d.devicePath()).toList();
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            // all at once: each is a round trip to the node
            var mountsF = ex.submit(() -> run(node, RemoteCommand.of("cat", "/proc/mounts")));
            var listF = ex.submit(() -> run(node, WorkloadCommands.virshUuids(false)));
            List<Future<CommandResult>> holdersF = new ArrayList<>();
            List<Future<CommandResult>> lsofF = new ArrayList<>();
            for (String dev : devices) {
                holdersF.add(ex.submit(() -> run(node, RemoteCommand.of("ls", "/sys/block/"
                        + dev.substring("/dev/".length()) + "/holders"))));
                lsofF.add(ex.submit(() -> run(node, RemoteCommand.root("lsof", "-n", "--", dev))));
            }
            CommandResult mountTable = Futures.join(mountsF);
            if (!mountTable.ok()) {
                unknown.add("/proc/mounts could not be read (" + said(mountTable) + ")");
            }
            mounts.addAll(RemoteOutput.mounts(mountTable.stdout(), devices::contains));
            for (int i = 0; i < devices.size(); i++) {
                String name = devices.get(i).substring("/dev/".length());
                CommandResult hs = Futures.join(holdersF.get(i));
                if (!hs.ok()) {
                    unknown.add("the holders of " + name + " could not be listed (" + said(hs) + ")");
                }
                RemoteOutput.lines(hs.stdout()).forEach(l -> holders.add(name + " ← " + RemoteText.line(l, 80)));
                String dev = devices.get(i);
                CommandResult lsof = Futures.join(lsofF.get(i));
                // lsof exits 1, silently, when nothing has the file open
                if (notInstalled(lsof)) {
                    unknown.add("lsof is not installed on " + node + ", so the processes that hold " + dev
                            + " open could not be listed");
                } else if (!lsof.ok() && !(lsof.exitCode() == 1 && lsof.stderr().isBlank())) {
                    unknown.add("lsof " + dev + " failed (" + said(lsof) + ")");
                }
                processes.addAll(RemoteOutput.lsofProcesses(lsof.stdout(), dev));
            }
            CommandResult list = Futures.join(listF);
            if (!list.ok() && !notInstalled(list)) {
                unknown.add("virsh list failed (" + said(list) + "), so VMs on the device could not be listed");
            }
            if (list.ok()) {
                // by UUID: a VM named "3" is not domain id 3, and an odd name never reaches a command
                for (String uuid : RemoteOutput.lines(list.stdout())) {
                    if (!WorkloadCommands.isUuid(uuid)) {
                        unknown.add("virsh list gave '" + RemoteText.line(uuid, 80) + "', not a domain UUID");
                        continue;
                    }
                    CommandResult b = run(node, WorkloadCommands.domblklist(uuid));
                    if (devices.stream().anyMatch(d -> b.stdout().contains(d + "\n") || b.stdout().contains(d + " "))
                            || b.stdout().contains("/dev/drbd/by-res/" + read.state().name() + "/")) {
                        CommandResult n = run(node, WorkloadCommands.domname(uuid));
                        String name = n.ok() ? RemoteText.line(n.stdout().strip(), 80) : "";
                        String shown = name.isEmpty() ? uuid : name;
                        vms.add(shown);
                        vmUuids.put(shown, WorkloadCommands.uuid(uuid));
                    }
                }
            }
        }
        return new Users(mounts, holders, processes, vms, read.open(), unknown, vmUuids);
    }

    /**
     * What holds the device open on a node.
     *
     * @param open    DRBD 9's own {@code open:} flag; null on 8.4
     * @param unknown what could not be read (lsof denied, not installed, a timeout): the list may be incomplete
     * @param vmUuids each VM's UUID, by the name in {@code vms}
     */
    public record Users(List<Mount> mounts, List<String> holders, List<String> processes, List<String> vms,
            Boolean open, List<String> unknown, Map<String, String> vmUuids) {
        public Users {
            unknown = List.copyOf(unknown);
            vmUuids = Map.copyOf(vmUuids);
        }

        public Users(List<Mount> mounts, List<String> holders, List<String> processes, List<String> vms,
                Boolean open, List<String> unknown) {
            this(mounts, holders, processes, vms, open, unknown, Map.of());
        }

        /** Whether a VM that uses the device is among those named (by name or by UUID). */
        public boolean covers(String vm, List<String> named) {
            String uuid = vmUuids.get(vm);
            return named.contains(vm) || uuid != null && named.stream().anyMatch(uuid::equalsIgnoreCase);
        }

        /** What to name a VM by on the command line: its name, or its UUID when the name is odd. */
        public String vmArgument(String vm) {
            try {
                return WorkloadCommands.domain(vm);
            } catch (IllegalArgumentException e) {
                return vmUuids.getOrDefault(vm, vm);
            }
        }

        /** Every source was read: what is listed is all there is. */
        public boolean complete() {
            return unknown.isEmpty();
        }

        public boolean none() {
            return mounts.isEmpty() && holders.isEmpty() && processes.isEmpty() && vms.isEmpty()
                    && !Boolean.TRUE.equals(open);
        }

        public String describe() {
            List<String> parts = new ArrayList<>();
            mounts.forEach(x -> parts.add(x.device() + " mounted on " + x.path()));
            holders.forEach(x -> parts.add("holder " + x));
            processes.forEach(x -> parts.add("process " + x));
            vms.forEach(x -> parts.add("VM " + x));
            if (parts.isEmpty() && Boolean.TRUE.equals(open)) {
                parts.add("DRBD reports the device open (open:yes)");
            }
            return parts.isEmpty() ? "nobody" : String.join("; ", parts);
        }
    }

    /** A DRBD device mounted on a path. */
    public record Mount(String device, String path) {
    }
}
