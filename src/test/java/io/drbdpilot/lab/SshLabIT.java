// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.drbdpilot.ssh.CommandResult;
import io.drbdpilot.ssh.NodeSession;
import io.drbdpilot.ssh.RemoteCommand;
import io.drbdpilot.ssh.StreamHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The SSH layer against real nodes, as root and as a sudo user (-Dlab.sudoUser, default admin). Host keys must already
 * be in -Dlab.knownHosts: the prompter accepts nothing. Read-only.
 */
class SshLabIT {

    private static List<String> nodes() {
        String n = System.getProperty("lab.nodes", "");
        assumeThat(n).as("-Dlab.nodes").isNotBlank();
        return List.of(n.split(","));
    }

    private static String asSudoUser(String spec) {
        String user = System.getProperty("lab.sudoUser", "admin");
        String hostPort = spec.contains("@") ? spec.substring(spec.indexOf('@') + 1) : spec;
        return user + "@" + hostPort;
    }

    @Test
    void rootAndTheSudoUserBothReadDrbdState() throws Exception {
        for (String node : nodes()) {
            List<String> roles = new ArrayList<>();
            for (String spec : List.of(node, asSudoUser(node))) {
                try (NodeSession s = LabNodes.session(spec, Duration.ofSeconds(5), 8)) {
                    CommandResult r = s.run(RemoteCommand.root("drbdadm", "role", "all"), Duration.ofSeconds(30));
                    assertThat(r.exitCode()).as(spec + ": " + r.stderr()).isZero();
                    assertThat(r.stdout()).matches("(?s)((Primary|Secondary)/(Primary|Secondary|Unknown)\\n)+");
                    roles.add(r.stdout());
                    CommandResult plain = s.run(RemoteCommand.of("cat", "/proc/drbd"), Duration.ofSeconds(30));
                    assertThat(plain.stdout()).startsWith("version: 8.4");
                }
            }
            assertThat(roles.get(1)).as("root and sudo user see the same roles").isEqualTo(roles.get(0));
        }
    }

    @Test
    void events2StreamsUntilCancelled() throws Exception {
        try (NodeSession s = LabNodes.session(asSudoUser(nodes().get(0)), Duration.ofSeconds(5), 8)) {
            LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
            StreamHandle h = s.stream(RemoteCommand.root("drbdsetup", "events2", "--timestamps", "--statistics",
                    "all"), lines::add);
            String line;
            do {
                line = lines.poll(30, TimeUnit.SECONDS);
                assertThat(line).as("events2 line").isNotNull();
            } while (!line.endsWith(" exists -"));
            h.cancel();
            assertThat(h.ended().get(30, TimeUnit.SECONDS).reason()).isEqualTo(StreamHandle.End.Reason.CANCELLED);
            assertThat(s.run(RemoteCommand.of("true"), Duration.ofSeconds(30)).exitCode()).isZero();
        }
    }
}
