// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.drbdpilot.drbd.Samples;
import io.drbdpilot.drbd.model.KernelVersion;
import io.drbdpilot.drbd.model.PeerDeviceState;
import io.drbdpilot.drbd.model.ResourceState;
import io.drbdpilot.drbd.model.UtilsVersion;
import io.drbdpilot.drbd.parse.Events2Stream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which read mode a node gets, and what /proc/drbd adds to events2 on 8.4. */
class ReadModeTest {

    private static KernelVersion kernel(String v) {
        return new KernelVersion(v, "1", "86-101", null, null, null, false);
    }

    private static UtilsVersion utils(String v, String kernelVersion) {
        return new UtilsVersion(v, 0, 0, kernelVersion, null, null);
    }

    @Test
    void theVersionsChooseTheReadMode() {
        assertThat(ReadMode.choose(kernel("9.2.12"), utils("9.30.0", "9.2.12"))).isEqualTo(ReadMode.EVENTS2_POLL);
        assertThat(ReadMode.choose(kernel("8.4.11"), utils("9.22.0", "8.4.11"))).isEqualTo(ReadMode.EVENTS2_PROC);
        assertThat(ReadMode.choose(kernel("8.4.6"), utils("8.9.3", "8.4.6"))).isEqualTo(ReadMode.EVENTS2_PROC);
        assertThat(ReadMode.choose(kernel("8.4.5"), utils("9.22.0", "8.4.5"))).isEqualTo(ReadMode.PROC);
        assertThat(ReadMode.choose(kernel("8.4.11"), utils("8.9.2", "8.4.11"))).isEqualTo(ReadMode.PROC);
        assertThat(ReadMode.choose(kernel("8.3.16"), null)).isEqualTo(ReadMode.PROC);
        assertThat(ReadMode.choose(null, utils("9.22.0", "9.1.4"))).isEqualTo(ReadMode.EVENTS2_POLL);
        assertThat(ReadMode.choose(null, null)).isEqualTo(ReadMode.EVENTS2_PROC);
    }

    @Test
    void procDrbdAddsSpeedEtaAndFreshCountersToAnEightFourResync() throws Exception {
        List<ResourceState> events = Events2Stream.parse(Samples.section("resync", "alpha",
                "drbdsetup events2 --now --statistics r0", 0).output()).value().resources();
        PeerDeviceState before = events.get(0).connections().get(0).peerDevices().get(0);
        assertThat(before.resync().speedKiBps()).isNull(); // 8.4 events2 has no speed, ETA or percentage

        ProcReadings proc = new ProcReadings();
        assertThat(proc.update(Samples.section("resync", "alpha", "cat /proc/drbd", 2).output())).isTrue();
        List<ResourceState> merged = proc.overlay(events);
        PeerDeviceState p = merged.get(0).connections().get(0).peerDevices().get(0);
        assertThat(p.resync().speedKiBps()).isEqualTo(4944L);
        assertThat(p.resync().etaSeconds()).isEqualTo(5L);
        assertThat(p.resync().percent()).isEqualTo(45.5);
        assertThat(p.outOfSyncKiB()).isEqualTo(26200L);
        assertThat(p.resyncSuspended()).isEqualTo("no");
        assertThat(p.replication()).isEqualTo(before.replication());

        // The same reading again is no change; without a resync the records are the events2 ones, untouched.
        assertThat(proc.update(Samples.section("resync", "alpha", "cat /proc/drbd", 2).output())).isFalse();
        proc.clear();
        assertThat(proc.overlay(events)).isSameAs(events);
    }

    @Test
    void aPolledMinorKeepsItsRecordWhileItsLineDoesNotChange() throws Exception {
        ProcReadings proc = new ProcReadings();
        proc.update(Samples.section("resync", "beta", "cat /proc/drbd", 0).output());
        List<ResourceState> first = proc.resources(null, "beta");
        proc.update(Samples.section("resync", "beta", "cat /proc/drbd", 1).output());
        List<ResourceState> second = proc.resources(null, "beta");
        assertThat(first).extracting(ResourceState::name).containsExactly("minor-0", "minor-1", "minor-2");
        assertThat(second.get(0)).isNotSameAs(first.get(0)); // the resync moved on
        assertThat(second.get(1)).isSameAs(first.get(1)); // minor 1 did not change
        assertThat(second.get(2)).isSameAs(first.get(2));
    }
}
