// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.Session;
import io.drbdpilot.drbd.config.DrbdConfig;
import io.drbdpilot.drbd.model.CState;
import io.drbdpilot.drbd.model.ConnectionState;
import io.drbdpilot.drbd.model.DeviceState;
import io.drbdpilot.drbd.model.ResourceState;
import io.drbdpilot.drbd.model.UtilsVersion;
import io.drbdpilot.drbd.parse.Drbd84Mapping;
import io.drbdpilot.drbd.parse.DrbdadmStatusParser;
import io.drbdpilot.drbd.parse.DumpXmlParser;
import io.drbdpilot.drbd.parse.Events2Stream;
import io.drbdpilot.drbd.parse.ProcDrbd;
import io.drbdpilot.drbd.parse.ProcDrbdParser;
import io.drbdpilot.drbd.parse.VersionParser;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reads real DRBD nodes and checks that every parser agrees with what the kernel says, and that nodes agree with each
 * other. Read-only: it changes nothing on the cluster. Nodes come from -Dlab.nodes=user@host:port,... (the lab
 * profile); SSH uses -Dlab.identity and verifies host keys against -Dlab.knownHosts.
 */
class DrbdParsersLabIT {

    private record Node(String target, String hostName, ProcDrbd proc, List<ResourceState> events2,
            List<ResourceState> status, DrbdConfig config, UtilsVersion utils) {
    }

    private static final Map<String, Node> NODES = new HashMap<>();

    @BeforeAll
    static void readEveryNode() throws Exception {
        String nodes = System.getProperty("lab.nodes", "");
        assumeThat(nodes).as("-Dlab.nodes").isNotBlank();
        for (String target : nodes.split(",")) {
            try (Ssh ssh = new Ssh(target.strip())) {
                String host = ssh.run("uname -n").strip();
                String sudo = ssh.user.equals("root") ? "" : "sudo -n ";
                // Separate commands cannot read one instant: accept a reading only when /proc/drbd's state lines
                // are the same before and after it (a node still reconnecting after another test is read again).
                for (int attempt = 1; ; attempt++) {
                    String before = ssh.run("cat /proc/drbd");
                    String events = ssh.run(sudo + "drbdsetup events2 --now --statistics all");
                    String status = ssh.run(sudo + "drbdadm status all");
                    String after = ssh.run("cat /proc/drbd");
                    if (stateLines(before).equals(stateLines(after)) || attempt == 30) {
                        NODES.put(host, new Node(target, host, ProcDrbdParser.parse(after).value(),
                                Events2Stream.parse(events).value().resources(),
                                DrbdadmStatusParser.parse(status).value(),
                                DumpXmlParser.parse(ssh.run(sudo + "drbdadm dump-xml")).value(),
                                VersionParser.parse(ssh.run(sudo + "drbdadm --version")).value()));
                        break;
                    }
                    LockSupport.parkNanos(1_000_000_000L);
                }
            }
        }
    }

    /** The cs/ro/ds lines of /proc/drbd, without counters or progress. */
    private static List<String> stateLines(String proc) {
        return proc.lines().filter(l -> l.contains(" cs:")).toList();
    }

    @Test
    void kernelVersionFromProcMatchesDrbdadm() {
        NODES.values().forEach(n -> {
            assertThat(n.proc().kernel().version()).as(n.hostName()).isEqualTo(n.utils().kernelVersion());
            assertThat(n.utils().utilsVersion()).isNotBlank();
        });
    }

