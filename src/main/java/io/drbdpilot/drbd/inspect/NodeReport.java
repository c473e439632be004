// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.inspect;

import io.drbdpilot.drbd.config.DrbdConfig;
import io.drbdpilot.drbd.health.Finding;
import io.drbdpilot.drbd.model.KernelVersion;
import io.drbdpilot.drbd.model.Refusal;
import io.drbdpilot.drbd.model.ResourceState;
import io.drbdpilot.drbd.model.UtilsVersion;
import java.util.List;

/**
 * What {@code inspect} learnt about one node: the latest state, where it came from, and the findings.
 *
 * @param node      host name from the capture, or the input's name
 * @param source    which section or format gave the state
 * @param kernel    from a /proc/drbd header, or null
 * @param utils     from drbdadm --version, or null
 * @param config    from dump-xml, or null
 * @param refusals  refusals seen in command output
 * @param warnings  what was skipped or incomplete
 */
public record NodeReport(String node, String source, KernelVersion kernel, UtilsVersion utils, DrbdConfig config,
        List<ResourceState> resources, List<Refusal> refusals, List<Finding> findings, List<String> warnings) {

    public NodeReport {
        resources = List.copyOf(resources);
        refusals = List.copyOf(refusals);
        findings = List.copyOf(findings);
        warnings = List.copyOf(warnings);
    }
}
