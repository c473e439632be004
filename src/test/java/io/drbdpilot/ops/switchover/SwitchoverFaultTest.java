// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.switchover;

import io.drbdpilot.ops.SimAccess;
import static org.assertj.core.api.Assertions.assertThat;

import io.drbdpilot.drbd.model.Role;
import io.drbdpilot.ops.plan.Decider;
import io.drbdpilot.ops.plan.Outcome;
import io.drbdpilot.ops.plan.PlanListener;
import io.drbdpilot.ops.plan.PlanResult;
import io.drbdpilot.ops.plan.ResourceLock;
import io.drbdpilot.ops.plan.StepRecord;
import io.drbdpilot.sim.SimCluster;
import io.drbdpilot.sim.SimShell;
import io.drbdpilot.sim.SimState;
import io.drbdpilot.ssh.CommandResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Faults injected at every step boundary of a switchover of r0 (alpha → beta, with a service and a filesystem). In
 * every case the cluster ends with exactly one Primary, or none with the commands left to run; beta is never promoted
 * unless UpToDate; there are never two Primaries; dual-primary is never turned on.
 */
class SwitchoverFaultTest {

    enum Fault { LINK_CUT, TARGET_CRASH, SOURCE_SESSION_DROP, TARGET_SESSION_DROP, DEVICE_HELD_OPEN, WRITER_ACTIVE,
        TARGET_INCONSISTENT, SECOND_ADMIN, PROMOTE_MINUS_18 }

