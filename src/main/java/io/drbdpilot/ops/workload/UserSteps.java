// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.workload;

import io.drbdpilot.drbd.command.DrbdCommands;
import io.drbdpilot.ops.node.Probe;
import io.drbdpilot.ops.node.WorkloadCommands;
import io.drbdpilot.ops.plan.Run;
import io.drbdpilot.ops.plan.Step;
import io.drbdpilot.ops.plan.StepFailed;
import io.drbdpilot.ssh.CommandResult;
import io.drbdpilot.ssh.RemoteCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The users of the device, stopped on the source before the demote and started on the target after the promote:
 * filesystems, systemd units and VMs. Each step looks first, acts only when needed, and confirms.
 */
public final class UserSteps {

    /** A VM gets this long to shut down cleanly. */
    static final Duration VM_SHUTDOWN = Duration.ofSeconds(120);
    /** A busy filesystem is tried this often before the unmount fails. */
    static final int UMOUNT_TRIES = 5;

    private UserSteps() {
    }

    private static void fail(CommandResult r, String doing, String remedy) throws StepFailed {
        String said = (r.stderr() + " " + r.stdout()).strip();
        throw new StepFailed("Could not " + doing + ": " + (said.isEmpty() ? "exit " + r.exitCode() : said),
                remedy);
    }

    /** A read that changes nothing: retried once across a reconnect; a node that stays lost fails the step. */
    public static CommandResult read(Run run, String node, RemoteCommand c) throws InterruptedException, StepFailed {
        CommandResult r = run.query(node, c);
        if (r.exitCode() == Run.LOST) {
            run.awaitChange(Duration.ofSeconds(1));
            r = run.query(node, c);
        }
        if (r.exitCode() == Run.LOST) {
            throw new StepFailed(r.stderr(), "Check " + node + " and the SSH link.");
        }
        return r;
    }

    static boolean mounted(Run run, String node, String path) throws InterruptedException, StepFailed {
        CommandResult m = read(run, node, RemoteCommand.of("cat", "/proc/mounts"));
        if (!m.ok()) {
            fail(m, "read the mounts of " + node, "Check the SSH link to " + node + ".");
        }
        return m.stdout().lines().map(l -> l.split("\\s+")).anyMatch(f -> f.length > 1 && f[1].equals(path));
    }

    /** {@code umount PATH}. */
    public static final class Umount extends Step {
        private final String path;
        private final String device;

        public Umount(String node, String path, String device) {
            super(node);
            this.path = DrbdCommands.path(path);
            this.device = DrbdCommands.path(device);
        }

        @Override
        public String title() {
            return "Unmount " + path + " on " + node();
        }

        @Override
        public String conditions() {
            return "after: nothing is mounted on " + path;
        }

        @Override
        public List<RemoteCommand> commands() {
            return List.of(RemoteCommand.root("umount", path));
        }

        @Override
        public void execute(Run run) throws StepFailed, InterruptedException {
            if (!mounted(run, node(), path)) {
                run.log(path + " is not mounted on " + node() + ".");
                return;
            }
            CommandResult r = run.exec(node(), commands().get(0));
            // a stopped service's last processes may hold it for a moment: a few tries, a second apart
            for (int i = 1; i < UMOUNT_TRIES && !r.ok() && r.exitCode() != Run.LOST && mounted(run, node(), path);
                    i++) {
                run.log(path + " is still busy on " + node() + "; trying again (" + (i + 1) + " of " + UMOUNT_TRIES
                        + ").");
                run.awaitChange(Duration.ofSeconds(1));
                r = run.exec(node(), commands().get(0));
            }
            if (!r.ok() && r.exitCode() != Run.LOST && mounted(run, node(), path)) {
                fail(r, "unmount " + path + " on " + node(), "Something still uses the filesystem: see fuser -vm "
                        + path + " on " + node() + "; stop it, then retry.");
            }
            if (mounted(run, node(), path)) {
                throw new StepFailed(path + " is still mounted on " + node() + ".", "Check fuser -vm " + path + ".");
            }
        }

        @Override
        public Step undo() {
            return new Mount(node(), device, path);
        }
    }

    /** {@code mkdir -p PATH; mount DEVICE PATH}. */
    public static final class Mount extends Step {
        private final String device;
        private final String path;

        public Mount(String node, String device, String path) {
            super(node);
            this.device = DrbdCommands.path(device);
            this.path = DrbdCommands.path(path);
        }

