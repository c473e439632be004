// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.drbdpilot.drbd.config.DrbdConfig;
import io.drbdpilot.drbd.config.ResourceConfig;
import io.drbdpilot.drbd.model.HelperEvent;
import io.drbdpilot.drbd.model.ResourceState;
import io.drbdpilot.drbd.parse.Events2State;
import io.drbdpilot.drbd.parse.Events2Stream;
import io.drbdpilot.drbd.parse.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The health check with a memo of each resource's findings gives exactly what a whole evaluation gives, in the same
 * order, step after step of random changes: resources changing (new states) or not (the same instances), the
 * configuration, helper events and split-brain evidence changing, the time passing over resyncs and handshakes.
 */
class HealthCheckMemoTest {

    private static final String[] ROLES = {"Primary", "Secondary"};
    private static final String[] SUSPENDED = {"no", "no", "no", "user"};
    private static final String[] CONNECTIONS = {"Connected", "Connected", "Connected", "StandAlone", "Connecting"};
    private static final String[] PEER_ROLES = {"Secondary", "Secondary", "Primary", "Unknown"};
    private static final String[] DISKS = {"UpToDate", "UpToDate", "UpToDate", "Outdated", "Inconsistent"};
    private static final String[] REPLICATIONS = {"Established", "Established", "Established", "SyncSource",
        "SyncTarget", "WFBitMapS", "VerifyS", "Off"};
    private static final String[] PEER_DISKS = {"UpToDate", "UpToDate", "Inconsistent", "Outdated", "DUnknown"};

    private static <T> T any(Random rnd, T[] from) {
        return from[rnd.nextInt(from.length)];
    }

    private static ResourceState randomState(Random rnd, String name) throws ParseException {
        String text = "exists resource name:" + name + " role:" + any(rnd, ROLES) + " suspended:" + any(rnd, SUSPENDED)
                + "\nexists connection name:" + name + " peer-node-id:1 conn-name:b connection:"
                + any(rnd, CONNECTIONS) + " role:" + any(rnd, PEER_ROLES)
                + "\nexists device name:" + name + " volume:0 minor:0 disk:" + any(rnd, DISKS)
                + "\nexists peer-device name:" + name + " peer-node-id:1 conn-name:b volume:0 replication:"
                + any(rnd, REPLICATIONS) + " peer-disk:" + any(rnd, PEER_DISKS)
                + (rnd.nextBoolean() ? " out-of-sync:4096" : "") + "\nexists -\n";
        return Events2Stream.parse(text).value().resources().get(0);
    }

    private static DrbdConfig randomConfig(Random rnd, int resources) {
        List<ResourceConfig> out = new ArrayList<>();
        for (int i = 0; i < resources; i++) {
            Map<String, String> net = new HashMap<>();
            if (rnd.nextInt(4) == 0) {
                net.put("allow-two-primaries", "yes");
            }
            if (rnd.nextInt(4) == 0) {
                net.put("after-sb-" + rnd.nextInt(3) + "pri", "discard-secondary");
            }
            out.add(new ResourceConfig("r" + i, null, List.of(), Map.of("net", net)));
        }
        return new DrbdConfig("/etc/drbd.conf", out);
    }

