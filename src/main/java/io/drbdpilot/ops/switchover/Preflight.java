// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.switchover;

import io.drbdpilot.drbd.config.ResourceConfig;
import io.drbdpilot.drbd.model.DeviceState;
import io.drbdpilot.cluster.TimeText;
import io.drbdpilot.ops.node.Futures;
import io.drbdpilot.ops.node.NodeRead;
import io.drbdpilot.ops.node.Owners;
import io.drbdpilot.ops.node.Probe;
import io.drbdpilot.ops.plan.Check;
import io.drbdpilot.ops.plan.PlanChecks;
import io.drbdpilot.ops.workload.UserSteps;
import io.drbdpilot.ssh.RemoteText;
import io.drbdpilot.ssh.SshException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The pre-flight checks of a switchover, read fresh from both nodes (in parallel), each PASS, WARN or BLOCK with a
 * plain reason and a remedy (docs/drbd-reference.md §f.3 step 1, §g).
 */
public final class Preflight {

    /**
     * What the checks found.
     *
     * @param sourceUsers what uses the device on the source, or null when it could not be read
     */
    public record Result(String source, String target, String sourceHost, String targetHost, NodeRead sourceRead,
            NodeRead targetRead, Probe.Users sourceUsers, List<Check> checks) implements PlanChecks {

        public Result {
            checks = List.copyOf(checks);
        }


        /** The device of volume 0 (for --mount), /dev/drbd0 style. */
        public String device() {
            NodeRead r = sourceRead.up() ? sourceRead : targetRead;
            return r.devices().stream().findFirst().map(DeviceState::devicePath).orElse("/dev/drbd0");
        }
    }

    /**
     * What was read on one node. A field that could not be read is null (or empty) with its error beside it: a read
     * that failed is never taken for a good answer.
     */
    private record NodeFacts(String host, NodeRead read, Optional<ResourceConfig> config, List<String> adjust,
            String adjustError, Owners.Ownership owner, Probe.Users users, String usersError, Boolean dual) {
    }

    private Preflight() {
    }

