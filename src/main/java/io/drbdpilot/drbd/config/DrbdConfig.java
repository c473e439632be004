// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every resource from {@code drbdadm dump-xml}.
 *
 * @param byName the same resources by name (an index: clusters have thousands)
 */
public record DrbdConfig(String file, List<ResourceConfig> resources,
        @JsonIgnore Map<String, ResourceConfig> byName) {

    public DrbdConfig {
        resources = List.copyOf(resources);
        Map<String, ResourceConfig> m = new HashMap<>();
        resources.forEach(r -> m.putIfAbsent(r.name(), r));
        byName = Map.copyOf(m);
    }

    public DrbdConfig(String file, List<ResourceConfig> resources) {
        this(file, resources, Map.of());
    }

    /** This configuration with other's resources added; a resource in both is taken from other (the later read). */
    public DrbdConfig merge(DrbdConfig other) {
        if (other == null) {
            return this;
        }
        Map<String, ResourceConfig> byName = new LinkedHashMap<>();
        resources.forEach(r -> byName.put(r.name(), r));
        other.resources.forEach(r -> byName.put(r.name(), r));
        return new DrbdConfig(file != null && !file.isEmpty() ? file : other.file, List.copyOf(byName.values()));
    }

    public Optional<ResourceConfig> resource(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The resource that owns minor {@code minor} on host {@code host}; any host when host is null. */
    public Optional<String> resourceOfMinor(String host, int minor) {
        return resources.stream()
                .filter(r -> r.hosts().stream().anyMatch(h -> (host == null || h.name().equals(host))
                        && h.volumes().stream().anyMatch(v -> v.minor() != null && v.minor() == minor)))
                .map(ResourceConfig::name)
                .findFirst();
    }
}
