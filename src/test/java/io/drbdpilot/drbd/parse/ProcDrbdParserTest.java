// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drbdpilot.drbd.Samples;
import io.drbdpilot.drbd.model.ConnState84;
import io.drbdpilot.drbd.model.CState;
import io.drbdpilot.drbd.model.DiskState;
import io.drbdpilot.drbd.model.ReplicationState;
import io.drbdpilot.drbd.model.ResourceState;
import io.drbdpilot.drbd.model.ResyncProgress;
import io.drbdpilot.drbd.model.Role;
import org.junit.jupiter.api.Test;

class ProcDrbdParserTest {

    private static ProcDrbd parse(String text) throws ParseException {
        return ProcDrbdParser.parse(text).value();
    }

    @Test
    void realConnected84WithSrcversionAndBlankLinesForMissingMinors() throws ParseException {
        ProcDrbd alpha = parse(Samples.section("proc_drbd_connected", "alpha", "cat /proc/drbd", 0).output());
        assertThat(alpha.kernel().version()).isEqualTo("8.4.11");
        assertThat(alpha.kernel().api()).isEqualTo("1");
        assertThat(alpha.kernel().proto()).isEqualTo("86-101");
        assertThat(alpha.kernel().srcVersion()).isEqualTo("F73C670A7EC572DB9CF3E5B");
        assertThat(alpha.kernel().gitHash()).isNull();
        assertThat(alpha.devices()).hasSize(2);
        ProcDevice d0 = alpha.devices().get(0);
        assertThat(d0.minor()).isZero();
        assertThat(d0.cs().value()).isEqualTo(ConnState84.CONNECTED);
        assertThat(d0.role().value()).isEqualTo(Role.PRIMARY);
        assertThat(d0.peerRole().value()).isEqualTo(Role.SECONDARY);
        assertThat(d0.disk().value()).isEqualTo(DiskState.UP_TO_DATE);
        assertThat(d0.peerDisk().value()).isEqualTo(DiskState.UP_TO_DATE);
        assertThat(d0.protocol()).isEqualTo('C');
        assertThat(d0.flags()).isEqualTo("r-----");
        assertThat(d0.counter("ns")).isEqualTo(131360L);
        assertThat(d0.counter("dw")).isEqualTo(135549L);
        assertThat(d0.counter("oos")).isZero();
        assertThat(d0.counters().get("wo")).isEqualTo("f");
        assertThat(d0.progress()).isNull();

        ProcDrbd gamma = parse(Samples.section("proc_drbd_connected", "gamma", "cat /proc/drbd", 0).output());
        assertThat(gamma.devices()).extracting(ProcDevice::minor).containsExactly(2);
        assertThat(gamma.devices().get(0).role().value()).isEqualTo(Role.SECONDARY);
    }

    @Test
    void realResyncOnBothSidesIncludingThe84RoundingQuirk() throws ParseException {
        ProcDevice source = parse(Samples.section("resync", "alpha", "cat /proc/drbd", 1).output()).devices().get(0);
        assertThat(source.cs().value()).isEqualTo(ConnState84.SYNC_SOURCE);
        assertThat(source.progress()).isEqualTo(new ResyncProgress(18.2, 37324L, 41032L, 3708L, 3708L, null, 9L,
                false, false));

        ProcDevice target = parse(Samples.section("resync", "beta", "cat /proc/drbd", 0).output()).devices().get(0);
        assertThat(target.cs().value()).isEqualTo(ConnState84.SYNC_TARGET);
        assertThat(target.disk().value()).isEqualTo(DiskState.INCONSISTENT);
        assertThat(target.progress().wantKiBps()).isEqualTo(4096L);
        assertThat(target.progress().percent()).isEqualTo(27.3);

        // 8.4 prints 100.0% while 248K are still out of sync.
        ProcDevice done = parse(Samples.section("resync", "beta", "cat /proc/drbd", 2).output()).devices().get(0);
        assertThat(done.progress().percent()).isEqualTo(100.0);
        assertThat(done.progress().leftKiB()).isEqualTo(248L);
        assertThat(done.counter("oos")).isEqualTo(248L);
    }