    /** Which node is Primary now, among these; null when none or more than one is. */
    public static String findSource(Probe probe, List<String> nodes, String res) throws InterruptedException {
        List<String> primaries = new ArrayList<>();
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<NodeRead>> reads = new ArrayList<>();
            for (String n : nodes) {
                reads.add(ex.submit(() -> probe.read(n, n, res)));
            }
            for (Future<NodeRead> f : reads) {
                NodeRead r = Futures.value(f);
                if (r.isPrimary()) {
                    primaries.add(r.node());
                }
            }
        }
        return primaries.size() == 1 ? primaries.get(0) : null;
    }

    public static Result run(Probe probe, SwitchoverRequest req, String source) throws InterruptedException {
        String res = req.resource();
        String target = req.target();
        NodeFacts s;
        NodeFacts t;
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<NodeFacts> fs = ex.submit(() -> facts(ex, probe, source, res, target, true));
            Future<NodeFacts> ft = ex.submit(() -> facts(ex, probe, target, res, target, false));
            s = Futures.value(fs);
            t = Futures.value(ft);
        }
        List<Check> checks = new ArrayList<>();
        evaluate(req, source, s, t, checks);
        return new Result(source, target, s.host, t.host, s.read, t.read, s.users, checks);
    }

    /** Everything about one node, read in parallel: one wave of commands, then the ones that need the device. */
    private static NodeFacts facts(ExecutorService ex, Probe probe, String node, String res, String target,
            boolean isSource) throws InterruptedException {
        Future<String> host = ex.submit(() -> probe.hostName(node));
        Future<NodeRead> read = ex.submit(() -> probe.read(node, node, res));
        Future<Optional<ResourceConfig>> config = ex.submit(() -> probe.config(node, res));
        Future<List<String>> adjust = ex.submit(() -> probe.adjustPlan(node, res));
        Future<Owners.Ownership> owner = ex.submit(() -> Owners.manager(probe, node, res, target));
        Future<Probe.Users> users = isSource ? ex.submit(() -> probe.users(node, read.get())) : null;
        Future<Boolean> dual = ex.submit(() -> probe.dualPrimary(node, res));
        NodeRead r = Futures.value(read);
        String h;
        try {
            h = Futures.join(host);
        } catch (SshException e) {
            return new NodeFacts(node, new NodeRead(node, node, null, e.getMessage(), probe.access().clock().instant()),
                    Optional.empty(), List.of(), e.getMessage(), new Owners.Ownership(null, e.getMessage()), null,
                    e.getMessage(), null);
        }
        r = new NodeRead(node, h, r.state(), r.error(), r.at());
        Optional<ResourceConfig> cfg;
        try {
            cfg = Futures.join(config);
        } catch (SshException e) {
            cfg = Optional.empty(); // said by the configuration check: dump-xml failed there
        }
        List<String> adj = List.of();
        String adjErr = null;
        try {
            adj = Futures.join(adjust);
        } catch (SshException e) {
            adjErr = e.getMessage();
        }
        Owners.Ownership own;
        try {
            own = Futures.join(owner);
        } catch (SshException e) {
            own = new Owners.Ownership(null, "the cluster managers on " + node + " could not be asked: "
                    + e.getMessage());
        }
        Optional<Owners.Owner> linstor = Owners.linstor(cfg);
        if (own.owner() == null && linstor.isPresent()) {
            own = new Owners.Ownership(linstor.get(), null);
        }
        Probe.Users u = null;
        String usersErr = null;
        if (users != null && r.up()) {
            try {
                u = Futures.join(users);
            } catch (SshException e) {
                usersErr = e.getMessage();
            }
        }
        return new NodeFacts(h, r, cfg, adj, adjErr, own, u, usersErr, Futures.value(dual));
    }

    private static void evaluate(SwitchoverRequest req, String source, NodeFacts s, NodeFacts t, List<Check> out) {
        String res = req.resource();
        String target = req.target();
        // reachable and fresh
        List<String> down = new ArrayList<>();
        if (!s.read.reachable()) {
            down.add(source + " (" + s.read.error() + ")");
        }
        if (!t.read.reachable()) {
            down.add(target + " (" + t.read.error() + ")");
        }
        if (!down.isEmpty()) {
            out.add(Check.block("reachable", "Both nodes reachable", "Cannot read " + String.join(" and ", down) + ".",
                    "Check the node and the SSH link; nothing can be verified on a node that does not answer."));
            return;
        }
        out.add(Check.pass("reachable", "Both nodes reachable", "Both answered just now (read at "
                + TimeText.clock(s.read.at()) + ")."));
        if (!s.read.up() || !t.read.up()) {
            String where = !s.read.up() ? source : target;
            out.add(Check.block("up", "Resource up on both nodes", res + " is not up on " + where + ".",
                    "Bring it up there: drbdadm up " + res + "."));
            return;
        }
        NodeRead sr = s.read;
        NodeRead tr = t.read;
        // roles
        if (!sr.isPrimary()) {
            out.add(Check.block("source-primary", "Source is Primary", source + " is " + sr.role().drbdName()
                    + ", not Primary: there is no Primary role to move.", "To promote " + target + " when nobody "
                    + "is Primary, use drbdadm primary " + res + " on it after checking it is UpToDate."));
        } else {
            out.add(Check.pass("source-primary", "Source is Primary", source + " is Primary."));
        }
        if (tr.isPrimary()) {
            out.add(Check.block("target-secondary", "Target is not Primary", target + " is Primary already"
                    + (sr.isPrimary() ? ", and so is " + source + ": dual-primary. Finish or undo the migration first."
                            : "."), "Nothing to do, or demote " + target + " first."));
        } else {
            out.add(Check.pass("target-secondary", "Target is not Primary", target + " is "
                    + tr.role().drbdName() + "."));
        }
        // connected, both ways
        if (sr.connectedTo(t.host) && tr.connectedTo(s.host)) {
            out.add(Check.pass("connected", "Connected", "Both sides report the connection Connected"
                    + (sr.state().connections().size() > 1 || !sr.connectionTo(t.host).get().name().equals("peer")
                            ? " and every volume Established." : ".")));
        } else {
            out.add(Check.block("connected", "Connected", source + " says " + sr.connectionText(t.host) + "; "
                    + target + " says " + tr.connectionText(s.host) + ".", "Reconnect first (drbdadm connect " + res
                    + " on the side that is StandAlone). If both are StandAlone after a split brain, resolve that "
                    + "first: a switchover needs both sides in sync."));
        }
        // UpToDate, as each side sees itself and its peer
        List<String> bad = new ArrayList<>();
        if (!sr.diskUpToDate()) {
            bad.add(source + " has " + sr.diskText());
        }
        if (!tr.diskUpToDate()) {
            bad.add(target + " has " + tr.diskText());
        }
        if (!sr.peerDiskUpToDate(t.host)) {
            bad.add(source + " sees " + target + " as " + sr.peerDiskText(t.host));
        }
        if (!tr.peerDiskUpToDate(s.host)) {
            bad.add(target + " sees " + source + " as " + tr.peerDiskText(s.host));
        }
        out.add(bad.isEmpty() ? Check.pass("uptodate", "UpToDate on both sides", "Both disks UpToDate, as each side "
                + "sees itself and its peer.") : Check.block("uptodate", "UpToDate on both sides",
                String.join("; ", bad) + ".", "Wait until both are UpToDate (a resync may be running). Never promote "
                + "a node whose data is not UpToDate: that is a disaster takeover, not a switchover."));
        // resync, verify, out of sync
        // only the pair that switches matters: blocks a third node lacks are its own resync's business
        long oos = sr.outOfSyncKiB(t.host) + tr.outOfSyncKiB(s.host);
        boolean named = !sr.connectionTo(t.host).map(c -> "peer".equals(c.name())).orElse(true);
        if (sr.resyncRuns() || tr.resyncRuns()) {
            out.add(Check.block("resync", "No resync or verify", "A resync or online verify is running.",
                    "Wait for it to finish; the checks re-run when the state changes."));
        } else if (oos > 0) {
            out.add(Check.block("resync", "No resync or verify", oos + " KiB are out of sync between " + source
                    + " and " + target + ".", "Let DRBD resync them first: on " + source + ", drbdadm disconnect "
                    + res + (named ? ":" + t.host : "") + "; drbdadm connect " + res + (named ? ":" + t.host : "")
                    + " (that one connection only)."));
        } else {
            out.add(Check.pass("resync", "No resync or verify", "No resync running; nothing out of sync between "
                    + source + " and " + target + "."));
        }
        List<String> elsewhere = new ArrayList<>();
        for (NodeRead side : List.of(sr, tr)) {
            String other = side == sr ? t.host : s.host;
            side.outOfSyncElsewhere(other).forEach((peer, kib) -> elsewhere.add(kib + " KiB between " + side.node()
                    + " and " + peer + " (on " + side.node() + ": drbdadm disconnect " + res + ":" + peer
                    + "; drbdadm connect " + res + ":" + peer + ")"));
        }
        if (!elsewhere.isEmpty()) {
            out.add(Check.warn("oos-elsewhere", "Other peers in sync", "Out of sync with a third node: "
                    + String.join("; ", elsewhere) + ". The switchover does not need it, but that node lacks those "
                    + "blocks until they are resynced.", "Reconnect that one connection, as shown; never a plain "
                    + "disconnect of " + res + ", which drops every peer of a Primary."));
        }
        // I/O, quorum
        List<String> io = new ArrayList<>();
        for (NodeRead r : List.of(sr, tr)) {
            if (r.state().isSuspended()) {
                io.add(r.node() + " has I/O suspended (" + String.join(",", r.state().suspended()) + ")");
            }
            if (Boolean.TRUE.equals(r.state().forceIoFailures())) {
                io.add(r.node() + " forces I/O failures (force-io-failures:yes)");
            }
            if (r.quorumLost()) {
                io.add(r.node() + " has no quorum");
            }
        }
        out.add(io.isEmpty() ? Check.pass("io", "I/O and quorum", "I/O is not suspended"
                + (sr.devices().stream().anyMatch(d -> d.quorum() != null) ? " and quorum is held." : "."))
                : Check.block("io", "I/O and quorum", String.join("; ", io) + ".", "Fix that first: reconnect the "
                        + "peers for quorum; resume-io or down/up for suspended or failed I/O."));
        // users of the device on the source
        users(req, source, s.users, s.usersError, out);
        // owners: one that owns it blocks; one installed that could not be asked blocks too (it may own it)
        Owners.Owner o = s.owner.owner() != null ? s.owner.owner() : t.owner.owner();
        List<String> unknown = new ArrayList<>();
        if (s.owner.unknown() != null) {
            unknown.add(s.owner.unknown());
        }
        if (t.owner.unknown() != null) {
            unknown.add(t.owner.unknown());
        }
        if (o != null) {
            out.add(Check.block("owner", "Not owned by a cluster manager", o.manager() + " owns " + res + ": "
                    + o.detail() + ". A manual role change would fight it.", "Move it the way " + o.manager()
                    + " does: " + o.command()));
        } else if (!unknown.isEmpty()) {
            out.add(Check.block("owner", "Not owned by a cluster manager", String.join("; ", unknown) + ". It may "
                    + "manage " + res + ", and a manual role change would fight it.", "Ask it by hand (crm_mon -1, "
                    + "pcs status, drbd-reactorctl status). If it manages " + res + ", move it with its own tools. If "
                    + "it does not, start it so it can answer, or remove what is left of it from the node."));
        } else {
            out.add(Check.pass("owner", "Not owned by a cluster manager", "No Pacemaker resource, drbd-reactor "
                    + "promoter or LINSTOR configuration manages " + res + "."));
        }
        // configuration
        config(res, source, target, s, t, out);
    }

    private static void users(SwitchoverRequest req, String source, Probe.Users u, String error, List<Check> out) {
        if (u == null || !u.complete()) {
            String why = u == null ? (error == null ? "" : " (" + error + ")") : ": " + String.join("; ", u.unknown());
            String seen = u == null || u.describe().equals("nobody") ? "" : " What was seen: " + u.describe() + ".";
            out.add(Check.warn("users", "Users of the device on " + source, "They could not all be listed" + why
                    + "." + seen + " Something may still hold the device; DRBD then refuses the demote (-12) and the "
                    + "plan stops before anything changes.", "Check by hand on " + source + ": lsof -n " + String.join(
                    " ", u == null ? List.of("/dev/drbdN") : u.mounts().stream().map(Probe.Mount::device).toList())
                    + "; fuser -vm on each mount; ls /sys/block/drbdN/holders."));
            return;
        }
        if (u.none()) {
            out.add(Check.pass("users", "Users of the device on " + source, "Nothing uses the device."));
            return;
        }
        List<String> uncovered = new ArrayList<>();
        u.mounts().stream().filter(m -> !req.umount().contains(m.path()))
                .forEach(m -> uncovered.add(m.device() + " is mounted on " + m.path()));
        u.vms().stream().filter(v -> !u.covers(v, req.shutdownVms())).forEach(v -> uncovered.add("VM " + v
                + " runs on it"));
        boolean stopsSomething = !req.stopUnits().isEmpty() || !req.umount().isEmpty() || !req.shutdownVms().isEmpty();
        if (uncovered.isEmpty() && (u.processes().isEmpty() && u.holders().isEmpty() || stopsSomething)) {
            out.add(Check.pass("users", "Users of the device on " + source, "In use by: " + u.describe()
                    + ". The steps you chose stop them before the demote."));
            return;
        }
        out.add(Check.warn("users", "Users of the device on " + source, "In use by: " + u.describe() + ". DRBD will "
                + "refuse the demote (-12, device held open) while anything holds it; the switchover then stops "
                + "and nothing changes.", "Choose the steps that stop them: " + UserSteps.stopOptions(u) + "."));
    }

    private static void config(String res, String source, String target, NodeFacts s, NodeFacts t, List<Check> out) {
        List<String> diffs = new ArrayList<>();
        if (s.config.isEmpty() || t.config.isEmpty()) {
            diffs.add("drbdadm dump-xml " + res + " failed on " + (s.config.isEmpty() ? source : target));
        } else {
            ResourceConfig a = s.config.get();
            ResourceConfig b = t.config.get();
            for (String section : union(a.sections(), b.sections())) {
                Map<String, String> x = a.sections().getOrDefault(section, Map.of());
                Map<String, String> y = b.sections().getOrDefault(section, Map.of());
                for (String k : union(x, y)) {
                    if (!Objects.equals(x.get(k), y.get(k))) {
                        boolean secret = k.toLowerCase(Locale.ROOT).matches(".*(secret|password|passwd).*");
                        diffs.add(section + " " + k + ": " + (secret ? "(differs; not shown)" : x.getOrDefault(k,
                                "(unset)") + " on " + source + ", " + y.getOrDefault(k, "(unset)") + " on "
                                + target));
                    }
                }
            }
            if (!a.hosts().equals(b.hosts())) {
                diffs.add("the host sections differ");
            }
        }
        s.adjust.forEach(l -> diffs.add("on " + source + " the running state differs from the file: adjust would run "
                + RemoteText.maskSecrets(l)));
        t.adjust.forEach(l -> diffs.add("on " + target + " the running state differs from the file: adjust would run "
                + RemoteText.maskSecrets(l)));
        for (NodeFacts f : List.of(s, t)) {
            if (f.adjustError != null) {
                diffs.add("whether " + f.read.node() + " runs its file as written is not known: " + f.adjustError);
            }
        }
        out.add(diffs.isEmpty() ? Check.pass("config", "Same configuration on both nodes", "The configuration is the "
                + "same on both nodes, and both run it as written (drbdadm -d adjust is empty).")
                : Check.warn("config", "Same configuration on both nodes", String.join("; ", diffs) + ".",
                        "Copy the same /etc/drbd.d files to both nodes and run drbdadm adjust " + res + " on each."));
        boolean dual = s.config.map(ResourceConfig::allowTwoPrimaries).orElse(false)
                || t.config.map(ResourceConfig::allowTwoPrimaries).orElse(false)
                || Boolean.TRUE.equals(s.dual) || Boolean.TRUE.equals(t.dual);
        List<String> unread = new ArrayList<>();
        if (s.dual == null) {
            unread.add(source);
        }
        if (t.dual == null) {
            unread.add(target);
        }
        if (!dual && !unread.isEmpty()) {
            out.add(Check.warn("dual-primary", "allow-two-primaries", "The running allow-two-primaries could not be "
                    + "read on " + String.join(" and ", unread) + " (drbdsetup show failed). If it is on, DRBD would let "
                    + "both nodes be Primary, and a link cut then is split brain.", "Check by hand: drbdsetup show "
                    + "--show-defaults " + res + " | grep allow-two-primaries, on " + String.join(" and ", unread)
                    + "."));
            return;
        }
        out.add(dual ? Check.warn("dual-primary", "allow-two-primaries", "allow-two-primaries is on (in the "
                + "configuration or at runtime). The switchover does not need it; while it is on, DRBD would let both "
                + "nodes be Primary, and a link cut then is split brain.", "Turn it off unless a live migration is "
                + "running: drbdadm net-options --allow-two-primaries=no " + res + " on both nodes.")
                : Check.pass("dual-primary", "allow-two-primaries", "Off: DRBD refuses a second Primary."));
    }

    private static List<String> union(Map<String, ?> a, Map<String, ?> b) {
        TreeSet<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        return List.copyOf(keys);
    }
}
