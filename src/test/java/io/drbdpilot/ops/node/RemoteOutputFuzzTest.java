// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.drbdpilot.FuzzInputs;
import io.drbdpilot.drbd.Samples;
import io.drbdpilot.ops.workload.Workloads;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * The readers of what workload tools print on a node ({@code virsh}, {@code xl}, {@code systemctl}, {@code lsof},
 * {@code /proc/mounts}): 100,000 random and mutated inputs each, seeded with the lab's real libvirt output. None may
 * throw; each must still find what a real output holds.
 */
class RemoteOutputFuzzTest {

    private static final int INPUTS = 100_000;
    private static final Map<Integer, String> MINORS = Map.of(0, "r0", 1, "r1", 7, "vm-mail");

    static final String DOMJOBINFO = """
            Job type:         Unbounded
            Operation:        Outgoing migration
            Time elapsed:     1544         ms
            Data processed:   488.855 KiB
            Data remaining:   15.898 MiB
            Data total:       16.375 MiB
            Memory processed: 488.855 KiB
            """;
    static final String XL = """
            [
                {
                    "domid": 3,
                    "config": {
                        "c_info": {"type": "pv", "name": "mail"},
                        "disks": [
                            {"pdev_path": "/dev/drbd1", "vdev": "xvda", "format": "raw"},
                            {"pdev_path": "drbd:vm-mail", "vdev": "xvdb", "script": "block-drbd"}
                        ]
                    }
                }
            ]
            """;
    static final String DEPS = """
            srv-data.mount
            nfs-server.service
            smbd.service
            local-fs.target
            """;
    static final String LSOF = """
            COMMAND   PID USER   FD   TYPE DEVICE SIZE/OFF NODE NAME
            qemu-syst 812 root   14u   BLK  147,1      0t0  221 /dev/drbd1
            """;
    static final String MOUNTS = """
            /dev/sda1 / ext4 rw,relatime 0 0
            /dev/drbd0 /srv/data ext4 rw,relatime 0 0
            /dev/drbd1 /srv/my\\040files xfs rw 0 0
            """;

    private static final String[] TOKENS = {"Data processed:", "Data total:", " KiB", " MiB", " GiB", " TiB", " B",
        "1.2.3", "99999999999999999999999", "NaN", "-1", "0", ".", "/dev/drbd", "/dev/drbd99999999999",
        "/dev/drbd/by-res/", "drbd:", ".service", "\n", "\t", " ", "\u0000", "\u001b[2J", "{", "}", "[", "]", "\"",
        ":", ",", "pdev_path", "disks", "config", "null", "\\040", "-", "é", "\u2028"};

    @Test
    void everyReaderTakesAnyTextWithoutThrowing() {
        List<String> seeds = new ArrayList<>(List.of(DOMJOBINFO, XL, DEPS, LSOF, MOUNTS));
        seeds.add(Samples.lab("virt_virsh"));
        seeds.add(Samples.lab("virt_migrate"));
        Map<String, Consumer<String>> readers = new LinkedHashMap<>();
        readers.put("virsh domjobinfo", t -> assertThat(RemoteOutput.migrationProgress(t)).isBetween(-1.0, 1.0));
        readers.put("virsh domjobinfo phase", t -> assertThat(RemoteOutput.migrationPhase(t)).isNotBlank());
        readers.put("virsh domblklist", t -> Workloads.resourcesIn(t, MINORS));
        readers.put("xl list -l", t -> Workloads.xenResources(t, MINORS));
        readers.put("systemctl list-dependencies", RemoteOutput::services);
        readers.put("lsof", t -> RemoteOutput.lsofProcesses(t, "/dev/drbd1"));
        readers.put("/proc/mounts", t -> RemoteOutput.mounts(t, d -> d.startsWith("/dev/drbd")));
        readers.put("virsh list --uuid", t -> RemoteOutput.lines(t).forEach(WorkloadCommands::isUuid));
        readers.forEach((name, reader) -> {
            SplittableRandom rnd = new SplittableRandom(name.hashCode());
            for (int i = 0; i < INPUTS; i++) {
                String input = FuzzInputs.input(rnd, seeds, TOKENS, 0x3000);
                try {
                    reader.accept(input);
                } catch (RuntimeException | StackOverflowError e) {
                    fail(name + " threw " + e + " for input #" + i + ":\n" + input, e);
                }
            }
        });
    }

    @Test
    void theReadersStillFindWhatRealOutputHolds() {
        assertThat(RemoteOutput.migrationProgress(DOMJOBINFO)).isCloseTo(488.855 / (16.375 * 1024),
                Offset.offset(1e-9));
        assertThat(RemoteOutput.migrationProgress("Data processed: 1.2.3 MiB\nData total: 2 MiB")).isEqualTo(-1);
        assertThat(RemoteOutput.migrationProgress("Job type:         None        \n")).isEqualTo(-1);
        assertThat(Workloads.xenResources(XL, MINORS)).containsExactly("r1", "vm-mail");
        assertThat(RemoteOutput.services(DEPS)).containsExactly("nfs-server", "smbd");
        assertThat(RemoteOutput.lsofProcesses(LSOF, "/dev/drbd1")).containsExactly("qemu-syst (pid 812) on /dev/drbd1");
        assertThat(RemoteOutput.mounts(MOUNTS, d -> d.startsWith("/dev/drbd"))).extracting(Probe.Mount::path)
                .containsExactly("/srv/data", "/srv/my\\040files");
        assertThat(Workloads.resourcesIn(" vda      /dev/drbd1\n vdb /dev/drbd/by-res/r0/0\n", MINORS))
                .containsExactly("r1", "r0");
    }

    /** What real libvirt 9.0 printed during a live migration in the virt lab (samples/virt_migrate.txt). */
    @org.junit.jupiter.api.Test
    void aMigrationJobIsDescribedAsLibvirtPrintsItPhaseByPhase() {
        assertThat(RemoteOutput.migrationPhase("Job type:         None        \n\n"))
                .isEqualTo("waiting for the migration job to start");
        String starting = "Job type:         Unbounded   \nOperation:        Outgoing migration\nTime elapsed:     2571"
                + "         ms\n\n";
        assertThat(RemoteOutput.migrationProgress(starting)).isEqualTo(-1);
        assertThat(RemoteOutput.migrationPhase(starting)).isEqualTo("starting on the target, 2.6 s");
        assertThat(RemoteOutput.migrationPhase(DOMJOBINFO)).startsWith("copying memory, 3 %");
    }
}
