// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

import com.jcraft.jsch.ChannelExec;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** What {@link NodeSession} does around one exec channel: waiting for its end, and reading sudo's refusal. */
final class ExecChannel {

    private ExecChannel() {
    }

    /**
     * JSch signals a channel's end only through {@code isClosed()}; there is no callback to wait on. Park briefly,
     * backing off from 1 to 5 ms, so a fast command costs little latency and a slow one little CPU. Stops early when
     * {@code stop} says so (the output went over its cap).
     */
    static void awaitClosed(ChannelExec ch, long deadlineNanos, BooleanSupplier stop) {
        long park = 1_000_000;
        while (!ch.isClosed() && System.nanoTime() < deadlineNanos && !stop.getAsBoolean()) {
            LockSupport.parkNanos(Math.min(park, Math.max(1, deadlineNanos - System.nanoTime())));
            park = Math.min(park * 2, 5_000_000);
        }
    }

    /** sudo asked for a password: fails with the NOPASSWD line the admin needs (DRBD Pilot never sends one). */
    static void checkSudo(SshTarget target, RemoteCommand command, CommandResult r) throws SshException {
        if (!command.privileged() || target.isRoot() || r.exitCode() == 0) {
            return;
        }
        String e = r.stderr().toLowerCase(Locale.ROOT);
        if (e.contains("a password is required") || e.contains("a terminal is required") || e.contains("no tty")) {
            String program = command.argv().get(0);
            throw new SshException.SudoPasswordRequired("sudo on " + target.name() + " asks " + target.user()
                    + " for a password, and DRBD Pilot never sends one. Allow the DRBD tools without a password: "
                    + "as root on the node, run 'visudo -f /etc/sudoers.d/drbd-pilot' and add the line: "
                    + target.user() + " ALL=(root) NOPASSWD: /usr/sbin/drbdadm, /usr/sbin/drbdsetup, "
                    + "/usr/sbin/drbdmeta" + (program.startsWith("drbd") ? ""
                            : " (and add the full path of " + program + ", from 'command -v " + program + "')"));
        }
    }
}
