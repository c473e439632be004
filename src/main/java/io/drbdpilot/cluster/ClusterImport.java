// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cluster;

import io.drbdpilot.drbd.config.DrbdConfig;
import io.drbdpilot.drbd.config.HostConfig;
import io.drbdpilot.drbd.config.ResourceConfig;
import io.drbdpilot.drbd.parse.DumpXmlParser;
import io.drbdpilot.drbd.parse.ParseException;
import io.drbdpilot.ssh.CommandResult;
import io.drbdpilot.ssh.NodeChannel;
import io.drbdpilot.ssh.RemoteCommand;
import io.drbdpilot.ssh.RemoteText;
import io.drbdpilot.ssh.SshException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Builds a cluster from one node: its {@code drbdadm dump-xml} names every peer. DRBD host names are not SSH addresses
 * (the replication network usually differs), so the SSH targets are only proposals for the user to confirm or edit.
 */
public final class ClusterImport {

    /**
     * One node found in the configuration.
     *
     * @param drbdHost           the host name in the configuration
     * @param proposedTarget     an SSH target to start from
     * @param replicationAddress the address DRBD replicates over (not for SSH)
     * @param source             this is the node we imported from (its target is known to work)
     */
    public record ProposedNode(String drbdHost, String proposedTarget, String replicationAddress,
            List<String> resources, boolean source) {
    }

    private ClusterImport() {
    }

    /** A host name as DRBD configurations and {@code uname -n} give them; anything else is left out. */
    private static final Pattern HOST = Pattern.compile(
            "[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    public static List<ProposedNode> fromNode(NodeChannel session) throws SshException, ParseException {
        return fromNode(session, new ArrayList<>());
    }

    /**
     * @param skipped receives a line for each host name that is not a plain host name (a newline, a quote, a leading
     *                {@code -}): it is left out, never proposed as an SSH target
     */
    public static List<ProposedNode> fromNode(NodeChannel session, List<String> skipped) throws SshException,
            ParseException {
        Duration t = Duration.ofSeconds(30);
        String self = session.run(RemoteCommand.of("uname", "-n"), t).stdout().strip();
        if (!HOST.matcher(self).matches()) {
            skipped.add("uname -n on " + session.target().name() + " said '" + RemoteText.line(self,
                    80) + "', not a host name; the node is listed by its SSH target");
            self = session.target().name().replaceAll("[^A-Za-z0-9._-]", "-").replaceFirst("^[^A-Za-z0-9]+", "");
        }
        CommandResult xml = session.run(RemoteCommand.root("drbdadm", "dump-xml"), t);
        if (!xml.ok()) {
            throw new SshException("drbdadm dump-xml failed on " + session.target().name() + " (exit "
                    + xml.exitCode() + "): " + xml.stderr().strip());
        }
        DrbdConfig config = DumpXmlParser.parse(xml.stdout()).value();
        Map<String, List<String>> resources = new LinkedHashMap<>();
        Map<String, String> addresses = new LinkedHashMap<>();
        resources.put(self, new ArrayList<>());
        for (ResourceConfig r : config.resources()) {
            for (HostConfig h : r.hosts()) {
                if (h.name() == null || !HOST.matcher(h.name()).matches()) {
                    String said = "host '" + RemoteText.line(h.name(), 80) + "' of resource "
                            + RemoteText.line(r.name(), 80) + " is not a host name; left out";
                    if (!skipped.contains(said)) {
                        skipped.add(said);
                    }
                    continue;
                }
                resources.computeIfAbsent(h.name(), k -> new ArrayList<>()).add(r.name());
                if (h.address() != null) {
                    addresses.putIfAbsent(h.name(), h.address() + (h.port() == null ? "" : ":" + h.port()));
                }
            }
        }
        String user = session.target().user();
        List<ProposedNode> out = new ArrayList<>();
        String me = self;
        resources.forEach((host, res) -> out.add(new ProposedNode(host,
                host.equals(me) ? session.target().name() : user + "@" + host, addresses.get(host), List.copyOf(res),
                host.equals(me))));
        return List.copyOf(out);
    }
}
