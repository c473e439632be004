// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cluster;

import io.drbdpilot.drbd.config.DrbdConfig;
import io.drbdpilot.drbd.config.ResourceConfig;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Shares one instance of each resource's configuration between the nodes of a cluster: every node of a resource
 * carries the same section, so a cluster holds it once instead of once per node. Entries go when no node's
 * configuration uses them any more. Thread-safe.
 */
final class ConfigPool {

    private final Map<ResourceConfig, WeakReference<ResourceConfig>> pool = new WeakHashMap<>();

    synchronized DrbdConfig share(DrbdConfig config) {
        if (config == null) {
            return null;
        }
        List<ResourceConfig> shared = new ArrayList<>(config.resources().size());
        for (ResourceConfig r : config.resources()) {
            WeakReference<ResourceConfig> ref = pool.get(r);
            ResourceConfig known = ref == null ? null : ref.get();
            if (known == null) {
                pool.put(r, new WeakReference<>(r));
                known = r;
            }
            shared.add(known);
        }
        return new DrbdConfig(config.file(), shared);
    }
}
