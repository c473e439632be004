// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.reactor;

import io.drbdpilot.drbd.command.DrbdCommands;
import io.drbdpilot.ssh.RemoteCommand;
import java.util.ArrayList;
import java.util.List;

/**
 * The argv of drbd-reactor's commands, built from a validated resource name and a snippet path of the one form
 * drbd-reactorctl uses ({@link ReactorConfig#snippetPath}); never from a node's text otherwise.
 */
public final class ReactorCommands {

    private ReactorCommands() {
    }

    private static String snippet(String path) {
        String p = ReactorConfig.snippetPath(path);
        if (p == null) {
            throw new IllegalArgumentException("not a drbd-reactor snippet path: " + path);
        }
        return p;
    }

    public static RemoteCommand cat(String snippetPath) {
        return RemoteCommand.of("cat", "--", snippet(snippetPath));
    }

    public static RemoteCommand status(String snippetPath) {
        return RemoteCommand.root("drbd-reactorctl", "status", snippet(snippetPath));
    }

    /** {@code drbd-reactorctl status --json SNIPPET}: drbd-reactor 1.11 and later; older ones refuse the option. */
    public static RemoteCommand statusJson(String snippetPath) {
        return RemoteCommand.root("drbd-reactorctl", "status", "--json", snippet(snippetPath));
    }

    /** {@code systemctl is-active drbd-reactor.service UNIT...}: one line per unit, the daemon first. */
    public static RemoteCommand isActive(List<String> units) {
        List<String> argv = new ArrayList<>(List.of("systemctl", "is-active", "drbd-reactor.service"));
        argv.addAll(units);
        return RemoteCommand.of(argv.toArray(String[]::new));
    }

    public static RemoteCommand isEnabled(String unit) {
        return RemoteCommand.of("systemctl", "is-enabled", unit);
    }

    /**
     * {@code drbd-reactorctl evict [--keep-masked] --delay SECONDS SNIPPET}: the services stop here, the resource is
     * demoted, and drbd-reactorctl waits up to SECONDS for a peer's promoter to take over. Without --keep-masked it
     * then unmasks the target here again (it starts here only when no peer took over).
     */
    public static RemoteCommand evict(String snippetPath, boolean keepMasked, int delaySeconds) {
        List<String> argv = new ArrayList<>(List.of("drbd-reactorctl", "evict"));
        if (keepMasked) {
            argv.add("--keep-masked");
        }
        argv.addAll(List.of("--delay", Integer.toString(Math.max(0, delaySeconds)), snippet(snippetPath)));
        return RemoteCommand.root(argv.toArray(String[]::new));
    }

    /** {@code drbd-reactorctl evict --unmask SNIPPET}: the mask of an earlier --keep-masked goes, the target starts. */
    public static RemoteCommand unmask(String snippetPath) {
        return RemoteCommand.root("drbd-reactorctl", "evict", "--unmask", snippet(snippetPath));
    }
}