    @Test
    void memoisedFindingsAreTheWholeEvaluationsStepAfterStep() throws ParseException {
        for (long seed = 1; seed <= 20; seed++) {
            Random rnd = new Random(seed);
            int n = 12;
            List<ResourceState> states = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                states.add(randomState(rnd, "r" + i));
            }
            DrbdConfig config = randomConfig(rnd, n);
            List<HelperEvent> helpers = List.of();
            Set<String> splitBrain = Set.of();
            HealthPolicy policy = HealthPolicy.defaults();
            Instant now = Instant.parse("2026-01-01T10:00:00Z");
            Map<String, OffsetDateTime> since = new HashMap<>();
            Map<String, Instant> unchanged = new HashMap<>();
            HealthCheck.Memo memo = new HealthCheck.Memo();
            int withFindings = 0;
            for (int step = 0; step < 150; step++) {
                switch (rnd.nextInt(10)) {
                    case 0 -> config = rnd.nextBoolean() ? randomConfig(rnd, n) : null;
                    case 1 -> helpers = rnd.nextBoolean() ? List.of() : List.of(new HelperEvent(null,
                            "r" + rnd.nextInt(n), 0, "b", rnd.nextBoolean() ? "split-brain" : "fence-peer",
                            rnd.nextInt(3), rnd.nextBoolean()));
                    case 2 -> splitBrain = rnd.nextBoolean() ? Set.of() : Set.of("r" + rnd.nextInt(n));
                    case 3 -> policy = rnd.nextBoolean() ? HealthPolicy.defaults()
                            : new HealthPolicy(Duration.ofSeconds(5), Duration.ofMinutes(1));
                    default -> {
                        for (int k = rnd.nextInt(3); k > 0; k--) {
                            int i = rnd.nextInt(n);
                            states.set(i, randomState(rnd, "r" + i));
                        }
                    }
                }
                // time passes; handshakes and resyncs get their start times and their last progress
                now = now.plusSeconds(rnd.nextInt(120));
                String key = Events2State.peerDeviceKey("r" + rnd.nextInt(n), 1, 0);
                since.put(key, OffsetDateTime.ofInstant(now.minusSeconds(rnd.nextInt(600)), ZoneOffset.UTC));
                unchanged.put(key, now.minusSeconds(rnd.nextInt(900)));
                HealthInput in = new HealthInput(states, helpers, splitBrain, config, since, unchanged, now);
                List<Finding> whole = HealthCheck.evaluate(in, policy);
                assertThat(HealthCheck.evaluate(in, policy, memo)).as("seed %d step %d", seed, step)
                        .containsExactlyElementsOf(whole);
                withFindings += whole.isEmpty() ? 0 : 1;
            }
            assertThat(withFindings).as("steps with findings, seed %d", seed).isPositive();
        }
    }

    @Test
    void anUnchangedResourceKeepsItsFindingsAndANewConfigurationJudgesItAgain() throws ParseException {
        ResourceState standAlone = Events2Stream.parse("""
                exists resource name:r0 role:Primary suspended:no
                exists connection name:r0 peer-node-id:1 conn-name:b connection:StandAlone role:Unknown
                exists device name:r0 volume:0 minor:0 disk:UpToDate
                exists peer-device name:r0 peer-node-id:1 conn-name:b volume:0 replication:Off peer-disk:DUnknown
                exists -
                """).value().resources().get(0);
        DrbdConfig config = new DrbdConfig("/etc/drbd.conf", List.of(new ResourceConfig("r0", null, List.of(),
                Map.of())));
        HealthCheck.Memo memo = new HealthCheck.Memo();
        HealthInput in = new HealthInput(List.of(standAlone), List.of(), Set.of(), config, Map.of(), Map.of(),
                Instant.EPOCH);
        List<Finding> first = HealthCheck.evaluate(in, HealthPolicy.defaults(), memo);
        assertThat(first).extracting(Finding::kind).containsExactly(FindingKind.STANDALONE);
        List<Finding> again = HealthCheck.evaluate(in, HealthPolicy.defaults(), memo);
        assertThat(again.get(0)).isSameAs(first.get(0)); // taken from the memo, not judged again
        DrbdConfig same = new DrbdConfig("/etc/drbd.conf", config.resources());
        List<Finding> other = HealthCheck.evaluate(new HealthInput(List.of(standAlone), List.of(), Set.of(), same,
                Map.of(), Map.of(), Instant.EPOCH), HealthPolicy.defaults(), memo);
        assertThat(other.get(0)).isNotSameAs(first.get(0)).isEqualTo(first.get(0));
    }
}
