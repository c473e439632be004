// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drbdpilot.drbd.Samples;
import io.drbdpilot.drbd.config.DrbdConfig;
import io.drbdpilot.drbd.config.HostConfig;
import io.drbdpilot.drbd.config.ResourceConfig;
import io.drbdpilot.drbd.model.CState;
import io.drbdpilot.drbd.model.DiskState;
import io.drbdpilot.drbd.model.PathState;
import io.drbdpilot.drbd.model.Refusal;
import io.drbdpilot.drbd.model.RefusalReason;
import io.drbdpilot.drbd.model.ReplicationState;
import io.drbdpilot.drbd.model.ResourceState;
import io.drbdpilot.drbd.model.Role;
import io.drbdpilot.drbd.model.UtilsVersion;
import java.util.List;
import org.junit.jupiter.api.Test;

class OtherParsersTest {

    @Test
    void statusJsonDrbd9WithResyncDetailsAndOddKeys() throws ParseException {
        List<ResourceState> res = StatusJsonParser.parse(Samples.fixture("status_drbd9.json")).value();
        assertThat(res).extracting(ResourceState::name).containsExactly("vm1", "db");
        ResourceState vm1 = res.get(0);
        assertThat(vm1.role().value()).isEqualTo(Role.PRIMARY);
        assertThat(vm1.suspended()).isEmpty();
        assertThat(vm1.devices()).hasSize(2);
        assertThat(vm1.devices().get(0).stats().sizeKiB()).isEqualTo(10485404L);
        var bravo = vm1.connection("bravo").orElseThrow();
        assertThat(bravo.peerNodeId()).isEqualTo(1);
        assertThat(bravo.peerRole().value()).isEqualTo(Role.SECONDARY);
        assertThat(bravo.paths()).containsExactly(new PathState("ipv4:10.0.0.1:7000", "ipv4:10.0.0.2:7000", true));
        var p0 = bravo.peerDevice(0).orElseThrow();
        assertThat(p0.replication().value()).isEqualTo(ReplicationState.SYNC_SOURCE);
        assertThat(p0.resync().percent()).isEqualTo(40.0);
        assertThat(p0.resync().totalKiB()).isEqualTo(20971520L / 2);
        assertThat(p0.resync().speedKiBps()).isEqualTo(67L * 1024);
        assertThat(p0.resync().etaSeconds()).isEqualTo(61L);
        assertThat(p0.extra()).containsEntry("db1/dt1 [MiB/s]", "100.0");
        assertThat(vm1.connection("charlie").orElseThrow().connection().value())
                .isEqualTo(CState.CONNECTING);
        ResourceState db = res.get(1);
        assertThat(db.suspended()).containsExactly("quorum");
        assertThat(db.devices().get(0).quorum()).isFalse();
        assertThat(db.devices().get(0).disk().value()).isEqualTo(DiskState.OUTDATED);
    }

    @Test
    void statusJsonErrorsQuoteTheLine() {
        assertThatThrownBy(() -> StatusJsonParser.parse("[\n{\"name\": \"r0\",\n  \"role\": }\n]"))
                .isInstanceOfSatisfying(ParseException.class, e -> {
                    assertThat(e.lineNumber()).isEqualTo(3);
                    assertThat(e.line()).isEqualTo("  \"role\": }");
                });
        assertThatThrownBy(() -> StatusJsonParser.parse("42")).isInstanceOf(ParseException.class);
    }

