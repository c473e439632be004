// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.migration;

import io.drbdpilot.drbd.config.ResourceConfig;
import io.drbdpilot.ops.node.Futures;
import io.drbdpilot.ops.node.Probe;
import io.drbdpilot.ops.node.WorkloadCommands;
import io.drbdpilot.ops.plan.Check;
import io.drbdpilot.ops.plan.PlanChecks;
import io.drbdpilot.ops.switchover.Preflight;
import io.drbdpilot.ops.switchover.SwitchoverRequest;
import io.drbdpilot.ops.workload.Workload;
import io.drbdpilot.ssh.CommandResult;
import io.drbdpilot.ssh.RemoteText;
import io.drbdpilot.ssh.SshException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The pre-flight checks of a migration: the switchover's checks for every resource of the workload (Connected,
 * UpToDate, no resync, no cluster manager, same configuration), read fresh and in parallel, and the migration's own:
 * the workload runs on the source, the target can run it, and (live) protocol C and a working migration transport.
 */
public final class MigrationChecks {

    /**
     * What the checks found.
     *
     * @param definedOnTarget a libvirt domain is defined on the target already (else its definition is carried)
     * @param sourceSystemd   the source runs systemd (else its services are SysV init scripts)
     */
    public record Result(Workload workload, Migration.Mode mode, String source, String target, String sourceHost,
            String targetHost, Map<String, Preflight.Result> resources, List<Check> checks, boolean definedOnTarget,
            boolean sourceSystemd, boolean targetSystemd) implements PlanChecks {

        public Result {
            resources = Collections.unmodifiableMap(new LinkedHashMap<>(resources));
            checks = List.copyOf(checks);
        }

    }

    private MigrationChecks() {
    }

