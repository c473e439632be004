// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.config;

import io.drbdpilot.drbd.command.DrbdCommands;
import io.drbdpilot.drbd.model.DeviceState;
import io.drbdpilot.drbd.model.DiskState;
import io.drbdpilot.ops.node.NodeRead;
import io.drbdpilot.ops.node.Probe;
import io.drbdpilot.ops.plan.Run;
import io.drbdpilot.ops.plan.Step;
import io.drbdpilot.ops.plan.StepFailed;
import io.drbdpilot.ssh.CommandResult;
import io.drbdpilot.ssh.RemoteCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The steps of a resize: DRBD grows, then (when asked) the filesystem on the Primary. */
final class ResizeSteps {

    private ResizeSteps() {
    }

    /**
     * {@code drbdadm resize RES} on one node. Before, read fresh: every node connected and UpToDate, and DRBD still at
     * its old size (already grown: nothing to do). After: every node's DRBD device is larger than before and all the
     * same, then the resync of the new area ends. There is no undo: DRBD does not shrink back safely, and a larger
     * device loses nothing. Once sent, the plan goes on whatever is asked.
     */
    static final class Grow extends Step {
        private final String res;
        private final Map<String, String> hosts;
        private final Map<Integer, Long> oldBytes;
        private final boolean assumeClean;
        private final Duration timeout;
        private final Duration resyncTimeout;

        /**
         * @param hosts    every node of the resource and its DRBD host name
         * @param oldBytes per volume, the size before
         */
        Grow(String node, String res, Map<String, String> hosts, Map<Integer, Long> oldBytes, boolean assumeClean,
                Duration timeout, Duration resyncTimeout) {
            super(node);
            this.res = res;
            this.hosts = Map.copyOf(hosts);
            this.oldBytes = Map.copyOf(oldBytes);
            this.assumeClean = assumeClean;
            this.timeout = timeout;
            this.resyncTimeout = resyncTimeout;
        }

        @Override
        public String title() {
            return "Grow " + res + " (drbdadm resize" + (assumeClean ? " --assume-clean" : "") + ")";
        }

        @Override
        public String conditions() {
            return "before: every node Connected and UpToDate, DRBD at its old size; after: every node's DRBD device "
                    + "larger and the same, UpToDate again" + (assumeClean ? "" : " once the new area is resynced");
        }

        @Override
        public List<RemoteCommand> commands() {
            return List.of(DrbdCommands.resize(res, assumeClean));
        }

        @Override
        public boolean pointOfNoReturn() {
            return true;
        }

        @Override
        public void execute(Run run) throws StepFailed, InterruptedException {
            Map<String, List<Long>> now = sizes(run);
            if (grown(now)) {
                run.log(res + " has grown already on every node: " + now + ".");
            } else {
                String unfit = unfit(run);
                if (unfit != null) {
                    throw new StepFailed(unfit + " Nothing was resized.", "Reconnect the nodes and let any resync "
                            + "finish, then check again.");
                }
                CommandResult r = run.exec(node(), DrbdCommands.resize(res, assumeClean));
                if (!r.ok()) {
                    throw new StepFailed("drbdadm resize " + res + " on " + node() + " was refused (" + Probe.said(r)
                            + ").", "Nothing was resized. Read what DRBD said; the backing devices are untouched.");
                }
            }
            Instant deadline = run.now().plus(timeout);
            while (!grown(now = sizes(run))) {
                if (!run.now().isBefore(deadline)) {
                    throw StepFailed.needsAPerson("drbdadm resize ran, but within " + timeout.toSeconds() + " s not "
                            + "every node of " + res + " shows the new size: " + now + " (bytes per volume; before: "
                            + oldBytes + ").", "Look at drbdadm status " + res + " and the kernel log (dmesg) on each "
                            + "node; a node that was apart gets the size when it connects.",
                            List.of(new Step.Cmd(node(), DrbdCommands.resize(res, assumeClean))));
                }
                run.awaitChange(Duration.ofSeconds(1));
            }
            run.log(res + " is larger on every node now: " + now + " bytes per volume.");
            Instant until = run.now().plus(resyncTimeout);
            while (true) { // the new area resyncs (8.4 and 9 alike) unless --assume-clean
                String left = resyncLeft(run);
                if (left == null) {
                    break;
                }
                if (!run.now().isBefore(until)) {
                    throw StepFailed.needsAPerson(res + " has its new size, but the resync of the new area has not "
                            + "ended within " + resyncTimeout.toMinutes() + " min: " + left + ".", "It goes on by "
                            + "itself; follow it with drbd-pilot resync " + res + " status.");
                }
                run.listener().progress("Resyncing the new area of " + res + " (" + left + ")", -1);
                run.awaitChange(Duration.ofSeconds(1));
            }
        }

        /** Per node, each volume's DRBD device size now (null when not read). */
        private Map<String, List<Long>> sizes(Run run) throws InterruptedException {
            Map<String, List<Long>> out = new TreeMap<>();
            for (Map.Entry<String, String> e : hosts.entrySet()) {
                NodeRead r = run.probe().read(e.getKey(), e.getValue(), res);
                List<Long> sizes = new ArrayList<>();
                for (DeviceState d : r.reachable() ? r.devices() : List.<DeviceState>of()) {
                    sizes.add(ResizeChecks.drbdSize(run.probe(), e.getKey(), d.devicePath()));
                }
                out.put(e.getKey(), sizes);
            }
            return out;
        }

        /** Every node read, every volume larger than before and the same on every node. */
        private boolean grown(Map<String, List<Long>> now) {
            List<Long> first = null;
            for (List<Long> sizes : now.values()) {
                if (sizes.size() != oldBytes.size() || sizes.contains(null)) {
                    return false;
                }
                for (int v = 0; v < sizes.size(); v++) {
                    Long old = oldBytes.get(v);
                    if (old == null || sizes.get(v) <= old) {
                        return false;
                    }
                }
                if (first != null && !first.equals(sizes)) {
                    return false;
                }
                first = sizes;
            }
            return first != null;
        }

