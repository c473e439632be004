// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A promoter read from a snippet's TOML, drbd-reactorctl's status line, and the paths commands accept. */
class ReactorConfigTest {

    private static final String SNIPPET = """
            # the NFS export of r0
            [[promoter]]
            [promoter.resources.r0]
            start = [
              "srv-r0.mount",   # the filesystem
              "ocf:heartbeat:IPaddr2 p_ip ip=10.43.7.223 cidr_netmask=16",
              'nfs-server.service',
            ]
            preferred-nodes = ["alpha", "gamma"]
            on-drbd-demote-failure = "reboot-immediate"
            """;

    @Test
    void readsTheStartListThePreferredNodesAndTheDemoteFailureAction() {
        ReactorConfig c = ReactorConfig.parse("/etc/drbd-reactor.d/r0.toml", SNIPPET, "r0");
        assertThat(c.start()).containsExactly("srv-r0.mount", "ocf:heartbeat:IPaddr2 p_ip ip=10.43.7.223 "
                + "cidr_netmask=16", "nfs-server.service");
        assertThat(c.preferred()).containsExactly("alpha", "gamma");
        assertThat(c.demoteFailure()).isEqualTo("reboot-immediate");
        assertThat(c.others()).isNull();
        assertThat(c.units()).containsExactly("drbd-services@r0.target", "drbd-promote@r0.service", "srv-r0.mount",
                "ocf.rs@p_ip_r0.service", "nfs-server.service");
        assertThat(c.order(List.of("alpha", "beta", "gamma"), "alpha")).containsExactly("gamma", "beta");
        assertThat(c.order(List.of("alpha", "beta", "gamma"), "gamma")).containsExactly("alpha", "beta");
    }

    @Test
    void aSnippetWithAnotherResourceOrPluginIsNotThisPromoterAloneAndAMissingOneIsNull() {
        String two = SNIPPET + "[promoter.resources.\"r1\"]\nstart = [\"x.service\"]\n[[prometheus]]\naddress = "
                + "\":9942\"\n";
        ReactorConfig c = ReactorConfig.parse("/etc/drbd-reactor.d/r0.toml", two, "r0");
        assertThat(c.others()).isEqualTo("it also promotes r1");
        assertThat(c.start()).hasSize(3).doesNotContain("x.service");
        assertThat(ReactorConfig.parse("/etc/drbd-reactor.d/r0.toml", "[[promoter]]\n[[prometheus]]\n", "r0"))
                .isNull();
        assertThat(ReactorConfig.parse("/etc/drbd-reactor.d/r0.toml", SNIPPET + "[[umh]]\n", "r0").others())
                .isEqualTo("it also configures umh");
    }

    @Test
    void theActiveNodeIsReadFromStatusWithOrWithoutColours() {
        String text = "/etc/drbd-reactor.d/r0.toml:\nPromoter: Currently active on node 'beta'\n\u001B[1;32m●\u001B[0m "
                + "drbd-services@r0.target\n";
        assertThat(ReactorState.activeFrom(text, "alpha")).isEqualTo("beta");
        assertThat(ReactorState.activeFrom("Promoter: Currently active on this node\n", "alpha")).isEqualTo("alpha");
        assertThat(ReactorState.activeFrom("Promoter: Currently active on node '<unknown>'\n", "alpha")).isNull();
        assertThat(ReactorState.activeFrom("garbage", "alpha")).isNull();
    }

    @Test
    void onlySnippetPathsOfDrbdReactorsFormReachACommand() {
        assertThat(ReactorConfig.snippetPath("/etc/drbd-reactor.d/r0.toml\n")).isEqualTo("/etc/drbd-reactor.d/r0.toml");
        assertThat(ReactorConfig.snippetPath("/etc/drbd-reactor.d/../shadow.toml")).isNull();
        assertThat(ReactorConfig.snippetPath("/etc/drbd-reactor.d/r0.toml; reboot")).isNull();
        assertThat(ReactorConfig.snippetPath("/tmp/r0.toml")).isNull();
        assertThatThrownBy(() -> ReactorCommands.evict("/etc/passwd", false, 20))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ReactorCommands.evict("/etc/drbd-reactor.d/r0.toml", true, 20).argv()).containsExactly(
                "drbd-reactorctl", "evict", "--keep-masked", "--delay", "20", "/etc/drbd-reactor.d/r0.toml");
    }

    @Test
    void theActiveNodeIsReadFromStatusJsonWhenDrbdReactorctlKnowsIt() {
        String json = """
                {"promoter":[{"drbd_resource":"r1","path":"/etc/drbd-reactor.d/r1.toml","primary_on":"<unknown>",
                 "target":{"name":"drbd-services@r1.target","status":"inactive","freezer":"running"},
                 "dependencies":[],"status":"inactive"},
                 {"drbd_resource":"r0","path":"/etc/drbd-reactor.d/r0.toml","primary_on":"gamma",
                 "target":{"name":"drbd-services@r0.target","status":"active","freezer":"running"},
                 "dependencies":[{"name":"drbd-promote@r0.service","status":"active","freezer":"running"}],
                 "status":"active"}],"prometheus":[],"debugger":[],"umh":[],"agentx":[]}
                """;
        assertThat(ReactorState.activeFromJson(json, "r0", "alpha")).contains("gamma");
        assertThat(ReactorState.activeFromJson(json, "r1", "alpha")).as("known: nobody").contains("");
        assertThat(ReactorState.activeFromJson(json, "r9", "alpha")).as("not in it: nobody").contains("");
        assertThat(ReactorState.activeFromJson("error: Found argument '--json' which wasn't expected", "r0", "alpha"))
                .as("before 1.11: the text form is asked").isEmpty();
        assertThat(ReactorState.activeFromJson("{\"promoter\": 3}", "r0", "alpha")).isEmpty();
        assertThat(ReactorState.activeFromJson("{not json", "r0", "alpha")).isEmpty();
    }
}