        @Override
        public String title() {
            return "Mount " + device + " on " + path + " on " + node();
        }

        @Override
        public String conditions() {
            return "before: " + node() + " is Primary; after: " + path + " is mounted";
        }

        @Override
        public List<RemoteCommand> commands() {
            return List.of(RemoteCommand.root("mkdir", "-p", path), RemoteCommand.root("mount", device, path));
        }

        @Override
        public void execute(Run run) throws StepFailed, InterruptedException {
            if (mounted(run, node(), path)) {
                run.log(path + " is mounted on " + node() + " already.");
                return;
            }
            for (RemoteCommand c : commands()) {
                CommandResult r = run.exec(node(), c);
                if (!r.ok() && r.exitCode() != Run.LOST) {
                    fail(r, String.join(" ", c.argv()) + " on " + node(), "Check the filesystem (fsck) and the "
                            + "mount point on " + node() + ".");
                }
            }
            if (!mounted(run, node(), path)) {
                throw new StepFailed(path + " is not mounted on " + node() + " after mount.", "Check dmesg on "
                        + node() + ".");
            }
        }

        @Override
        public Step undo() {
            return new Umount(node(), path, device);
        }
    }

    /**
     * A service or VM switched on or off: look, act only when needed, then watch until it is in the new state (a VM
     * gets {@link #VM_SHUTDOWN} to get there; a unit is there when systemctl returns).
     */
    private abstract static class Switch extends Step {
        final String name;
        final boolean on;
        private final Duration settle;

        Switch(String node, String name, boolean on, Duration settle) {
            super(node);
            this.name = DrbdCommands.unit(name);
            this.on = on;
            this.settle = settle;
        }

        /** Whether it is on now. */
        abstract boolean isOn(Run run) throws InterruptedException, StepFailed;

        /** "active" or "inactive", "running" or "shut off". */
        abstract String state(boolean on);

        abstract String remedy();

        @Override
        public String conditions() {
            return "after: " + String.join(" ", probe().argv()) + " says " + state(on);
        }

        abstract RemoteCommand probe();

        /** Whether it is where the step wants it (a VM "in shutdown" is neither running nor shut off). */
        boolean reached(Run run) throws InterruptedException, StepFailed {
            return isOn(run) == on;
        }

        @Override
        public void execute(Run run) throws StepFailed, InterruptedException {
            if (reached(run)) {
                run.log(name + " is " + state(on) + " on " + node() + " already.");
                return;
            }
            CommandResult r = run.exec(node(), commands().get(0));
            if (!r.ok() && r.exitCode() != Run.LOST) { // a lost connection: the check below tells
                fail(r, title().toLowerCase(Locale.ROOT), remedy());
            }
            Instant deadline = run.now().plus(settle);
            while (!reached(run)) {
                if (!run.now().isBefore(deadline)) {
                    throw new StepFailed(name + " is not " + state(on) + " on " + node() + (settle.isZero() ? ""
                            : " after " + settle.toSeconds() + " s") + ".", remedy());
                }
                run.awaitChange(Duration.ofSeconds(1));
            }
        }
    }

    /**
     * {@code systemctl stop|start UNIT}, confirmed with {@code systemctl is-active}; on a host without systemd, the
     * SysV init script ({@code /etc/init.d/UNIT stop|start}, confirmed with its {@code status}, exit 0 while running).
     */
    public static final class Unit extends Switch {
        private final boolean sysv;

        public Unit(String node, String unit, boolean start) {
            this(node, unit, start, false);
        }

        public Unit(String node, String unit, boolean start, boolean sysv) {
            super(node, DrbdCommands.serviceUnit(unit), start, Duration.ZERO);
            this.sysv = sysv;
        }

        @Override
        public String title() {
            return (on ? "Start " : "Stop ") + name + " on " + node();
        }

        @Override
        public List<RemoteCommand> commands() {
            return List.of(sysv ? RemoteCommand.root("/etc/init.d/" + name, on ? "start" : "stop")
                    : RemoteCommand.root("systemctl", on ? "start" : "stop", name));
        }

        @Override
        RemoteCommand probe() {
            return sysv ? RemoteCommand.root("/etc/init.d/" + name, "status")
                    : RemoteCommand.of("systemctl", "is-active", name);
        }

        @Override
        boolean isOn(Run run) throws InterruptedException, StepFailed {
            CommandResult r = read(run, node(), probe());
            return sysv ? r.ok() : r.ok() && r.stdout().strip().equals("active");
        }

