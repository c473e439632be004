// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import io.drbdpilot.drbd.model.Role;
import io.drbdpilot.ops.SimAccess;
import io.drbdpilot.ops.plan.Check;
import io.drbdpilot.ops.plan.Decider;
import io.drbdpilot.ops.plan.Outcome;
import io.drbdpilot.ops.plan.PlanListener;
import io.drbdpilot.ops.plan.PlanResult;
import io.drbdpilot.ops.switchover.Switchover;
import io.drbdpilot.ops.switchover.SwitchoverRequest;
import io.drbdpilot.sim.SimCluster;
import io.drbdpilot.sim.SimResourceSpec;
import io.drbdpilot.sim.SimShell;
import io.drbdpilot.sim.SimState;
import io.drbdpilot.sim.SimVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A move handed to drbd-reactor on the simulated DRBD 9 mesh (r0 on alpha, beta and gamma with quorum, Primary on
 * alpha, the promoter preferring alpha then gamma and starting nfs-r0.service): the state and the preference told,
 * the evict followed to the peer that took over, --keep-masked and the unmask, and the refusals.
 */
class EvictTest {

    @TempDir
    Path dir;

    private static final List<String> NODES = List.of("alpha", "beta", "gamma");

    static SimCluster cluster() {
        SimCluster c = new SimCluster(SimVersion.V9, NODES, List.of(new SimResourceSpec("r0", NODES, List.of(),
                List.of(1000), List.of(1_048_576L), 7000, 'C', false, 40 * 1024, null, "majority")));
        c.promote("alpha", "r0", false);
        c.hosts().reactor("r0", List.of("alpha", "gamma"), List.of("nfs-r0.service"));
        return c;
    }

    private Evict evict(SimCluster c, boolean keepMasked) {
        return Evict.evict(new SimAccess(c), "r0", NODES, keepMasked, Evict.Options.defaults(dir.resolve(
                "audit.jsonl"), "alice@ws1"));
    }

    private static Check check(EvictChecks.Result c, String id) {
        return c.checks().stream().filter(k -> k.id().equals(id)).findFirst().orElseThrow();
    }

    private static String sh(SimCluster c, String node, String cmd) {
        SimShell.Result r = new SimShell(c, node, "root").run(cmd);
        return r.stdout() + r.stderr();
    }

    @Test
    void tellsTheStateAndPreferenceThenTheEvictEndsWithTheServicesOnThePreferredPeer() throws Exception {
        SimCluster c = cluster();
        Evict e = evict(c, false);
        EvictChecks.Result checked = e.check();
        assertThat(checked.blocked()).as(checked.checks().toString()).isFalse();
        assertThat(checked.active()).isEqualTo("alpha");
        assertThat(checked.expected()).as("gamma is the preferred peer").isEqualTo("gamma");
        assertThat(String.join("\n", checked.describe(NODES))).contains("it starts nfs-r0.service; active on alpha")
                .contains("It prefers alpha, then gamma").contains("gamma takes over when alpha lets go")
                .contains("alpha: drbd-reactor running; drbd-services@r0.target active; drbd-promote@r0.service "
                        + "active; nfs-r0.service active")
                .contains("beta: drbd-reactor running; drbd-services@r0.target inactive");
        assertThat(check(checked, "services").status()).as("alpha is preferred: it takes r0 back when it rejoins")
                .isEqualTo(Check.Status.WARN);
        assertThat(check(checked, "services").remedy()).contains("--keep-masked");
        assertThat(e.script(checked)).contains("drbd-reactorctl evict --delay 20 /etc/drbd-reactor.d/r0.toml");

        PlanResult r = e.execute(PlanListener.NONE, Decider.ABORT, checked);

        assertThat(r.outcome()).as(r.message() + r.steps()).isEqualTo(Outcome.DONE);
        assertThat(r.message()).contains("drbd-reactor moved r0 from alpha to gamma").contains("nfs-r0.service");
        assertThat(SimState.role(c, "gamma", "r0")).isEqualTo(Role.PRIMARY);
        assertThat(SimState.role(c, "alpha", "r0")).isEqualTo(Role.SECONDARY);
        assertThat(sh(c, "gamma", "systemctl is-active nfs-r0.service")).isEqualTo("active\n");
        assertThat(sh(c, "alpha", "systemctl is-enabled drbd-services@r0.target")).as("not masked").isEqualTo(
                "static\n");
        assertThat(Files.readString(dir.resolve("audit.jsonl"))).contains("\"kind\":\"reactor-evict\"");
    }