    @Test
    void realStandAloneHasNoProtocolLetterAndMapsToTheCommonModel() throws ParseException {
        ProcDrbd p = parse(Samples.section("split_brain", "beta", "cat /proc/drbd", 0).output());
        ProcDevice r1 = p.devices().get(1);
        assertThat(r1.cs().value()).isEqualTo(ConnState84.STANDALONE);
        assertThat(r1.protocol()).isNull();
        assertThat(r1.peerRole().value()).isEqualTo(Role.UNKNOWN);
        assertThat(r1.peerDisk().value()).isEqualTo(DiskState.DUNKNOWN);

        ResourceState res = Drbd84Mapping.toResource(r1, "r1");
        assertThat(res.role().value()).isEqualTo(Role.PRIMARY);
        var conn = res.connections().get(0);
        assertThat(conn.peerNodeId()).isZero();
        assertThat(conn.name()).isEqualTo("peer");
        assertThat(conn.connection().value()).isEqualTo(CState.STANDALONE);
        assertThat(conn.peerDevices().get(0).replication().value()).isEqualTo(ReplicationState.OFF);
        assertThat(conn.peerDevices().get(0).outOfSyncKiB()).isEqualTo(2048L);
    }

    @Test
    void wfConnectionMapsToConnectingAndSyncStatesToConnected() {
        assertThat(ConnState84.WF_CONNECTION.connection()).isEqualTo(CState.CONNECTING);
        assertThat(ConnState84.WF_CONNECTION.replication()).isEqualTo(ReplicationState.OFF);
        assertThat(ConnState84.CONNECTED.replication()).isEqualTo(ReplicationState.ESTABLISHED);
        assertThat(ConnState84.SYNC_TARGET.connection()).isEqualTo(CState.CONNECTED);
        assertThat(ConnState84.SYNC_TARGET.replication()).isEqualTo(ReplicationState.SYNC_TARGET);
        assertThat(ConnState84.BEHIND.replication()).isEqualTo(ReplicationState.BEHIND);
        for (ConnState84 cs : ConnState84.values()) {
            assertThat(ConnState84.parse(cs.drbdName())).isEqualTo(cs == ConnState84.UNRECOGNIZED
                    ? ConnState84.UNRECOGNIZED : cs);
        }
    }

    @Test
    void drbd07UsesStAndLdAndPrintsStalledOnItsOwnLine() throws ParseException {
        ProcDrbd p = parse(Samples.fixture("proc_drbd_07.txt"));
        assertThat(p.kernel().version()).isEqualTo("0.7.25");
        assertThat(p.kernel().major()).isZero();
        assertThat(p.kernel().gitHash()).isEqualTo("3094");
        ProcDevice d = p.devices().get(0);
        assertThat(d.role().value()).isEqualTo(Role.PRIMARY);
        // 0.7's ld:Consistent is its good state (no UpToDate yet); the raw word is kept for display
        assertThat(d.disk().value()).isEqualTo(DiskState.UP_TO_DATE);
        assertThat(d.disk().raw()).isEqualTo("Consistent");
        assertThat(d.peerDisk()).isNull();
        assertThat(d.progress().stalled()).isTrue();
        assertThat(d.progress().percent()).isEqualTo(100.0);
        assertThat(p.devices().get(1).unconfigured()).isTrue();
    }

    @Test
    void drbd80HasFourFlagsFewerCountersAndLruLinesThatAreKept() throws ParseException {
        ProcDrbd p = parse(Samples.fixture("proc_drbd_80.txt"));
        assertThat(p.kernel().gitHash()).startsWith("5c9f8959");
        assertThat(p.kernel().build()).startsWith("build by root@vpc");
        ProcDevice d = p.devices().get(0);
        assertThat(d.flags()).isEqualTo("r---");
        assertThat(d.counters()).containsOnlyKeys("ns", "nr", "dw", "dr", "al", "bm", "lo", "pe", "ua", "ap");
        assertThat(d.extraLines()).hasSize(2).allSatisfy(l -> assertThat(l).containsAnyOf("resync:", "act_log:"));
        assertThat(p.devices().get(1).disk().value()).isEqualTo(DiskState.OUTDATED);
        assertThat(p.devices().get(1).protocol()).isNull();
    }

    @Test
    void drbd83MegabyteUnitsThousandsSeparatorsVerifyStalledAndPausedFlags() throws ParseException {
        ProcDrbd p = parse(Samples.fixture("proc_drbd_83.txt"));
        ProcDevice sync = p.devices().get(0);
        assertThat(sync.progress().leftKiB()).isEqualTo(5199L * 1024);
        assertThat(sync.progress().totalKiB()).isEqualTo(9007L * 1024);
        assertThat(sync.progress().speedKiBps()).isEqualTo(5176L);
        assertThat(sync.progress().avgSpeedKiBps()).isEqualTo(65736L);
        assertThat(sync.progress().wantKiBps()).isEqualTo(61440L);
        assertThat(sync.progress().etaSeconds()).isEqualTo(17 * 60 + 8L);
        assertThat(sync.progress().stalled()).isTrue();
        assertThat(sync.extraLines()).containsExactly("42% sector pos: 1234/5678");

        ProcDevice verify = p.devices().get(1);
        assertThat(verify.minor()).isEqualTo(2);
        assertThat(verify.progress().verify()).isTrue();
        assertThat(verify.progress().percent()).isEqualTo(4.5);
        assertThat(verify.progress().leftKiB()).isEqualTo(1_001_472L);
        assertThat(verify.flags()).isEqualTo("r---n-");

        assertThat(p.devices().get(2).unconfigured()).isTrue();
        ProcDevice paused = p.devices().get(3);
        assertThat(paused.ioSuspended()).isTrue();
        assertThat(paused.resyncSuspended()).isEqualTo("peer,user");
        assertThat(paused.alSuspended()).isTrue();
        assertThat(paused.protocol()).isEqualTo('A');
        assertThat(Drbd84Mapping.toResource(paused, "x").suspended()).containsExactly("user");
    }

