// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

import java.time.Duration;

/** What a finished remote command returned. */
public record CommandResult(int exitCode, String stdout, String stderr, Duration duration) {

    public boolean ok() {
        return exitCode == 0;
    }
}
