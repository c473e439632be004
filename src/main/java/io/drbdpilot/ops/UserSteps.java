// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops;

import io.drbdpilot.drbd.command.DrbdCommands;
import io.drbdpilot.ssh.CommandResult;
import io.drbdpilot.ssh.RemoteCommand;
import java.time.Duration;
import java.util.List;

/**
 * The users of the device, stopped on the source before the demote and started on the target after the promote:
 * filesystems, systemd units and VMs. Each step looks first, acts only when needed, and confirms.
 */
final class UserSteps {

    /** A VM gets this long to shut down cleanly. */
    static final Duration VM_SHUTDOWN = Duration.ofSeconds(120);

    private UserSteps() {
    }

    private static void fail(CommandResult r, String doing, String remedy) throws StepFailed {
        String said = (r.stderr() + " " + r.stdout()).strip();
        throw new StepFailed("Could not " + doing + ": " + (said.isEmpty() ? "exit " + r.exitCode() : said),
                remedy);
    }

    /** A read that changes nothing: retried once across a reconnect; a node that stays lost fails the step. */
    static CommandResult read(Run run, String node, RemoteCommand c) throws InterruptedException, StepFailed {
        CommandResult r = run.exec(node, c);
        if (r.exitCode() == Run.LOST) {
            run.awaitChange(Duration.ofSeconds(1));
            r = run.exec(node, c);
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
    static final class Umount extends Step {
        private final String path;
        private final String device;

        Umount(String node, String path, String device) {
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
    static final class Mount extends Step {
        private final String device;
        private final String path;

        Mount(String node, String device, String path) {
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

    /** {@code systemctl stop|start UNIT}, confirmed with {@code systemctl is-active}. */
    static final class Unit extends Step {
        private final String unit;
        private final boolean start;

        Unit(String node, String unit, boolean start) {
            super(node);
            this.unit = DrbdCommands.unit(unit);
            this.start = start;
        }

        @Override
        public String title() {
            return (start ? "Start " : "Stop ") + unit + " on " + node();
        }

        @Override
        public String conditions() {
            return "after: systemctl is-active " + unit + " says " + (start ? "active" : "inactive");
        }

        @Override
        public List<RemoteCommand> commands() {
            return List.of(RemoteCommand.root("systemctl", start ? "start" : "stop", unit));
        }

        private boolean active(Run run) throws InterruptedException, StepFailed {
            CommandResult r = read(run, node(), RemoteCommand.of("systemctl", "is-active", unit));
            return r.ok() && r.stdout().strip().equals("active");
        }

        @Override
        public void execute(Run run) throws StepFailed, InterruptedException {
            if (active(run) == start) {
                run.log(unit + " is " + (start ? "active" : "inactive") + " on " + node() + " already.");
                return;
            }
            CommandResult r = run.exec(node(), commands().get(0));
            if (!r.ok() && r.exitCode() != Run.LOST) { // a lost connection: the check below tells
                fail(r, (start ? "start " : "stop ") + unit + " on " + node(), "See systemctl status " + unit
                        + " and journalctl -u " + unit + " on " + node() + ".");
            }
            if (active(run) != start) {
                throw new StepFailed(unit + " is not " + (start ? "active" : "stopped") + " on " + node() + ".",
                        "See systemctl status " + unit + " on " + node() + ".");
            }
        }

        @Override
        public Step undo() {
            return new Unit(node(), unit, !start);
        }
    }

    /** {@code virsh shutdown|start DOMAIN}, confirmed with {@code virsh domstate}. */
    static final class Vm extends Step {
        private final String domain;
        private final boolean start;

        Vm(String node, String domain, boolean start) {
            super(node);
            this.domain = DrbdCommands.unit(domain);
            this.start = start;
        }

        @Override
        public String title() {
            return (start ? "Start VM " : "Shut down VM ") + domain + " on " + node();
        }

        @Override
        public String conditions() {
            return "after: virsh domstate " + domain + " says " + (start ? "running" : "shut off");
        }

        @Override
        public List<RemoteCommand> commands() {
            return List.of(RemoteCommand.root("virsh", start ? "start" : "shutdown", domain));
        }

        private boolean running(Run run) throws InterruptedException, StepFailed {
            CommandResult r = read(run, node(), RemoteCommand.root("virsh", "domstate", domain));
            if (!r.ok()) {
                fail(r, "read the state of " + domain + " on " + node(), "Is it defined there? virsh list --all.");
            }
            return r.stdout().strip().equals("running");
        }

        @Override
        public void execute(Run run) throws StepFailed, InterruptedException {
            if (running(run) == start) {
                run.log(domain + " is " + (start ? "running" : "shut off") + " on " + node() + " already.");
                return;
            }
            CommandResult r = run.exec(node(), commands().get(0));
            if (!r.ok() && r.exitCode() != Run.LOST) {
                fail(r, (start ? "start " : "shut down ") + domain + " on " + node(), "See virsh dominfo " + domain
                        + " on " + node() + ".");
            }
            java.time.Instant deadline = run.now().plus(VM_SHUTDOWN);
            while (running(run) != start) {
                if (run.now().isAfter(deadline)) {
                    throw new StepFailed(domain + " did not " + (start ? "start" : "shut down") + " within "
                            + VM_SHUTDOWN.toSeconds() + " s on " + node() + ".", start ? "See virsh dominfo." : "Shut it "
                            + "down from inside the guest, or virsh destroy " + domain + " if it hangs.");
                }
                run.awaitChange(Duration.ofSeconds(1));
            }
        }

        @Override
        public Step undo() {
            return new Vm(node(), domain, !start);
        }
    }
}
