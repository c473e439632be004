// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.node;

import io.drbdpilot.ssh.SshException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** The result of a read run beside others (each is a round trip to a node), with its own exceptions unwrapped. */
public final class Futures {

    private Futures() {
    }

    /** The task's value; an SSH failure or an interrupt is thrown as itself. */
    public static <T> T join(Future<T> f) throws SshException, InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SshException s) {
                throw s;
            }
            throw unchecked(e.getCause());
        }
    }

    /** The value of a task that throws no SSH failure of its own (it reports unreachable nodes in its result). */
    public static <T> T value(Future<T> f) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw unchecked(e.getCause());
        }
    }

    private static RuntimeException unchecked(Throwable c) throws InterruptedException {
        if (c instanceof InterruptedException i) {
            throw i;
        }
        return c instanceof RuntimeException r ? r : new IllegalStateException(c);
    }
}