    @Test
    void statusText84FromTheLabAnd9WithVolumesAndPeers() throws ParseException {
        List<ResourceState> lab = DrbdadmStatusParser.parse(
                Samples.section("drbdadm_status", "alpha", "drbdadm status", 1).output()).value();
        assertThat(lab).extracting(ResourceState::name).containsExactly("r0", "r1");
        assertThat(lab.get(0).connections().get(0).name()).isEqualTo("peer");
        assertThat(lab.get(0).connections().get(0).peerRole().value()).isEqualTo(Role.SECONDARY);
        assertThat(lab.get(0).connections().get(0).peerDevices().get(0).replication().value())
                .isEqualTo(ReplicationState.ESTABLISHED);

        List<ResourceState> nine = DrbdadmStatusParser.parse(Samples.fixture("status_text_drbd9.txt")).value();
        ResourceState vm1 = nine.get(0);
        assertThat(vm1.devices()).hasSize(2);
        var bravo = vm1.connection("bravo").orElseThrow();
        assertThat(bravo.peerDevice(0).orElseThrow().resync().percent()).isEqualTo(34.56);
        assertThat(bravo.peerDevice(1).orElseThrow().peerDisk().value()).isEqualTo(DiskState.UP_TO_DATE);
        assertThat(vm1.connection("charlie").orElseThrow().connection().value())
                .isEqualTo(CState.CONNECTING);
        assertThat(nine.get(1).suspended()).containsExactly("quorum");
        assertThat(nine.get(1).devices().get(0).quorum()).isFalse();

        List<ResourceState> verbose = DrbdadmStatusParser.parse(
                Samples.section("drbdsetup_status", "beta", "drbdsetup status --verbose", 0).output()).value();
        assertThat(verbose).hasSize(3);
        assertThat(verbose.get(0).writeOrdering()).isEqualTo("flush");
        assertThat(verbose.get(0).devices().get(0).stats().lowerPending()).isZero();
        assertThat(verbose.get(0).connections().get(0).peerDevices().get(0).stats().receivedKiB()).isEqualTo(131360L);
    }

    @Test
    void dumpXml84FromTheLab() throws ParseException {
        DrbdConfig cfg = DumpXmlParser.parse(Samples.section("drbdadm_dump", "alpha", "drbdadm dump-xml", 0).output())
                .value();
        assertThat(cfg.file()).isEqualTo("/etc/drbd.conf");
        assertThat(cfg.resources()).extracting(ResourceConfig::name).containsExactly("r0", "r1", "r2");
        ResourceConfig r0 = cfg.resource("r0").orElseThrow();
        assertThat(r0.hosts()).extracting(HostConfig::name).containsExactly("alpha", "beta");
        HostConfig alpha = r0.host("alpha").orElseThrow();
        assertThat(alpha.address()).isEqualTo("10.99.0.11");
        assertThat(alpha.port()).isEqualTo(7789);
        assertThat(alpha.volumes().get(0).minor()).isZero();
        assertThat(alpha.volumes().get(0).disk()).isEqualTo("/dev/vdb");
        assertThat(r0.protocol()).isEqualTo("C");
        assertThat(r0.allowTwoPrimaries()).isFalse();
        assertThat(r0.option("disk", "resync-rate")).contains("40M");
        assertThat(cfg.resourceOfMinor("gamma", 2)).contains("r2");
        assertThat(cfg.resourceOfMinor("gamma", 0)).isEmpty();

        DrbdConfig single = DumpXmlParser.parse(Samples.section("drbdadm_dump", "alpha", "drbdadm dump-xml r0", 0)
                .output()).value();
        assertThat(single.resources()).singleElement().extracting(ResourceConfig::name).isEqualTo("r0");
    }

    @Test
    void dumpXml9WithNodeIdsCommonSectionsFencingAndHandlers() throws ParseException {
        ResourceConfig vm1 = DumpXmlParser.parse(Samples.fixture("dump_xml_drbd9.xml")).value().resources().get(0);
        assertThat(vm1.hosts()).extracting(HostConfig::nodeId).containsExactly(0, 1, 2);
        assertThat(vm1.hosts().get(0).volumes()).hasSize(2);
        assertThat(vm1.allowTwoPrimaries()).isTrue();
        assertThat(vm1.fencing()).isEqualTo("resource-and-stonith");
        assertThat(vm1.afterSplitBrain(0)).isEqualTo("discard-zero-changes");
        assertThat(vm1.afterSplitBrain(1)).isEqualTo("disconnect");
        assertThat(vm1.protocol()).isEqualTo("C");
        assertThat(vm1.handlers()).containsEntry("fence-peer", "/usr/lib/drbd/crm-fence-peer.9.sh");
        assertThat(vm1.option("options", "quorum")).contains("majority");
    }

