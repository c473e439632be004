// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A resource's configuration as {@code drbdadm dump-xml} shows it, with the {@code common} sections merged under the
 * resource's own.
 *
 * @param sections section name ({@code net}, {@code disk}, {@code handlers}, {@code options}, {@code startup}) → option
 *                 name → value
 */
public record ResourceConfig(String name, String confFileLine, List<HostConfig> hosts,
        Map<String, Map<String, String>> sections) {

    /** The option names of {@link #afterSplitBrain(int)}, made once (the health check asks for all three often). */
    private static final String[] AFTER_SB = {"after-sb-0pri", "after-sb-1pri", "after-sb-2pri"};

    public ResourceConfig {
        hosts = List.copyOf(hosts);
        sections = Map.copyOf(sections);
    }

    /**
     * From the name and the configuration file's line only: equal configurations have equal ones. The cluster's pool
     * of configurations hashes every resource of every node as they arrive, and the record's own hash went through
     * every section and host each time (equality still compares them all).
     */
    @Override
    public int hashCode() {
        return 31 * Objects.hashCode(name) + Objects.hashCode(confFileLine);
    }

    public Optional<String> option(String section, String option) {
        return Optional.ofNullable(sections.getOrDefault(section, Map.of()).get(option));
    }

    /** Wire protocol; DRBD's default is C. */
    public String protocol() {
        return option("net", "protocol").orElse("C");
    }

    public boolean allowTwoPrimaries() {
        return option("net", "allow-two-primaries").map(v -> v.equals("yes") || v.isEmpty()).orElse(false);
    }

    /** Fencing policy: in {@code disk} for 8.4, {@code net} for 9; {@code dont-care} by default. */
    public String fencing() {
        return option("net", "fencing").or(() -> option("disk", "fencing")).orElse("dont-care");
    }

    /**
     * {@code after-sb-0pri}, {@code after-sb-1pri}, {@code after-sb-2pri} (primaries 0, 1 or 2): DRBD's default is
     * {@code disconnect}.
     */
    public String afterSplitBrain(int primaries) {
        return option("net", AFTER_SB[primaries]).orElse("disconnect");
    }

    public Map<String, String> handlers() {
        return sections.getOrDefault("handlers", Map.of());
    }

    public Optional<HostConfig> host(String hostName) {
        return hosts.stream().filter(h -> h.name().equals(hostName)).findFirst();
    }

    /** The resource name of a minor on a host, if this resource has it. */
    public boolean hasMinor(String hostName, int minor) {
        return host(hostName).map(h -> h.volumes().stream().anyMatch(v -> v.minor() != null && v.minor() == minor))
                .orElse(false);
    }
}
