// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drbdpilot.drbd.Samples;
import io.drbdpilot.drbd.model.ConnectionState;
import io.drbdpilot.drbd.model.CState;
import io.drbdpilot.drbd.model.DiskState;
import io.drbdpilot.drbd.model.HelperEvent;
import io.drbdpilot.drbd.model.PathState;
import io.drbdpilot.drbd.model.PeerDeviceState;
import io.drbdpilot.drbd.model.ReplicationState;
import io.drbdpilot.drbd.model.ResourceState;
import io.drbdpilot.drbd.model.Role;
import io.drbdpilot.drbd.parse.Events2Event.Action;
import io.drbdpilot.drbd.parse.Events2Event.ObjectType;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class Events2Test {

    @Test
    void lineGrammarWithTimestampAndAddressesThatContainColons() throws ParseException {
        Events2Event e = Events2Parser.parseLine("2026-03-01T10:00:00.000001+01:00 exists path name:r0 peer-node-id:1 "
                + "conn-name:b local:ipv4:10.0.0.1:7000 peer:ipv4:10.0.0.2:7000 established:yes", 1);
        assertThat(e.timestamp()).isEqualTo("2026-03-01T10:00:00.000001+01:00");
        assertThat(e.time()).isEqualTo(OffsetDateTime.parse("2026-03-01T10:00:00.000001+01:00"));
        assertThat(e.action()).isEqualTo(Action.EXISTS);
        assertThat(e.object()).isEqualTo(ObjectType.PATH);
        assertThat(e.get("local")).isEqualTo("ipv4:10.0.0.1:7000");
        assertThat(e.fields()).containsKeys("name", "peer-node-id", "conn-name", "local", "peer", "established");
        assertThat(Events2Parser.parseLine("exists -", 2).object()).isEqualTo(ObjectType.END);
        assertThat(Events2Parser.parseLine("change widget name:r0 shiny:yes", 3).object()).isEqualTo(ObjectType.OTHER);
    }

    @Test
    void aDiffsOldToNewGivesTheNewValueAndOnlyForItsOwnField() throws ParseException {
        Events2Event e = Events2Parser.parseLine("change peer-device name:r0 peer-node-id:1 conn-name:b volume:0 "
                + "replication:SyncSource->Established peer-disk:Inconsistent->UpToDate out-of-sync:1024->0 "
                + "resync-suspended:no", 1);
        assertThat(e.get("replication")).isEqualTo("Established");
        assertThat(e.get("peer-disk")).isSameAs(DiskState.UP_TO_DATE.drbdName());
        assertThat(e.get("out-of-sync")).isEqualTo("0");
        assertThat(e.get("resync-suspended")).isEqualTo("no");
        // an arrow in a later field leaves the earlier ones whole; a lone '-' or '>' is no arrow
        Events2Event f = Events2Parser.parseLine("change resource name:r-> role:Primary x:a-b y:>c z:-", 2);
        assertThat(f.get("name")).isEqualTo("");
        assertThat(f.get("role")).isEqualTo("Primary");
        assertThat(f.get("x")).isEqualTo("a-b");
        assertThat(f.get("y")).isEqualTo(">c");
        assertThat(f.get("z")).isEqualTo("-");
    }

    @Test
    void malformedLinesNameTheLine() {
        assertThatThrownBy(() -> Events2Parser.parseLine("explode resource name:r0", 7))
                .isInstanceOfSatisfying(ParseException.class, e -> {
                    assertThat(e.lineNumber()).isEqualTo(7);
                    assertThat(e.getMessage()).contains("unknown events2 action 'explode'");
                });
        assertThatThrownBy(() -> Events2Parser.parseLine("change resource name:r0 justaword", 1))
                .isInstanceOf(ParseException.class).hasMessageContaining("expected key:value, found 'justaword'");
        assertThatThrownBy(() -> Events2Parser.parseLine("exists - name:r0", 1))
                .isInstanceOf(ParseException.class).hasMessageContaining("stand alone");
    }

    @Test
    void real84EmulationUsesPeerNodeZeroNamedPeer() throws ParseException {
        String text = Samples.section("drbdsetup_events2", "alpha", "drbdsetup events2 --now --statistics", 0).output();
        ParseResult<Events2State> r = Events2Stream.parse(text);
        assertThat(r.warnings()).isEmpty();
        Events2State st = r.value();
        assertThat(st.initialDumpComplete()).isTrue();
        List<ResourceState> res = st.resources();
        assertThat(res).extracting(ResourceState::name).containsExactly("r0", "r1");
        ResourceState r0 = res.get(0);
        assertThat(r0.role().value()).isEqualTo(Role.PRIMARY);
        assertThat(r0.writeOrdering()).isEqualTo("flush");
        assertThat(r0.devices().get(0).minor()).isZero();
        assertThat(r0.devices().get(0).stats().sizeKiB()).isEqualTo(131032L);
        ConnectionState c = r0.connections().get(0);
        assertThat(c.peerNodeId()).isZero();
        assertThat(c.name()).isEqualTo("peer");
        assertThat(c.connection().value()).isEqualTo(CState.CONNECTED);
        assertThat(c.peerRole().value()).isEqualTo(Role.SECONDARY);
        assertThat(c.congested()).isFalse();
        PeerDeviceState p = c.peerDevices().get(0);
        assertThat(p.replication().value()).isEqualTo(ReplicationState.ESTABLISHED);
        assertThat(p.stats().sentKiB()).isEqualTo(131360L);
        assertThat(p.outOfSyncKiB()).isZero();
    }

    @Test
    void real84DisconnectedAndResyncing() throws ParseException {
        Events2State cut = Events2Stream.parse(Samples.section("disconnect", "alpha", "drbdsetup events2", 0).output())
                .value();
        ConnectionState c = cut.resources().get(0).connections().get(0);
        assertThat(c.connection().value()).isEqualTo(CState.CONNECTING);
        assertThat(c.peerRole().value()).isEqualTo(Role.UNKNOWN);
        assertThat(c.peerDevices().get(0).replication().value()).isEqualTo(ReplicationState.OFF);

        Events2State sync = Events2Stream.parse(Samples.section("resync", "alpha", "drbdsetup events2", 0).output())
                .value();
        PeerDeviceState p = sync.resources().get(0).connections().get(0).peerDevices().get(0);
        assertThat(p.replication().value()).isEqualTo(ReplicationState.SYNC_SOURCE);
        assertThat(p.peerDisk().value()).isEqualTo(DiskState.INCONSISTENT);
        assertThat(p.resync()).isNotNull();
        assertThat(p.resync().leftKiB()).isEqualTo(11784L);
    }

    @Test
    void drbd9ThreeNodesTwoVolumesQuorumOpenersHelpersRenameDestroy() throws ParseException {
        Events2State st = Events2Stream.parse(Samples.fixture("events2_drbd9_3nodes.txt")).value();
        assertThat(st.resources()).extracting(ResourceState::name).containsExactly("vm1", "db");

        ResourceState vm1 = st.resources().get(0);
        assertThat(vm1.mayPromote()).isFalse();
        assertThat(vm1.promotionScore()).isEqualTo(10202);
        assertThat(vm1.forceIoFailures()).isFalse();
        assertThat(vm1.devices()).hasSize(2);
        assertThat(vm1.devices().get(0).open()).isTrue();
        assertThat(vm1.devices().get(0).quorum()).isTrue();
        assertThat(vm1.devices().get(0).backingDev()).isEqualTo("/dev/vg/vm1_0");
        assertThat(vm1.devices().get(1).minor()).isEqualTo(1001);
        assertThat(vm1.connections()).extracting(ConnectionState::name).containsExactly("bravo", "charlie");

        ConnectionState bravo = vm1.connection("bravo").orElseThrow();
        assertThat(bravo.peerNodeId()).isEqualTo(1);
        assertThat(bravo.connection().value()).isEqualTo(CState.CONNECTED);
        assertThat(bravo.paths()).containsExactly(new PathState("ipv4:10.0.0.1:7000", "ipv4:10.0.0.2:7000", true));
        // change lines carried only the changed keys: peer-client from the exists line survives.
        PeerDeviceState v0 = bravo.peerDevice(0).orElseThrow();
        assertThat(v0.replication().value()).isEqualTo(ReplicationState.WF_BITMAP_S);
        assertThat(v0.peerDisk().value()).isEqualTo(DiskState.OUTDATED);
        assertThat(v0.peerClient()).isFalse();
        PeerDeviceState v1 = bravo.peerDevice(1).orElseThrow();
        assertThat(v1.replication().value()).isEqualTo(ReplicationState.SYNC_SOURCE);
        assertThat(v1.resync().percent()).isEqualTo(42.17);
        assertThat(v1.resync().etaSeconds()).isEqualTo(61L);
        assertThat(v1.resync().speedKiBps()).isEqualTo(67L * 1024);
        assertThat(v1.outOfSyncKiB()).isEqualTo(6291456L);

        ConnectionState charlie = vm1.connection("charlie").orElseThrow();
        assertThat(charlie.peerDevice(0).orElseThrow().peerClient()).isTrue();
        assertThat(charlie.peerDevice(0).orElseThrow().peerDisk().value()).isEqualTo(DiskState.DISKLESS);
        assertThat(charlie.extra()).containsEntry("tls", "no");

        ResourceState db = st.resources().get(1);
        assertThat(db.suspended()).containsExactly("quorum");
        assertThat(db.devices().get(0).quorum()).isFalse();
        assertThat(db.extra()).containsEntry("frobnication", "7");

        assertThat(st.helperEvents()).hasSize(2);
        HelperEvent call = st.helperEvents().get(0);
        assertThat(call.helper()).isEqualTo("before-resync-source");
        assertThat(call.response()).isFalse();
        assertThat(st.helperEvents().get(1).status()).isZero();

        assertThat(st.replicationSince()).containsEntry(Events2State.peerDeviceKey("vm1", 1, 0),
                OffsetDateTime.parse("2026-03-01T10:00:09.100000+01:00"));
        // Only handshake states keep their start time: SyncSource is no longer a transient state.
        assertThat(st.replicationSince()).doesNotContainKey(Events2State.peerDeviceKey("vm1", 1, 1));
    }

    @Test
    void aCutStreamKeepsWhatWasCompleteAndWarnsAboutTheDumpToo() throws ParseException {
        String text = "exists resource name:r0 role:Primary suspended:no\n"
                + "exists connection name:r0 peer-node-id:0 conn-name:peer connection:Conn";
        ParseResult<Events2State> r = Events2Stream.parse(text);
        assertThat(r.value().resources()).singleElement().extracting(ResourceState::name).isEqualTo("r0");
        assertThat(r.warnings()).hasSize(1).first().extracting(ParseWarning::message).asString()
                .contains("initial state dump did not finish");
        // A line cut in a way that does not parse is dropped with its own warning.
        ParseResult<Events2State> r2 = Events2Stream.parse("exists resource name:r0 role:Primary\nexists resou");
        assertThat(r2.warnings()).extracting(ParseWarning::message)
                .anySatisfy(m -> assertThat(m).contains("middle of a line"));
    }
}
