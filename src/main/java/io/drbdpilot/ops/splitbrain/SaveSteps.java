// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.splitbrain;

import io.drbdpilot.ops.plan.Run;
import io.drbdpilot.ops.plan.Step;
import io.drbdpilot.ops.plan.StepFailed;
import io.drbdpilot.ssh.CommandResult;
import io.drbdpilot.ssh.RemoteCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Saving the victim's data before a split-brain resolution discards it: a checked copy, or an LVM snapshot. */
final class SaveSteps {

    private SaveSteps() {
    }

    /** A copy of the victim's backing devices to a file on the victim, checked by size, before anything is discarded. */
    static final class SaveCopy extends Step {
        private final String res;
        private final List<String> backing;
        private final String toPath;

        SaveCopy(String node, String res, List<String> backing, String toPath) {
            super(node);
            this.res = res;
            this.backing = List.copyOf(backing);
            this.toPath = toPath;
        }

        private String file(int i) {
            return backing.size() == 1 ? toPath : toPath + "." + i;
        }

        @Override
        public String title() {
            return "Save " + node() + "'s data to " + toPath + " (" + res + ")";
        }

        @Override
        public String conditions() {
            return "before: " + node() + " Secondary (nothing writes); after: each copy as large as its device";
        }

        @Override
        public List<RemoteCommand> commands() {
            List<RemoteCommand> out = new ArrayList<>();
            for (int i = 0; i < backing.size(); i++) {
                out.add(RemoteCommand.root("dd", "if=" + backing.get(i), "of=" + file(i), "bs=1M", "conv=fsync",
                        "status=none"));
            }
            return out;
        }

        @Override
        public void execute(Run run) throws StepFailed, InterruptedException {
            for (int i = 0; i < backing.size(); i++) {
                CommandResult r = run.exec(node(), commands().get(i), Duration.ofHours(4));
                if (!r.ok()) {
                    throw new StepFailed("The copy of " + backing.get(i) + " to " + file(i) + " failed (exit "
                            + r.exitCode() + "): " + r.stderr().strip(), "Free space there or choose another path; "
                            + "nothing was discarded.");
                }
                CommandResult size = run.query(node(), RemoteCommand.root("blockdev", "--getsize64", backing.get(i)));
                CommandResult copy = run.query(node(), RemoteCommand.root("stat", "-c", "%s", file(i)));
                if (!size.ok() || !copy.ok() || !size.stdout().strip().equals(copy.stdout().strip())) {
                    throw new StepFailed("The copy " + file(i) + " is not as large as " + backing.get(i) + " ("
                            + copy.stdout().strip() + " vs " + size.stdout().strip() + " bytes).", "Check the disk "
                            + "that holds it; nothing was discarded.");
                }
                run.log("Saved " + backing.get(i) + " to " + file(i) + " on " + node() + " (" + size.stdout().strip()
                        + " bytes).");
            }
        }

        @Override
        public Step undo() {
            return null; // the copy stays: it is the operator's
        }
    }

    /** An LVM snapshot of each of the victim's backing volumes, before anything is discarded. */
    static final class Snapshot extends Step {
        private final String res;
        private final List<String> volumes;
        private final long stamp;

        Snapshot(String node, String res, List<String> volumes, long stamp) {
            super(node);
            this.res = res;
            this.volumes = List.copyOf(volumes);
            this.stamp = stamp;
        }

        private String name(String lv) {
            return lv.substring(lv.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9_.-]", "_") + "-before-discard-"
                    + stamp;
        }

        @Override
        public String title() {
            return "Snapshot " + node() + "'s volumes before the discard (" + res + ")";
        }

        @Override
        public String conditions() {
            return "after: an LVM snapshot of each backing volume exists";
        }

        @Override
        public List<RemoteCommand> commands() {
            return volumes.stream().map(lv -> RemoteCommand.root("lvcreate", "--snapshot", "--extents", "100%ORIGIN",
                    "--name", name(lv), lv)).toList();
        }

        @Override
        public void execute(Run run) throws StepFailed, InterruptedException {
            for (RemoteCommand c : commands()) {
                CommandResult r = run.exec(node(), c, Duration.ofMinutes(5));
                if (!r.ok()) {
                    throw new StepFailed("The snapshot failed (exit " + r.exitCode() + "): " + r.stderr().strip(),
                            "Free space in the volume group, or save a copy with --save-to; nothing was discarded.");
                }
            }
            run.log("Snapshots of " + String.join(", ", volumes) + " taken on " + node() + ".");
        }

        @Override
        public Step undo() {
            return null; // the snapshot stays: it is the operator's
        }
    }
}