    @Test
    void dumpXmlRefusesDoctypesAndReportsTheLine() {
        assertThatThrownBy(() -> DumpXmlParser.parse("<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "
                + "\"file:///etc/passwd\">]>\n<config>&e;</config>")).isInstanceOf(ParseException.class)
                .hasMessageContaining("DOCTYPE");
        assertThatThrownBy(() -> DumpXmlParser.parse("<config>\n  <resource name=\"r0\">\n</config>"))
                .isInstanceOfSatisfying(ParseException.class, e -> assertThat(e.lineNumber()).isEqualTo(3));
        assertThatThrownBy(() -> DumpXmlParser.parse("<html/>")).isInstanceOf(ParseException.class)
                .hasMessageContaining("expected <config> or <resource>");
    }

    @Test
    void realRefusalsAreTyped() {
        String stderr = Samples.section("refusals", "alpha", "mkdir -p /mnt/r0; mount", 0).output();
        List<Refusal> r = RefusalParser.parse(stderr);
        assertThat(r).singleElement().satisfies(x -> {
            assertThat(x.object()).isEqualTo("0");
            assertThat(x.code()).isEqualTo(-12);
            assertThat(x.reason()).isEqualTo(RefusalReason.DEVICE_IN_USE);
            assertThat(x.text()).isEqualTo("Device is held open by someone");
            assertThat(x.stateChange()).isTrue();
            assertThat(x.retryable()).isFalse();
            assertThat(x.command()).isEqualTo("drbdsetup-84 secondary 0");
            assertThat(x.commandExitCode()).isEqualTo(11);
        });
        Refusal two = RefusalParser.parse(Samples.section("refusals", "beta", "drbdadm primary r0", 0).output()).get(0);
        assertThat(two.reason()).isEqualTo(RefusalReason.TWO_PRIMARIES);
        assertThat(two.text()).isEqualTo(RefusalReason.TWO_PRIMARIES.kernelText());

        Refusal cfg = RefusalParser.parse(Samples.section("split_brain", "beta", "drbdadm secondary r1", 0).output())
                .get(0);
        assertThat(cfg.stateChange()).isFalse();
        assertThat(cfg.code()).isEqualTo(162);
        assertThat(cfg.reason()).isEqualTo(RefusalReason.INVALID_REQUEST);
        assertThat(cfg.commandExitCode()).isEqualTo(10);
    }

    @Test
    void drbd9OpenerListAndRetryableCodes() {
        Refusal r = RefusalParser.parse(Samples.fixture("refusal_drbd9_openers.txt")).get(0);
        assertThat(r.object()).isEqualTo("vm1");
        assertThat(r.openers()).containsExactly(
                new Refusal.Opener("drbd1000", "qemu-system-x86", 4242, "2026-03-01 10:00:00.123"),
                new Refusal.Opener("drbd1000", "blkid", 777, null));
        assertThat(RefusalParser.parse("0: State change failed: (-18) In transient state, retry after next state "
                + "change").get(0).retryable()).isTrue();
        assertThat(RefusalParser.parse("r0: State change failed: (-19) Concurrent state changes detected and aborted")
                .get(0).retryable()).isTrue();
        assertThat(RefusalParser.parse("r0: State change failed: (-25) No quorum").get(0).reason())
                .isEqualTo(RefusalReason.NO_QUORUM);
        assertThat(RefusalParser.parse("r0: State change failed: (-99) Something new").get(0).reason())
                .isEqualTo(RefusalReason.OTHER);
        assertThat(RefusalParser.parse("nothing to see")).isEmpty();
    }

    @Test
    void versionsOf84KernelWith9UtilsAndOfDrbd9() throws ParseException {
        UtilsVersion lab = VersionParser.parse(Samples.section("drbdadm_status", "alpha", "drbdadm --version", 0)
                .output()).value();
        assertThat(lab.utilsVersion()).isEqualTo("9.22.0");
        assertThat(lab.utilsVersionCode()).isEqualTo(0x091600);
        assertThat(lab.kernelVersionCode()).isEqualTo(0x08040b);
        assertThat(lab.kernelVersion()).isEqualTo("8.4.11");
        assertThat(lab.buildTag()).startsWith("GIT-hash: 409097fe");

        UtilsVersion nine = VersionParser.parse(Samples.fixture("drbdadm_version_drbd9.txt")).value();
        assertThat(nine.kernelVersion()).isEqualTo("9.2.12");
        assertThat(nine.kernelVersionFromCode()).isEqualTo("9.2.12");
        assertThatThrownBy(() -> VersionParser.parse("hello world")).isInstanceOf(ParseException.class);
    }
}