    @Test
    void drbd9PrintsOnlyTheHeaderAndTransports() throws ParseException {
        ProcDrbd p = parse(Samples.fixture("proc_drbd_9.txt"));
        assertThat(p.kernel().major()).isEqualTo(9);
        assertThat(p.transports()).startsWith("Transports (api:21): tcp");
        assertThat(p.devices()).isEmpty();
    }

    @Test
    void unknownStateTextsAreKeptNotGuessed() throws ParseException {
        ProcDevice d = parse(" 0: cs:Frobbing ro:Primary/Leader ds:UpToDate/Shiny C r-----\n").devices().get(0);
        assertThat(d.cs().isUnrecognized()).isTrue();
        assertThat(d.cs().raw()).isEqualTo("Frobbing");
        assertThat(d.peerRole().value()).isEqualTo(Role.UNRECOGNIZED);
        assertThat(d.peerRole().raw()).isEqualTo("Leader");
        assertThat(d.peerDisk().raw()).isEqualTo("Shiny");
        ResourceState r = Drbd84Mapping.toResource(d, "r0");
        assertThat(r.connections().get(0).connection().raw()).isEqualTo("Frobbing");
    }

    @Test
    void aLineThatCannotBePlacedIsAWarningAndTheDevicesAroundItStay() throws ParseException {
        String text = "version: 8.4.11 (api:1/proto:86-101)\n 0: cs:Connected ro:Primary/Secondary ds:UpToDate/UpToDate C r-----\n"
                + "this is not drbd\n 1: cs:StandAlone ro:Secondary/Unknown ds:UpToDate/DUnknown   r-----\n"
                + "    ns:0 nr:0 dw:0 dr:0 al:0 bm:0 lo:0\npe:0 ua:0 ap:0 ep:1 wo:b oos:76\n";
        ParseResult<ProcDrbd> r = ProcDrbdParser.parse(text);
        assertThat(r.value().devices()).extracting(ProcDevice::minor).containsExactly(0, 1);
        assertThat(r.value().devices().get(1).counters()).containsEntry("oos", "76").containsEntry("lo", "0");
        assertThat(r.warnings()).extracting(ParseWarning::lineNumber).containsExactly(3, 6);
        assertThat(r.warnings().get(0).toString()).contains("not a /proc/drbd line; skipped").contains(
                "this is not drbd");
        assertThatThrownBy(() -> ProcDrbdParser.parse(" 0: cs:Connected C r-----\n"))
                .isInstanceOf(ParseException.class).hasMessageContaining("without a role");
        assertThatThrownBy(() -> ProcDrbdParser.parse("  \n")).isInstanceOf(ParseException.class)
                .hasMessageContaining("empty input");
        assertThatThrownBy(() -> ProcDrbdParser.parse("nothing here\nat all\n")).isInstanceOf(ParseException.class)
                .hasMessageContaining("no /proc/drbd header and no device lines");
    }

    @Test
    void aStreamCutMidLineYieldsWhatWasCompletePlusAWarning() throws ParseException {
        String text = "version: 8.4.11 (api:1/proto:86-101)\n"
                + " 0: cs:Connected ro:Primary/Secondary ds:UpToDate/UpToDate C r-----\n"
                + "    ns:1 nr:0 dw:1 dr:0 al:0 bm:0 lo:0 pe:0 ua:0 ap:0 ep:1 wo:f oos:0\n"
                + " 1: cs:Conn";
        ParseResult<ProcDrbd> r = ProcDrbdParser.parse(text);
        assertThat(r.value().devices()).hasSize(1);
        assertThat(r.warnings()).singleElement().satisfies(w -> {
            assertThat(w.lineNumber()).isEqualTo(4);
            assertThat(w.message()).contains("middle of a line");
        });
    }
}