    @Test
    void keepMaskedLeavesTheOldNodeMaskedUntilTheUnmaskPlan() throws Exception {
        SimCluster c = cluster();
        Evict e = evict(c, true);
        EvictChecks.Result checked = e.check();
        assertThat(check(checked, "services").status()).isEqualTo(Check.Status.PASS);
        assertThat(e.script(checked)).contains("drbd-reactorctl evict --keep-masked --delay 20");
        PlanResult r = e.execute(PlanListener.NONE, Decider.ABORT, checked);
        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.DONE);
        assertThat(r.message()).contains("alpha stays masked").contains("drbd-pilot evict r0 --unmask --on alpha");
        assertThat(sh(c, "alpha", "systemctl is-enabled drbd-services@r0.target")).isEqualTo("masked-runtime\n");

        Evict again = evict(c, false);
        EvictChecks.Result blocked = again.check();
        assertThat(check(blocked, "takeover").status()).as("gamma runs it; alpha is masked, beta can")
                .isEqualTo(Check.Status.PASS);
        assertThat(check(blocked, "takeover").reason()).contains("not alpha (it is masked");

        Evict unmask = Evict.unmask(new SimAccess(c), "r0", NODES, "alpha", Evict.Options.defaults(null, "bob"));
        EvictChecks.Result u = unmask.check();
        assertThat(u.blocked()).as(u.checks().toString()).isFalse();
        PlanResult ru = unmask.execute(PlanListener.NONE, Decider.ABORT, u);
        assertThat(ru.outcome()).as(ru.message()).isEqualTo(Outcome.DONE);
        assertThat(sh(c, "alpha", "systemctl is-enabled drbd-services@r0.target")).isEqualTo("static\n");
        assertThat(SimState.role(c, "gamma", "r0")).as("gamma keeps it").isEqualTo(Role.PRIMARY);
        assertThat(Evict.unmask(new SimAccess(c), "r0", NODES, "alpha", Evict.Options.defaults(null, "bob")).check()
                .blocked()).as("nothing left to unmask").isTrue();
    }

    @Test
    void withNoPeerAbleToTakeOverItIsBlockedAndAPeerThatStopsAfterTheChecksEndsRolledBack() throws Exception {
        SimCluster c = cluster();
        c.hosts().reactorDaemon("beta", false);
        c.hosts().reactorDaemon("gamma", false);
        EvictChecks.Result blocked = evict(c, false).check();
        assertThat(check(blocked, "takeover").status()).isEqualTo(Check.Status.BLOCK);
        assertThat(check(blocked, "takeover").reason()).contains("gamma (it does not run drbd-reactor)")
                .contains("beta (it does not run drbd-reactor)");

        c.hosts().reactorDaemon("beta", true);
        c.hosts().reactorDaemon("gamma", true);
        Evict e = evict(c, false);
        EvictChecks.Result checked = e.check();
        assertThat(checked.blocked()).isFalse();
        c.hosts().reactorDaemon("beta", false); // both stop between the checks and the evict: nobody takes over
        c.hosts().reactorDaemon("gamma", false);
        PlanResult r = e.execute(PlanListener.NONE, Decider.ABORT, null);
        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.BLOCKED);

        Evict late = evict(c, false);
        c.hosts().reactorDaemon("beta", true);
        c.hosts().reactorDaemon("gamma", true);
        EvictChecks.Result ok = late.check();
        SimAccess a = new SimAccess(c);
        a.interceptor = (node, cmd) -> { // the peers' drbd-reactor stops just as the evict is sent
            if (cmd.argv().contains("evict")) {
                c.hosts().reactorDaemon("beta", false);
                c.hosts().reactorDaemon("gamma", false);
            }
            return null;
        };
        PlanResult rolled = Evict.evict(a, "r0", NODES, false, Evict.Options.defaults(null, "alice")).execute(
                PlanListener.NONE, Decider.ABORT, ok);
        assertThat(rolled.outcome()).as(rolled.message()).isEqualTo(Outcome.ROLLED_BACK);
        assertThat(rolled.message()).contains("No peer took over r0").contains("runs r0 on alpha again");
        assertThat(SimState.role(c, "alpha", "r0")).isEqualTo(Role.PRIMARY);
        assertThat(sh(c, "alpha", "systemctl is-active nfs-r0.service")).isEqualTo("active\n");
    }

    @Test
    void keepMaskedWithNobodyTakingOverIsHandedToAPersonWithTheUnmask() throws Exception {
        SimCluster c = cluster();
        SimAccess a = new SimAccess(c);
        Evict e = Evict.evict(a, "r0", NODES, true, Evict.Options.defaults(null, "alice"));
        EvictChecks.Result ok = e.check();
        a.interceptor = (node, cmd) -> {
            if (cmd.argv().contains("evict")) {
                c.hosts().reactorDaemon("beta", false);
                c.hosts().reactorDaemon("gamma", false);
            }
            return null;
        };
        PlanResult r = e.execute(PlanListener.NONE, Decider.ABORT, ok);
        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.MANUAL);
        assertThat(r.message()).contains("nobody is Primary");
        assertThat(r.manual()).anyMatch(l -> l.contains("drbd-reactorctl evict --unmask /etc/drbd-reactor.d/r0.toml"));
    }

    @Test
    void notManagedOrManagedByHandIsRefusedAndTheSwitchoverPointsHere() throws Exception {
        SimCluster c = cluster();
        assertThat(sh(c, "alpha", "systemctl stop nfs-r0.service")).isEmpty();
        EvictChecks.Result byHand = evict(c, false).check();
        assertThat(check(byHand, "active").status()).as("alpha Primary, but its target is down")
                .isEqualTo(Check.Status.BLOCK);

        SimCluster plain = new SimCluster(SimVersion.V9, NODES, List.of(new SimResourceSpec("r0", NODES, List.of(),
                List.of(1000), List.of(1_048_576L), 7000, 'C', false, 40 * 1024, null, "majority")));
        plain.promote("alpha", "r0", false);
        EvictChecks.Result none = evict(plain, false).check();
        assertThat(check(none, "managed").status()).isEqualTo(Check.Status.BLOCK);
        assertThat(check(none, "managed").remedy()).contains("drbd-pilot switchover r0");

        var sw = new Switchover(new SimAccess(cluster()), NODES, SwitchoverRequest.of("r0", "beta"),
                Switchover.Options.defaults(null, "alice"));
        var owner = sw.check().checks().stream().filter(k -> k.id().equals("owner")).findFirst().orElseThrow();
        assertThat(owner.status()).isEqualTo(Check.Status.BLOCK);
        assertThat(owner.remedy()).contains("drbd-pilot evict r0");
    }

    @Test
    void withDrbdReactor111TheStateComesFromStatusJsonAndTheMoveIsTheSame() throws Exception {
        SimCluster c = cluster();
        c.hosts().reactorJson(true);
        SimAccess a = new SimAccess(c);
        Evict e = Evict.evict(a, "r0", NODES, false, Evict.Options.defaults(null, "alice"));
        EvictChecks.Result checked = e.check();
        assertThat(checked.reactor().get("beta").active()).as("beta's drbd-reactorctl names alpha").isEqualTo(
                "alpha");
        assertThat(a.commandLog).anyMatch(l -> l.contains("drbd-reactorctl status --json /etc/drbd-reactor.d/r0.toml"));
        assertThat(sh(c, "beta", "drbd-reactorctl status --json /etc/drbd-reactor.d/r0.toml")).contains(
                "\"primary_on\":\"alpha\"");
        PlanResult r = e.execute(PlanListener.NONE, Decider.ABORT, checked);
        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.DONE);
        assertThat(ReactorState.read(new io.drbdpilot.ops.node.Probe(a), "alpha", "r0").active()).isEqualTo("gamma");
        c.hosts().reactorJson(false);
        assertThat(sh(c, "beta", "drbd-reactorctl status --json /etc/drbd-reactor.d/r0.toml")).as("before 1.11")
                .contains("wasn't expected");
        assertThat(ReactorState.read(new io.drbdpilot.ops.node.Probe(a), "alpha", "r0").active()).as("the text form")
                .isEqualTo("gamma");
    }

    @Test
    void aPeerWhoseDrbdReactorCouldPromoteItWhileItIsNotUpToDateBlocks() throws Exception {
        SimCluster c = cluster();
        assertThat(sh(c, "gamma", "drbdadm invalidate r0")).isEmpty(); // gamma resyncs from its peers
        EvictChecks.Result checked = evict(c, false).check();
        assertThat(check(checked, "notuptodate").status()).isEqualTo(Check.Status.BLOCK);
        assertThat(check(checked, "notuptodate").reason()).contains("gamma is not UpToDate (Inconsistent)").contains("never hands a "
                + "move to a node that is not UpToDate");
        assertThat(checked.expected()).as("gamma is preferred but cannot take over").isEqualTo("beta");
        // drbd-reactor's own order: an UpToDate peer's promoter wins before a preferred one that is not UpToDate
        assertThat(sh(c, "alpha", "drbd-reactorctl evict /etc/drbd-reactor.d/r0.toml")).contains("Node 'beta' took "
                + "over");
        assertThat(SimState.role(c, "gamma", "r0")).isEqualTo(Role.SECONDARY);
    }
}