    /** The six steps: stop app, umount, demote, re-verify+promote, mount, start app. */
    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Fault f : Fault.values()) {
            for (int k = 0; k < 6; k++) {
                out.add(Arguments.of(f, k));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} before step {1}")
    @MethodSource("cases")
    void endsWithOnePrimaryOrClearInstructions(Fault fault, int boundary) throws Exception {
        SimCluster c = SwitchoverTest.lab();
        SimAccess a = new SimAccess(c);
        AtomicLong maxPrimaries = new AtomicLong(1);
        AtomicBoolean promotedStale = new AtomicBoolean();
        boolean[] wasPrimary = {false};
        c.onChange((res, node) -> {
            if (!res.equals("r0")) {
                return;
            }
            maxPrimaries.accumulateAndGet(SimState.primaries(c, "r0"), Math::max);
            boolean now = SimState.role(c, "beta", "r0") == Role.PRIMARY;
            if (now && !wasPrimary[0] && !SimState.upToDate(c, "beta", "r0")) {
                promotedStale.set(true);
            }
            wasPrimary[0] = now;
        });
        List<PlanResult> second = new ArrayList<>();
        PlanListener inject = new PlanListener() {
            boolean done;

            @Override
            public void stepStarted(StepRecord s) {
                if (done || s.rollback() || s.index() != boundary) {
                    return;
                }
                done = true;
                inject(fault, c, a, second);
            }
        };
        Switchover sw = new Switchover(a, c.nodes(), SwitchoverTest.withFs("beta"), new Switchover.Options(null,
                "alice@ws1", Duration.ofSeconds(15)));
        PlanResult r = sw.execute(inject, Decider.ABORT);

        String why = fault + " before step " + boundary + ": " + r.outcome() + " " + r.message() + " " + r.manual();
        assertThat(maxPrimaries.get()).as("never two Primaries: " + why).isLessThanOrEqualTo(1);
        assertThat(promotedStale).as("beta promoted while not UpToDate: " + why).isFalse();
        assertThat(SimState.allowsTwoPrimaries(c, "alpha", "r0") || SimState.allowsTwoPrimaries(c, "beta", "r0"))
                .as(why).isFalse();
        long primaries = SimState.primaries(c, "r0");
        switch (r.outcome()) {
            case DONE -> {
                assertThat(SimState.role(c, "beta", "r0")).as(why).isEqualTo(Role.PRIMARY);
                assertThat(SimState.upToDate(c, "beta", "r0")).as(why).isTrue();
                assertThat(c.hosts().serviceActive("beta", "app")).as(why).isTrue();
            }
            case ROLLED_BACK -> {
                assertThat(SimState.role(c, "alpha", "r0")).as(why).isEqualTo(Role.PRIMARY);
                assertThat(primaries).as(why).isEqualTo(1);
                assertThat(c.hosts().mountOf("alpha", 0)).as(why).isEqualTo("/mnt/r0");
            }
            case MANUAL -> {
                assertThat(primaries).as(why).isLessThanOrEqualTo(1);
                assertThat(r.manual()).as(why).isNotEmpty();
                assertThat(r.manual()).as(why).allMatch(l -> l.startsWith("on alpha: ") || l.startsWith("on beta: "));
                assertThat(r.state()).as(why).hasSize(2);
            }
            case BLOCKED -> throw new AssertionError("the checks passed before the fault: " + why);
        }
        switch (fault) {
            case SECOND_ADMIN -> {
                assertThat(second).singleElement().satisfies(s -> {
                    assertThat(s.outcome()).isEqualTo(Outcome.BLOCKED);
                    assertThat(s.message()).contains("alice@ws1");
                });
                assertThat(r.outcome()).as(why).isEqualTo(Outcome.DONE);
            }
            case PROMOTE_MINUS_18, SOURCE_SESSION_DROP, TARGET_SESSION_DROP ->
                    assertThat(r.outcome()).as(why).isEqualTo(Outcome.DONE);
            case LINK_CUT, TARGET_INCONSISTENT -> {
                if (boundary <= 3) {
                    assertThat(r.outcome()).as(why).isEqualTo(Outcome.ROLLED_BACK);
                }
            }
            case DEVICE_HELD_OPEN, WRITER_ACTIVE -> {
                if (boundary <= 2) {
                    assertThat(r.outcome()).as(why).isEqualTo(Outcome.ROLLED_BACK);
                    assertThat(r.message()).as(why).contains("(-12)");
                } else {
                    assertThat(r.outcome()).as(why).isEqualTo(Outcome.DONE);
                }
            }
            case TARGET_CRASH -> {
                if (boundary <= 3) {
                    assertThat(r.outcome()).as(why).isEqualTo(Outcome.ROLLED_BACK);
                } else {
                    assertThat(r.outcome()).as(why).isEqualTo(Outcome.MANUAL);
                }
            }
            default -> { }
        }
        if (c.isUp("alpha")) {
            assertThat(c.hosts().tryLock("alpha", ResourceLock.lockPath("r0"), "next", "/tmp/x"))
                    .as("the lock went with the plan").isTrue();
        }
    }

    static void inject(Fault fault, SimCluster c, SimAccess a, List<PlanResult> second) {
        switch (fault) {
            case LINK_CUT -> c.cut("alpha", "beta");
            case TARGET_CRASH -> c.crash("beta");
            case SOURCE_SESSION_DROP -> a.dropSessions("alpha");
            case TARGET_SESSION_DROP -> a.dropSessions("beta");
            case DEVICE_HELD_OPEN -> c.hosts().holdOpen("alpha", 0, "qemu-system-x86", 4242);
            case WRITER_ACTIVE -> {
                c.hosts().holdOpen("alpha", 0, "dd", 4711);
                c.startWriter("alpha", "r0", 1000);
            }
            case TARGET_INCONSISTENT -> new SimShell(c, "beta", "root").run("drbdadm invalidate r0");
            case SECOND_ADMIN -> {
                try {
                    second.add(new Switchover(new SimAccess(c), c.nodes(), SwitchoverTest.withFs("beta"),
                            new Switchover.Options(null, "bob@ws2", Duration.ofSeconds(15)))
                            .execute(PlanListener.NONE, Decider.ABORT));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            case PROMOTE_MINUS_18 -> {
                boolean[] once = {false};
                a.interceptor = (n, cmd) -> {
                    if (n.equals("beta") && cmd.argv().contains("primary") && !once[0]) {
                        once[0] = true;
                        return new CommandResult(11, "", "0: State change failed: (-18) In transient state, retry "
                                + "after next state change\n", Duration.ZERO);
                    }
                    return null;
                };
            }
            default -> throw new IllegalArgumentException();
        }
    }
}
