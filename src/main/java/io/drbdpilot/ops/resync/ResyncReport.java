// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.resync;

import io.drbdpilot.drbd.command.DrbdCommands;
import io.drbdpilot.drbd.config.Rates;
import io.drbdpilot.drbd.config.ResourceConfig;
import io.drbdpilot.drbd.model.ConnectionState;
import io.drbdpilot.drbd.model.DeviceState;
import io.drbdpilot.drbd.model.PeerDeviceState;
import io.drbdpilot.drbd.model.ReplicationState;
import io.drbdpilot.drbd.model.ResourceState;
import io.drbdpilot.drbd.model.ResyncProgress;
import io.drbdpilot.drbd.parse.ParseException;
import io.drbdpilot.drbd.parse.ProcDevice;
import io.drbdpilot.drbd.parse.ProcDrbd;
import io.drbdpilot.drbd.parse.ProcDrbdParser;
import io.drbdpilot.ops.node.NodeRead;
import io.drbdpilot.ops.node.Probe;
import io.drbdpilot.ssh.CommandResult;
import io.drbdpilot.ssh.SshException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The resyncs of one resource as its nodes report them now: per node, peer and volume the direction, progress, speed,
 * the rate it wants, the time left and why it waits, in plain words; and per node the resync rate the kernel runs
 * against the one in the configuration files, so a temporary rate shows as temporary. On 8.4 the progress comes from
 * {@code /proc/drbd} (events2 has none, and 8.4's {@code drbdadm status} prints {@code done:100.00} during a verify).
 */
public record ResyncReport(String resource, boolean drbd9, List<Line> lines, List<Rate> rates, List<String> unread) {

    public ResyncReport {
        lines = List.copyOf(lines);
        rates = List.copyOf(rates);
        unread = List.copyOf(unread);
    }

    /**
     * One volume's resync between two nodes, as {@code node} sees it.
     *
     * @param state    the replication state ({@code SyncTarget}, {@code PausedSyncS}, ...)
     * @param pausedBy DRBD's reasons ({@code user}, {@code peer}, {@code dependency}, {@code max-parallel}); empty
     *                 when it runs
     */
    public record Line(String node, String peer, int volume, String state, boolean target, ResyncProgress progress,
            Long outOfSyncKiB, List<String> pausedBy) {

        public Line {
            pausedBy = List.copyOf(pausedBy);
        }

        public boolean paused() {
            return !pausedBy.isEmpty();
        }

        /** "beta ← alpha, volume 0: SyncTarget 37.5 %, 41.7 MiB left at 1.4 MiB/s (wants 4.0 MiB/s), about 29 s". */
        public String describe() {
            StringBuilder sb = new StringBuilder(node + (target ? " ← " : " → ") + peer + ", volume " + volume + ": "
                    + state);
            ResyncProgress p = progress;
            if (p != null && p.percent() != null) {
                sb.append(String.format(Locale.ROOT, " %.1f %%", p.percent()));
            }
            Long left = p != null && p.leftKiB() != null ? p.leftKiB() : outOfSyncKiB;
            if (left != null) {
                sb.append(", ").append(size(left)).append(" left");
            }
            if (p != null && p.speedKiBps() != null && !paused()) {
                sb.append(" at ").append(rate(p.speedKiBps()));
            }
            if (p != null && p.wantKiBps() != null) {
                sb.append(" (wants ").append(rate(p.wantKiBps())).append(')');
            }
            if (p != null && p.etaSeconds() != null && !paused() && p.speedKiBps() != null && p.speedKiBps() > 0) {
                sb.append(", about ").append(duration(p.etaSeconds()));
            }
            if (p != null && p.stalled()) {
                sb.append("; the kernel says it is stalled (no progress for 3 min)");
            }
            if (paused()) {
                sb.append("; paused: ").append(String.join("; ", pausedBy.stream().map(ResyncReport::why).toList()));
            }
            return sb.toString();
        }
    }

    /**
     * A node's resync rate: what the kernel runs and what the files say.
     *
     * @param runningKiBps    from {@code drbdsetup show}, null when it could not be read
     * @param configuredKiBps from the configuration files (DRBD's default 250 KiB/s when they set none), null when
     *                        unread
     * @param temporary       the kernel runs other disk options than the files ({@code drbdadm -d adjust} would change
     *                        them): a temporary rate is set
     */
    public record Rate(String node, Long runningKiBps, Long configuredKiBps, Long planAhead, boolean temporary) {

        public String describe() {
            return node + ": " + (runningKiBps == null ? "rate unknown" : rate(runningKiBps))
                    + (planAhead != null && planAhead > 0 ? " (dynamic controller, c-plan-ahead " + planAhead + ")"
                    : "") + (temporary ? ", temporary (the files say " + (configuredKiBps == null ? "?"
                    : rate(configuredKiBps)) + "; reset with drbd-pilot resync RES reset)" : "");
        }
    }

    /** The reason a resync waits, in words an operator acts on. */
    public static String why(String reason) {
        return switch (reason) {
            case "user" -> "by an admin on this node (drbdadm pause-sync); resume-sync lets it go on";
            case "peer" -> "on the peer (pause-sync there, or the peer waits for something)";
            case "dependency" -> "it waits for another resync to finish first (resync-after, or another peer's "
                    + "resync of the same data)";
            case "max-parallel" -> "it waits its turn: more resyncs run than max-parallel allows";
            default -> reason;
        };
    }

    /** The resyncs running or paused. */
    public boolean any() {
        return !lines.isEmpty();
    }

    /** Nodes that run a temporary rate now. */
    public List<String> temporaryOn() {
        return rates.stream().filter(Rate::temporary).map(Rate::node).toList();
    }

    /** Everything, in words: the resyncs (or that none runs), the rates, what could not be read. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        if (lines.isEmpty()) {
            sb.append("No resync runs on ").append(resource).append(".\n");
        }
        lines.forEach(l -> sb.append("  ").append(l.describe()).append('\n'));
        sb.append("Resync rate:\n");
        rates.forEach(r -> sb.append("  ").append(r.describe().replace("RES", resource)).append('\n'));
        unread.forEach(u -> sb.append("  Not read: ").append(u).append('\n'));
        return sb.toString();
    }

    static String rate(long kib) {
        return size(kib) + "/s";
    }

    static String size(long kib) {
        if (kib < 1024) {
            return kib + " KiB";
        }
        return kib < 1024 * 1024 ? String.format(Locale.ROOT, "%.1f MiB", kib / 1024.0)
                : String.format(Locale.ROOT, "%.2f GiB", kib / 1048576.0);
    }

    static String duration(long s) {
        return s < 90 ? s + " s" : s < 5400 ? Math.round(s / 60.0) + " min" : String.format(Locale.ROOT, "%.1f h",
                s / 3600.0);
    }

    private static final Pattern SHOW_RATE = Pattern.compile("\\bresync-rate\\s+(\\d+)k?\\s*;");
    private static final Pattern SHOW_PLAN = Pattern.compile("\\bc-plan-ahead\\s+(\\d+)\\s*;");

    /** A DRBD rate as written in a configuration file ({@code 40M}, {@code 250k}, {@code 4096}) in KiB/s. */
    public static Long kib(String value) {
        return Rates.kib(value);
    }

    /** Reads the resource on these nodes now. A node that cannot be read is listed in {@code unread}, never skipped. */
    public static ResyncReport read(Probe probe, String res, List<String> nodes) throws InterruptedException {
        List<Line> lines = new ArrayList<>();
        List<Rate> rates = new ArrayList<>();
        List<String> unread = new ArrayList<>();
        boolean drbd9 = false;
        Map<String, String> hosts = new java.util.LinkedHashMap<>();
        for (String n : nodes) {
            try {
                hosts.put(n, probe.hostName(n));
            } catch (SshException e) {
                unread.add(n + ": " + e.getMessage());
            }
        }
        for (Map.Entry<String, String> h : hosts.entrySet()) {
            String n = h.getKey();
            NodeRead read = probe.read(n, h.getValue(), res);
            if (!read.reachable()) {
                unread.add(n + ": " + read.error());
                continue;
            }
            ProcDrbd proc = null;
            try {
                CommandResult pr = probe.run(n, DrbdCommands.procDrbd());
                if (pr.ok()) {
                    drbd9 |= pr.stdout().startsWith("version: 9");
                    proc = drbd9 ? null : ProcDrbdParser.parse(pr.stdout()).value();
                }
            } catch (SshException | ParseException e) {
                proc = null; // the progress figures are missing then; the state is still known
            }
            if (read.up()) {
                lines.addAll(lines(n, read, proc, hosts));
            }
            rates.add(rate(probe, n, res, read.up()));
        }
        return new ResyncReport(res, drbd9, lines, rates, unread);
    }

    private static List<Line> lines(String node, NodeRead read, ProcDrbd proc, Map<String, String> hosts) {
        return linesOf(node, read.state(), proc, name -> hosts.entrySet().stream().filter(e -> e.getValue()
                .equals(name)).map(Map.Entry::getKey).findFirst().orElse(read.state().connections().size() == 1
                && hosts.size() == 2 ? hosts.keySet().stream().filter(k -> !k.equals(node)).findFirst().orElse(name)
                : name));
    }

    /**
     * The resyncs one node reports in a state already read (the monitor's snapshot, where 8.4's progress is merged
     * from /proc/drbd already).
     *
     * @param peerName the node a connection's name stands for (8.4 calls its one connection "peer")
     */
    public static List<Line> linesOf(String node, ResourceState state, ProcDrbd proc,
            java.util.function.UnaryOperator<String> peerName) {
        List<Line> out = new ArrayList<>();
        for (ConnectionState c : state.connections()) {
            String peer = peerName.apply(c.name());
            for (PeerDeviceState p : c.peerDevices()) {
                ReplicationState rs = p.replication().value();
                if (!rs.isResync()) {
                    continue;
                }
                ResyncProgress prog = p.resync();
                if ((prog == null || prog.percent() == null && prog.speedKiBps() == null) && proc != null) {
                    ResyncProgress events = prog;
                    Optional<DeviceState> d = state.device(p.volume());
                    prog = d.flatMap(dev -> proc.devices().stream().filter(x -> x.minor() == dev.minor()).findFirst())
                            .map(ProcDevice::progress).orElse(events); // 8.4: events2 carries no progress
                }
                String susp = p.resyncSuspended();
                List<String> by = susp == null || susp.equals("no") || susp.isBlank() ? List.of()
                        : Arrays.stream(susp.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList();
                if (by.isEmpty() && (rs == ReplicationState.PAUSED_SYNC_S || rs == ReplicationState.PAUSED_SYNC_T)) {
                    by = List.of("unknown reason");
                }
                boolean target = rs == ReplicationState.SYNC_TARGET || rs == ReplicationState.PAUSED_SYNC_T;
                out.add(new Line(node, peer, p.volume(), p.replication().raw(), target, prog, p.outOfSyncKiB(), by));
            }
        }
        return out;
    }

    private static Rate rate(Probe probe, String node, String res, boolean up) throws InterruptedException {
        Long running = null;
        Long plan = null;
        Long configured = null;
        boolean temporary = false;
        try {
            if (up) {
                CommandResult show = probe.run(node, DrbdCommands.showRunning(res));
                if (show.ok()) {
                    Matcher m = SHOW_RATE.matcher(show.stdout());
                    running = m.find() ? Long.parseLong(m.group(1)) : null;
                    Matcher pm = SHOW_PLAN.matcher(show.stdout());
                    plan = pm.find() ? Long.parseLong(pm.group(1)) : null;
                }
                temporary = probe.adjustPlan(node, res).stream().anyMatch(l -> l.contains(" disk-options ")
                        || l.contains(" peer-device-options "));
            }
            Optional<ResourceConfig> cfg = probe.config(node, res);
            configured = cfg.map(c -> kib(c.option("disk", "resync-rate").orElse("250k"))).orElse(null);
        } catch (SshException e) {
            return new Rate(node, running, configured, plan, temporary);
        }
        return new Rate(node, running, configured, plan, temporary);
    }
}