    @Test
    void procDrbdEvents2AndStatusTextDescribeTheSameState() {
        NODES.values().forEach(n -> {
            List<ResourceState> fromProc = Drbd84Mapping.toResources(n.proc(),
                    minor -> n.config().resourceOfMinor(n.hostName(), minor).orElse(null));
            assertThat(fromProc).extracting(ResourceState::name).as(n.hostName())
                    .containsExactlyInAnyOrderElementsOf(n.events2().stream().map(ResourceState::name).toList());
            for (ResourceState e : n.events2()) {
                ResourceState p = fromProc.stream().filter(r -> r.name().equals(e.name())).findFirst().orElseThrow();
                ResourceState s = n.status().stream().filter(r -> r.name().equals(e.name())).findFirst().orElseThrow();
                String what = n.hostName() + "/" + e.name();
                assertThat(p.role().value()).as(what + " role").isEqualTo(e.role().value());
                assertThat(s.role().value()).as(what + " role (status)").isEqualTo(e.role().value());
                assertThat(p.devices().get(0).disk().value()).as(what + " disk")
                        .isEqualTo(e.devices().get(0).disk().value());
                assertThat(p.devices().get(0).minor()).isEqualTo(e.devices().get(0).minor());
                assertThat(e.connections().get(0).connection().value()).as(what + " connection")
                        .isEqualTo(p.connections().get(0).connection().value());
                assertThat(e.connections().get(0).peerDevices().get(0).replication().value())
                        .as(what + " replication").isEqualTo(p.connections().get(0).peerDevices().get(0)
                                .replication().value());
            }
        });
    }

    @Test
    void configurationNamesEveryRunningDeviceAndItsHost() {
        NODES.values().forEach(n -> n.events2().forEach(r -> {
            var cfg = n.config().resource(r.name()).orElseThrow();
            var host = cfg.host(n.hostName()).orElseThrow();
            for (DeviceState d : r.devices()) {
                assertThat(host.volumes()).anySatisfy(v -> assertThat(v.minor()).isEqualTo(d.minor()));
            }
        }));
    }

    @Test
    void connectedPeersAgreeOnEachOthersRoleAndDisk() {
        for (Node a : NODES.values()) {
            for (ResourceState r : a.events2()) {
                ConnectionState c = r.connections().get(0);
                if (!c.connection().is(CState.CONNECTED)) {
                    continue;
                }
                var cfg = a.config().resource(r.name()).orElseThrow();
                cfg.hosts().stream().filter(h -> !h.name().equals(a.hostName())).map(h -> NODES.get(h.name()))
                        .filter(b -> b != null)
                        .forEach(b -> {
                            ResourceState rb = b.events2().stream().filter(x -> x.name().equals(r.name()))
                                    .findFirst().orElseThrow();
                            assertThat(c.peerRole().value()).as(a.hostName() + " sees " + b.hostName() + " " + r.name())
                                    .isEqualTo(rb.role().value());
                            assertThat(c.peerDevices().get(0).peerDisk().value())
                                    .isEqualTo(rb.devices().get(0).disk().value());
                        });
            }
        }
    }

    /** Minimal JSch use for this test only; the product's SSH layer is the ssh package. */
    private static final class Ssh implements AutoCloseable {
        final String user;
        final Session session;

        Ssh(String target) throws Exception {
            String[] at = target.split("@", 2);
            user = at.length == 2 ? at[0] : "root";
            String hostPort = at.length == 2 ? at[1] : at[0];
            int colon = hostPort.lastIndexOf(':');
            String host = colon > 0 ? hostPort.substring(0, colon) : hostPort;
            int port = colon > 0 ? Integer.parseInt(hostPort.substring(colon + 1)) : 22;
            JSch jsch = new JSch();
            jsch.addIdentity(System.getProperty("lab.identity"));
            jsch.setKnownHosts(System.getProperty("lab.knownHosts"));
            session = jsch.getSession(user, host, port);
            session.setConfig("StrictHostKeyChecking", "yes");
            session.connect(30_000);
        }

        String run(String command) throws Exception {
            ChannelExec ch = (ChannelExec) session.openChannel("exec");
            ch.setCommand(command);
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            ch.setErrStream(err);
            InputStream in = ch.getInputStream();
            ch.connect(30_000);
            byte[] out = in.readAllBytes();
            long deadline = System.nanoTime() + 10_000_000_000L; // the exit status follows EOF closely
            while (!ch.isClosed() && System.nanoTime() < deadline) {
                LockSupport.parkNanos(5_000_000);
            }
            int exit = ch.getExitStatus();
            ch.disconnect();
            assertThat(exit).as(command + ": " + err.toString(StandardCharsets.UTF_8)).isZero();
            return new String(out, StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            session.disconnect();
        }
    }

}