        /** Why the resource is not fit to resize now (read fresh), or null. */
        private String unfit(Run run) throws InterruptedException {
            for (Map.Entry<String, String> e : hosts.entrySet()) {
                NodeRead r = run.probe().read(e.getKey(), e.getValue(), res);
                if (!r.reachable()) {
                    return e.getKey() + " cannot be read (" + r.error() + ").";
                }
                if (r.resyncRuns() || !r.devices().stream().map(DeviceState::disk).allMatch(d -> d.is(
                        DiskState.UP_TO_DATE))) {
                    return e.getKey() + " is " + r.diskText() + (r.resyncRuns() ? " and a resync runs" : "") + ".";
                }
                for (Map.Entry<String, String> o : hosts.entrySet()) {
                    if (!o.getKey().equals(e.getKey()) && !r.connectedTo(o.getValue())) {
                        return e.getKey() + " is not connected to " + o.getKey() + " (" + r.connectionText(
                                o.getValue()) + ").";
                    }
                }
            }
            return null;
        }

        /** What resyncs still (a node and its state), or null when every node is UpToDate and nothing resyncs. */
        private String resyncLeft(Run run) throws InterruptedException {
            for (Map.Entry<String, String> e : hosts.entrySet()) {
                NodeRead r = run.probe().read(e.getKey(), e.getValue(), res);
                if (!r.reachable()) {
                    return e.getKey() + " cannot be read";
                }
                if (r.resyncRuns() || !r.devices().stream().map(DeviceState::disk).allMatch(d -> d.is(
                        DiskState.UP_TO_DATE))) {
                    return e.getKey() + " " + r.diskText() + ", " + r.outOfSyncKiB() / 1024 + " MiB out of sync";
                }
            }
            return null;
        }

        @Override
        public Step undo() {
            return null;
        }
    }

    /**
     * The filesystem on the Primary grows to its device, online. Before: it is still mounted there with the same type;
     * after: {@code df} shows it larger. A failure leaves DRBD grown and the filesystem as it was: the command is left
     * to the operator.
     */
    static final class GrowFs extends Step {
        private final ResizeChecks.Filesystem fs;

        GrowFs(String node, ResizeChecks.Filesystem fs) {
            super(node);
            this.fs = fs;
        }

        @Override
        public String title() {
            return "Grow the " + fs.type() + " filesystem on " + fs.mountPoint() + " (" + node() + ")";
        }

        @Override
        public String conditions() {
            return "before: " + fs.device() + " is mounted on " + fs.mountPoint() + " as " + fs.type() + "; after: df "
                    + "shows it larger";
        }

        @Override
        public List<RemoteCommand> commands() {
            return List.of(fs.command());
        }

        @Override
        public boolean pointOfNoReturn() {
            return true;
        }

        @Override
        public void execute(Run run) throws StepFailed, InterruptedException {
            List<Step.Cmd> finish = List.of(new Step.Cmd(node(), fs.command()));
            CommandResult mounts = run.query(node(), RemoteCommand.of("cat", "/proc/mounts"));
            boolean there = mounts.ok() && mounts.stdout().lines().map(l -> l.split("\\s+")).anyMatch(f -> f.length > 2
                    && f[0].equals(fs.device()) && f[1].equals(fs.mountPoint()) && f[2].equals(fs.type()));
            if (!there) {
                throw StepFailed.needsAPerson(fs.device() + " is not mounted on " + fs.mountPoint() + " as " + fs.type()
                        + " on " + node() + " any more" + (mounts.ok() ? "" : " (/proc/mounts: " + Probe.said(mounts)
                        + ")") + "; DRBD has grown, the filesystem was not touched.", "Grow it where it is mounted "
                        + "now.", finish);
            }
            Long before = fsSize(run);
            CommandResult r = run.exec(node(), fs.command());
            Long after = fsSize(run);
            if (!r.ok() || before == null || after == null || after <= before) {
                throw StepFailed.needsAPerson("The filesystem on " + fs.mountPoint() + " did not grow (" + (r.ok()
                        ? "df: " + ResizeChecks.human(before) + " before, " + ResizeChecks.human(after) + " after"
                        : said(r)) + "). DRBD has grown; the filesystem keeps its old size and its data.",
                        "Read what the tool said (and the kernel log: dmesg), then run it again. A small ext4 with "
                        + "1 KiB blocks may not grow online at all (the real kernel said 'No space left on device'): "
                        + "grow it unmounted (umount, e2fsck -f, resize2fs).", finish);
            }
            run.log("The filesystem on " + fs.mountPoint() + " grew from " + ResizeChecks.human(before) + " to "
                    + ResizeChecks.human(after) + ".");
        }

        /** What the tool said: its lines but resize2fs's version banner, which it prints first even on failure. */
        private static String said(CommandResult r) {
            List<String> lines = (r.stderr() + "\n" + r.stdout()).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.matches("resize2fs \\S+ \\(.*\\)")).toList();
            return "exit " + r.exitCode() + (lines.isEmpty() ? "" : ": " + String.join(" / ", lines));
        }

        private Long fsSize(Run run) throws InterruptedException {
            CommandResult df = run.query(node(), DrbdCommands.fsSize(fs.mountPoint()));
            List<String> lines = df.ok() ? df.stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).toList()
                    : List.of();
            try {
                return lines.size() == 2 ? Long.parseLong(lines.get(1)) : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }

        @Override
        public Step undo() {
            return null;
        }
    }
}