    static Result run(Probe probe, Workload w, String target, Migration.Mode mode) throws InterruptedException {
        String source = w.node();
        Map<String, Preflight.Result> per = new LinkedHashMap<>();
        List<Check> checks = new ArrayList<>();
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<String, Future<Preflight.Result>> pf = new LinkedHashMap<>();
            for (String res : w.resources()) {
                pf.put(res, ex.submit(() -> Preflight.run(probe, request(w, res, target), source)));
            }
            Future<String> th = ex.submit(() -> probe.hostName(target));
            Future<Boolean> sd = ex.submit(() -> probe.run(source, WorkloadCommands.systemdRuns()).ok());
            Future<Boolean> td = ex.submit(() -> probe.run(target, WorkloadCommands.systemdRuns()).ok());
            String targetHost;
            String unreachable = target + " did not answer.";
            try {
                targetHost = Futures.join(th);
            } catch (SshException e) {
                targetHost = null;
                unreachable = RemoteText.line(e.getMessage(), 300);
            }
            Extra extra = targetHost == null ? null : extra(ex, probe, w, target, targetHost, mode);
            for (Map.Entry<String, Preflight.Result> e : pfResults(pf).entrySet()) {
                per.put(e.getKey(), e.getValue());
                for (Check c : e.getValue().checks()) {
                    checks.add(adapt(w, mode, e.getKey(), c));
                }
            }
            Preflight.Result first = per.values().iterator().next();
            if (extra != null) {
                checks.addAll(extra.checks);
            } else {
                checks.add(Check.block("target-reachable", "Target reachable", unreachable,
                        "Check the node and the SSH link."));
            }
            Boolean s = value(sd);
            Boolean t = value(td);
            if (w.kind() == Workload.Kind.SERVICE && !w.units().isEmpty() && (s == null || t == null)) {
                checks.add(Check.block("init", "Init system known", "Whether " + (s == null ? source : target)
                        + " runs systemd or SysV init scripts could not be read, so the units cannot be stopped and "
                        + "started the right way.", "Check the SSH link to both nodes and try again."));
            }
            return new Result(w, mode, source, target, first.sourceHost(), targetHost == null ? target : targetHost,
                    per, checks, extra != null && extra.defined, !Boolean.FALSE.equals(s), !Boolean.FALSE.equals(t));
        }
    }

    private static Map<String, Preflight.Result> pfResults(Map<String, Future<Preflight.Result>> pf)
            throws InterruptedException {
        Map<String, Preflight.Result> out = new LinkedHashMap<>();
        for (Map.Entry<String, Future<Preflight.Result>> e : pf.entrySet()) {
            out.put(e.getKey(), Futures.value(e.getValue()));
        }
        return out;
    }

    /** The answer, or null when the node could not be asked. */
    private static Boolean value(Future<Boolean> f) throws InterruptedException {
        try {
            return Futures.join(f);
        } catch (SshException e) {
            return null;
        }
    }

    /** The switchover request whose checks fit this workload: its users are the ones the migration stops or moves. */
    static SwitchoverRequest request(Workload w, String res, String target) {
        List<String> umount = w.mounts().stream().map(Probe.Mount::path).toList();
        return new SwitchoverRequest(res, target, w.node(), w.isVm() ? List.of() : umount,
                w.isVm() ? List.of() : w.units(), w.isVm() ? List.of(w.ref()) : List.of(), List.of(), List.of(),
                List.of());
    }

    /** A resource's check, named for the resource; the users check said the way a migration treats them. */
    private static Check adapt(Workload w, Migration.Mode mode, String res, Check c) {
        String reason = c.reason();
        if (c.id().equals("users") && c.status() == Check.Status.PASS && mode == Migration.Mode.LIVE) {
            reason = reason.replace("The steps you chose stop them before the demote.", "The VM moves live: DRBD "
                    + "lets both nodes open the device while the dual-primary window is open.");
        } else if (c.id().equals("users") && c.status() == Check.Status.PASS) {
            reason = reason.replace("The steps you chose stop them", "The migration stops them");
        }
        if (c.id().equals("dual-primary") && mode == Migration.Mode.LIVE && c.status() == Check.Status.PASS) {
            reason = "Off now. The migration turns it on at runtime for the window, and off again at the end.";
        }
        return new Check(res + "/" + c.id(), res + ": " + c.title(), c.status(), reason, c.remedy());
    }

    private record Extra(List<Check> checks, boolean defined) {
    }

    private static Extra extra(ExecutorService ex, Probe probe, Workload w, String target, String targetHost,
            Migration.Mode mode) throws InterruptedException {
        String source = w.node();
        List<Check> out = new ArrayList<>();
        boolean live = mode == Migration.Mode.LIVE;
        boolean defined = false;
        try {
            if (w.isVm()) {
                boolean xen = w.kind() == Workload.Kind.XEN;
                Future<CommandResult> here = ex.submit(() -> probe.run(source, xen ? WorkloadCommands.xlList(w.name())
                        : WorkloadCommands.domstate(w.ref())));
                Future<CommandResult> there = ex.submit(() -> probe.run(target, xen
                        ? WorkloadCommands.xlList(w.name()) : WorkloadCommands.domstate(w.ref())));
                Future<CommandResult> cfg = xen && !live ? ex.submit(() -> probe.run(target,
                        WorkloadCommands.fileExists(WorkloadCommands.xlConfig(w.name())))) : null;
                Future<CommandResult> transport = live ? ex.submit(() -> probe.run(source, xen
                        ? WorkloadCommands.sshCheck(targetHost) : WorkloadCommands.remoteUri(targetHost))) : null;
                CommandResult h = Futures.join(here);
                boolean runsHere = xen ? h.ok() : h.ok() && h.stdout().strip().equals("running");
                if (live && !runsHere) {
                    out.add(Check.block("vm-running", w.name() + " runs on " + source, w.name() + " does not run on "
                            + source + (h.ok() ? " (" + h.stdout().strip() + ")" : "") + ": only a running VM moves "
                            + "live.", "Use a cold migration (--cold): it moves the disks and starts the VM on "
                            + target + "."));
                } else {
                    out.add(Check.pass("vm-running", w.name() + " runs on " + source, runsHere ? w.name()
                            + " runs on " + source + "." : w.name() + " is shut off: it moves, and stays shut off."));
                }
                CommandResult t = Futures.join(there);
                boolean runsThere = xen ? t.ok() : t.ok() && t.stdout().strip().equals("running");
                defined = !xen && t.ok();
                // libvirt says "failed to get domain" for a domain it does not know; anything else is no answer
                boolean unanswered = !xen && !t.ok() && !t.stderr().contains("failed to get domain");
                boolean sourceUnanswered = !xen && !h.ok();
                if (unanswered || sourceUnanswered) {
                    CommandResult bad = unanswered ? t : h;
                    out.add(Check.block("libvirt", "libvirt answers on both nodes", "virsh domstate " + w.name()
                            + " failed on " + (unanswered ? target : source) + " (" + Probe.said(bad) + "): where "
                            + w.name() + " is defined and runs is not known.", "Check libvirtd there (systemctl "
                            + "status libvirtd; virsh list --all) and try again."));
                }
                if (runsThere) {
                    out.add(Check.block("target-free", "Target can run " + w.name(), w.name() + " runs on " + target
                            + " already: it would run twice.", "Find out which copy is the real one; stop the other "
                            + "(virsh destroy). Never let a VM run on both nodes."));
                } else if (xen && cfg != null && !Futures.join(cfg).ok()) {
                    out.add(Check.block("target-free", "Target can run " + w.name(), WorkloadCommands.xlConfig(
                            w.name()) + " is missing on " + target + ": xl create needs it there.", "Copy it from "
                            + source + " to " + target + "."));
                } else {
                    out.add(Check.pass("target-free", "Target can run " + w.name(), xen ? "xl migrate carries the "
                            + "domain; it does not run on " + target + "." : defined ? w.name() + " is defined on "
                            + target + " (" + t.stdout().strip() + ")." : w.name() + " is not defined on " + target
                            + ": its definition moves with it (" + (live ? "--persistent --undefinesource" : "virsh "
                            + "migrate --offline") + ")."));
                }
                if (transport != null) {
                    CommandResult tr = Futures.join(transport);
                    String how = xen ? "ssh root@" + targetHost : "virsh -c " + WorkloadCommands.uri(targetHost);
                    out.add(tr.ok() ? Check.pass("transport", "Migration transport", how + " works from " + source
                            + ".") : Check.block("transport", "Migration transport", how + " fails on " + source
                            + ": " + (tr.stderr() + tr.stdout()).strip(), "The migration runs from " + source + " to "
                            + targetHost + " over SSH as root: install root's key from " + source + " on " + target
                            + " (ssh-copy-id), accept the host key once, and check that " + targetHost
                            + " resolves to " + target + "."));
                }
            }
            if (live) {
                for (String res : w.resources()) {
                    Future<Optional<ResourceConfig>> a = ex.submit(() -> probe.config(source, res));
                    Future<Optional<ResourceConfig>> b = ex.submit(() -> probe.config(target, res));
                    String pa = Futures.join(a).map(ResourceConfig::protocol).orElse("?");
                    String pb = Futures.join(b).map(ResourceConfig::protocol).orElse("?");
                    out.add(pa.equals("C") && pb.equals("C") ? Check.pass(res + "/protocol", res + ": protocol C",
                            "Protocol C on both nodes: allow-two-primaries is possible.") : Check.block(res
                            + "/protocol", res + ": protocol C", "The protocol is " + pa + " on " + source + " and "
                            + pb + " on " + target + ". DRBD allows two Primaries only with protocol C (it refuses "
                            + "with 139, Protocol C required).", "Use a cold migration (--cold), or set protocol C for "
                            + res + " on both nodes and run drbdadm adjust " + res + "."));
                }
            }
        } catch (SshException e) {
            out.add(Check.block("workload", "Workload readable", "The workload could not be read: " + e.getMessage(),
                    "Check the nodes and the SSH link."));
        }
        return new Extra(out, defined);
    }
}
