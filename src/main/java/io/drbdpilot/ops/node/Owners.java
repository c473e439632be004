// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.node;

import io.drbdpilot.drbd.command.DrbdCommands;
import io.drbdpilot.drbd.config.ResourceConfig;
import io.drbdpilot.ssh.CommandResult;
import io.drbdpilot.ssh.RemoteCommand;
import io.drbdpilot.ssh.SshException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Who owns a resource on a node: Pacemaker, drbd-reactor or LINSTOR, and the command that moves it their way. */
public final class Owners {

    private static final Pattern TAG_ID = Pattern.compile("\\bid=\"([^\"<>]{1,512})\"");
    private static final Pattern DRBD_RESOURCE = Pattern.compile(
            "\\bname=\"drbd_resource\"\\s{1,64}value=\"([^\"<>]{1,512})\"");

    private Owners() {
    }

    /** The drbd-reactor snippets whose promoter manages the resource ({@code grep -l}; exit 1: none, 2: no config). */
    public static RemoteCommand reactorSnippets(String res) {
        String r = DrbdCommands.resource(res);
        return RemoteCommand.of("grep", "-rlE", "--", "^\\[promoter\\.resources\\.\"?" + r.replace(".", "\\.")
                .replace("+", "\\+") + "\"?\\]", "/etc/drbd-reactor.d", "/etc/drbd-reactor.toml");
    }

    /** A cluster manager that owns the resource, and the command that moves it instead. */
    public record Owner(String manager, String detail, String command) {
    }

    /**
     * Who manages the resource on a node, as far as it could be told.
     *
     * @param owner   the manager that owns it, or null
     * @param unknown why a manager that is installed could not be asked, or null when every one answered
     */
    public record Ownership(Owner owner, String unknown) {
        static final Ownership NONE = new Ownership(null, null);
    }

    /**
     * Pacemaker or drbd-reactor on the node, both asked at once (LINSTOR shows in the configuration: {@link #linstor}).
     * A manager that is not installed owns nothing; one that is installed but does not answer (cibadmin without its
     * CIB, an unreadable drbd-reactor configuration) may own it: that is said, never taken for "not owned".
     */
    public static Ownership manager(Probe probe, String node, String res, String target)
            throws SshException, InterruptedException {
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            var cibF = ex.submit(() -> probe.run(node, RemoteCommand.root("cibadmin", "--query", "--scope",
                    "resources")));
            var reactorF = ex.submit(() -> probe.run(node, reactorSnippets(res)));
            List<String> unknown = new ArrayList<>();
            CommandResult cib = Futures.join(cibF);
            if (cib.ok()) {
                for (String[] found : cibDrbdClones(cib.stdout())) {
                    if (found[1].equals(res)) {
                        String clone = found[0];
                        return new Ownership(new Owner("Pacemaker", "the promotable clone " + clone + " runs " + res,
                                "pcs resource move " + clone + " " + target + "   (or: crm resource move " + clone + " "
                                        + target + "); afterwards clear the constraint with pcs resource clear "
                                        + clone), null);
                    }
                }
            } else if (!Probe.notInstalled(cib)) {
                unknown.add("Pacemaker's cibadmin is installed on " + node + " but could not be asked ("
                        + Probe.said(cib) + ")");
            }
            CommandResult reactor = Futures.join(reactorF);
            if (!reactor.stdout().isBlank()) { // grep -l names the files that promote the resource
                return new Ownership(new Owner("drbd-reactor", "its promoter plugin manages " + res + " ("
                        + reactor.stdout().strip().lines().findFirst().orElse("") + ")",
                        "drbd-pilot evict " + res + "   (it hands the move to drbd-reactor and follows it; by hand: "
                                + "drbd-reactorctl evict " + reactor.stdout().strip().lines().findFirst().orElse(res)
                                + " on the active node)"), null);
            }
            // exit 1: no match; exit 2 only for configuration that is not there at all means not installed
            boolean absent = reactor.exitCode() == 2 && !reactor.stderr().isBlank() && reactor.stderr().lines()
                    .allMatch(l -> l.contains("No such file or directory"));
            if (reactor.exitCode() != 1 && !absent && !Probe.notInstalled(reactor)) {
                unknown.add("drbd-reactor's configuration on " + node + " could not be read (" + Probe.said(reactor) + ")");
            }
            return unknown.isEmpty() ? Ownership.NONE : new Ownership(null, String.join("; ", unknown));
        }
    }

    /**
     * The promotable clones of Pacemaker's resources section that run a DRBD resource: (clone id, drbd_resource). One
     * pass over the tags, in linear time whatever the node sends (a regular expression over a whole hostile CIB, say
     * 224 KB of unclosed {@code <clone>} tags, took 41 s).
     */
    public static List<String[]> cibDrbdClones(String xml) {
        List<String[]> out = new ArrayList<>();
        String clone = null;
        int i = 0;
        while ((i = xml.indexOf('<', i)) >= 0) {
            int end = xml.indexOf('>', i);
            if (end < 0) {
                break;
            }
            String tag = xml.substring(i + 1, end);
            i = end + 1;
            if (tag.startsWith("clone") || tag.startsWith("master")) {
                Matcher id = TAG_ID.matcher(tag);
                clone = id.find() ? id.group(1) : null;
            } else if (tag.startsWith("/clone") || tag.startsWith("/master")) {
                clone = null;
            } else if (clone != null && tag.startsWith("nvpair")) {
                Matcher v = DRBD_RESOURCE.matcher(tag);
                if (v.find()) {
                    out.add(new String[] {clone, v.group(1)});
                }
            }
        }
        return out;
    }

    /** LINSTOR owns the resource when it wrote its configuration file. */
    public static Optional<Owner> linstor(Optional<ResourceConfig> cfg) {
        if (cfg.isPresent() && cfg.get().confFileLine() != null
                && cfg.get().confFileLine().startsWith("/var/lib/linstor.d/")) {
            String res = cfg.get().name();
            return Optional.of(new Owner("LINSTOR", "its configuration is " + cfg.get().confFileLine()
                    .replaceFirst(":\\d+$", ""), "let LINSTOR and drbd-reactor move it: drbd-pilot evict " + res
                    + " (drbd-reactorctl evict on the active node), or the LINSTOR GUI's HA page"));
        }
        return Optional.empty();
    }
}
