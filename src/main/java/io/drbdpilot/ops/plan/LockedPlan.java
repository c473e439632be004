// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.plan;

import io.drbdpilot.ops.node.NodeAccess;
import io.drbdpilot.ssh.SshException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What every plan does before its first step: take the resource's lock on its nodes (refused: nothing ran), read the
 * checks again under it and audit them, stop when one blocks or when they differ from the ones the operator confirmed,
 * and only then run the steps, with the lock held to the end.
 */
public final class LockedPlan {

    /** The checks, read fresh. */
    @FunctionalInterface
    public interface Check<C extends PlanChecks> {
        C read() throws InterruptedException;
    }

    /** The steps, run once the checks allow them. */
    @FunctionalInterface
    public interface Body<C extends PlanChecks> {
        PlanResult run(C checks, ResourceLock lock) throws InterruptedException;
    }

    private LockedPlan() {
    }

    /**
     * @param lockOn    the nodes whose lock the plan holds
     * @param confirmed the checks the operator confirmed, or null (scripts with --yes confirm what runs)
     * @param changes   what else makes these checks differ from the confirmed ones (say, another size), or none
     */
    public static <C extends PlanChecks> PlanResult run(NodeAccess access, List<String> lockOn, String resource,
            String holder, PlanListener listener, Audit audit, Instant t0, Check<C> check, PlanChecks confirmed,
            Function<C, List<String>> changes, Body<C> body) throws InterruptedException {
        ResourceLock lock;
        try {
            lock = ResourceLock.acquire(access, lockOn, resource, holder);
        } catch (ResourceLock.Refused | SshException e) {
            listener.log(e.getMessage());
            return PlanResult.lockNotTaken(e, resource, Duration.between(t0, access.clock().instant()));
        }
        try (lock) {
            C c = check.read();
            c.checks().forEach(k -> audit.event("check", Map.of("id", k.id(), "status", k.status().name(),
                    "reason", k.reason())));
            if (c.blocked()) {
                return PlanResult.blocked(c, audit, Duration.between(t0, access.clock().instant()));
            }
            if (confirmed != null) {
                List<String> differ = new ArrayList<>(c.changesFrom(confirmed));
                differ.addAll(changes.apply(c));
                if (!differ.isEmpty()) {
                    return PlanResult.changed(c, differ, audit, Duration.between(t0, access.clock().instant()));
                }
            }
            return body.run(c, lock);
        }
    }
}
