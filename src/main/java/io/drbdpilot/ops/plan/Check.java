// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.plan;

import io.drbdpilot.ssh.RemoteText;

/**
 * One pre-flight check's verdict, in plain words.
 *
 * @param id     stable key ({@code connected}, {@code owner}, ...), for scripts and tests
 * @param reason what was found
 * @param remedy what to do about it; empty for PASS
 */
public record Check(String id, String title, Status status, String reason, String remedy) {

    /** Reasons quote what nodes said: one line each, no control characters (see {@link RemoteText}). */
    public Check {
        title = RemoteText.line(title);
        reason = RemoteText.line(reason);
        remedy = RemoteText.line(remedy);
    }

    /** PASS: fine. WARN: it may go ahead, but read this first. BLOCK: it will not run. */
    public enum Status { PASS, WARN, BLOCK }

    public static Check pass(String id, String title, String reason) {
        return new Check(id, title, Status.PASS, reason, "");
    }

    public static Check warn(String id, String title, String reason, String remedy) {
        return new Check(id, title, Status.WARN, reason, remedy);
    }

    public static Check block(String id, String title, String reason, String remedy) {
        return new Check(id, title, Status.BLOCK, reason, remedy);
    }
}