        @Override
        String state(boolean active) {
            return sysv ? (active ? "running (exit 0)" : "not running") : active ? "active" : "inactive";
        }

        @Override
        String remedy() {
            return sysv ? "See /etc/init.d/" + name + " status and the service's log on " + node() + "."
                    : "See systemctl status " + name + " and journalctl -u " + name + " on " + node() + ".";
        }

        @Override
        public Step undo() {
            return new Unit(node(), name, !on, sysv);
        }
    }

    /** {@code virsh shutdown|start DOMAIN}, confirmed with {@code virsh domstate}. */
    public static final class Vm extends Switch {
        /** What virsh is given: the domain's UUID once discovered, else its name. */
        private final String ref;

        public Vm(String node, String domain, boolean start) {
            this(node, domain, domain, start);
        }

        /** @param ref the domain's UUID (or its name when no UUID is known) */
        public Vm(String node, String domain, String ref, boolean start) {
            super(node, domain, start, VM_SHUTDOWN);
            this.ref = WorkloadCommands.domain(ref);
        }

        @Override
        public String title() {
            return (on ? "Start VM " : "Shut down VM ") + name + " on " + node();
        }

        @Override
        public List<RemoteCommand> commands() {
            return List.of(RemoteCommand.root("virsh", on ? "start" : "shutdown", ref));
        }

        @Override
        RemoteCommand probe() {
            return WorkloadCommands.domstate(ref);
        }

        @Override
        boolean isOn(Run run) throws InterruptedException, StepFailed {
            return domstate(run).equals("running");
        }

        /** Running, or shut off: "in shutdown", "paused" or "crashed" are neither, so the step waits on. */
        @Override
        boolean reached(Run run) throws InterruptedException, StepFailed {
            return domstate(run).equals(state(on));
        }

        private String domstate(Run run) throws InterruptedException, StepFailed {
            CommandResult r = read(run, node(), probe());
            if (!r.ok()) {
                fail(r, "read the state of " + name + " on " + node(), "Is it defined there? virsh list --all.");
            }
            return r.stdout().strip();
        }

        @Override
        String state(boolean running) {
            return running ? "running" : "shut off";
        }

        @Override
        String remedy() {
            return on ? "See virsh dominfo " + name + " on " + node() + "." : "Shut it down from inside the guest, "
                    + "or virsh destroy " + name + " if it hangs.";
        }

        @Override
        public Step undo() {
            return new Vm(node(), name, ref, !on);
        }
    }

    /** {@code xl shutdown -w DOMAIN} or {@code xl create /etc/xen/DOMAIN.cfg}, confirmed with {@code xl list DOMAIN}. */
    public static final class XenVm extends Switch {
        public XenVm(String node, String domain, boolean start) {
            super(node, domain, start, VM_SHUTDOWN);
        }

        @Override
        public String title() {
            return (on ? "Start Xen domain " : "Shut down Xen domain ") + name + " on " + node();
        }

        @Override
        public List<RemoteCommand> commands() {
            return List.of(on ? RemoteCommand.root("xl", "create", WorkloadCommands.xlConfig(name))
                    : RemoteCommand.root("xl", "shutdown", "-w", name));
        }

        @Override
        RemoteCommand probe() {
            return WorkloadCommands.xlList(name);
        }

        @Override
        boolean isOn(Run run) throws InterruptedException, StepFailed {
            return read(run, node(), probe()).ok();
        }

        @Override
        String state(boolean running) {
            return running ? "running" : "not running";
        }

        @Override
        String remedy() {
            return on ? "See xl dmesg and /var/log/xen/ on " + node() + "." : "Shut it down from inside the guest, "
                    + "or xl destroy " + name + " if it hangs.";
        }

        @Override
        public Step undo() {
            return new XenVm(node(), name, !on);
        }
    }

    /** The options that stop what uses a device, as the CLI names them (the same words the wizards' fields take). */
    public static String stopOptions(Probe.Users u) {
        List<String> s = new ArrayList<>();
        u.mounts().forEach(m -> s.add("--umount " + m.path()));
        u.vms().forEach(v -> s.add("--shutdown-vm " + u.vmArgument(v)));
        u.processes().stream().limit(1).forEach(p -> s.add("--stop-unit for the service behind " + p.split(" ")[0]));
        if (!u.holders().isEmpty()) {
            s.add("deactivate the holders (LVM: vgchange -an; multipath: blacklist drbd)");
        }
        return String.join(", ", s);
    }
}
