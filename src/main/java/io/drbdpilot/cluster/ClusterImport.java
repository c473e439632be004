// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cluster;

import io.drbdpilot.drbd.config.DrbdConfig;
import io.drbdpilot.drbd.config.HostConfig;
import io.drbdpilot.drbd.config.ResourceConfig;
import io.drbdpilot.drbd.parse.DumpXmlParser;
import io.drbdpilot.drbd.parse.ParseException;
import io.drbdpilot.ssh.CommandResult;
import io.drbdpilot.ssh.NodeSession;
import io.drbdpilot.ssh.RemoteCommand;
import io.drbdpilot.ssh.SshException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    public static List<ProposedNode> fromNode(NodeSession session) throws SshException, ParseException {
        Duration t = Duration.ofSeconds(30);
        String self = session.run(RemoteCommand.of("uname", "-n"), t).stdout().strip();
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
                resources.computeIfAbsent(h.name(), k -> new ArrayList<>()).add(r.name());
                if (h.address() != null) {
                    addresses.putIfAbsent(h.name(), h.address() + (h.port() == null ? "" : ":" + h.port()));
                }
            }
        }
        String user = session.target().user();
        List<ProposedNode> out = new ArrayList<>();
        resources.forEach((host, res) -> out.add(new ProposedNode(host,
                host.equals(self) ? session.target().name() : user + "@" + host, addresses.get(host), List.copyOf(res),
                host.equals(self))));
        return List.copyOf(out);
    }
}
