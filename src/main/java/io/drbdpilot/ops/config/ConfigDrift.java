// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.config;

import io.drbdpilot.drbd.config.AdjustAction;
import io.drbdpilot.drbd.config.ConfigText;
import io.drbdpilot.ops.node.Probe;
import io.drbdpilot.ssh.SshException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a resource's configuration disagrees, read fresh from every node: the files differ between nodes
 * ({@code drbdadm dump RES}, comments dropped, secrets masked), and a node's kernel runs something else than its file
 * ({@code drbdadm -d adjust RES} is not empty). A node that could not be read is in {@link #unread}, never "in sync".
 *
 * @param dumps  per node read: the normalised dump
 * @param adjust per node read: what adjust would run there, explained
 * @param unread per node not read: why
 */
public record ConfigDrift(String resource, List<String> nodes, Map<String, List<String>> dumps,
        Map<String, List<AdjustAction>> adjust, Map<String, String> unread) {

    public ConfigDrift {
        nodes = List.copyOf(nodes);
        dumps = Map.copyOf(dumps);
        adjust = Map.copyOf(adjust);
        unread = Map.copyOf(unread);
    }

    /** Reads the dump and the dry-run adjust of the resource on each node. */
    public static ConfigDrift read(Probe probe, String res, List<String> nodes) throws InterruptedException {
        Map<String, List<String>> dumps = new LinkedHashMap<>();
        Map<String, List<AdjustAction>> adjust = new LinkedHashMap<>();
        Map<String, String> unread = new LinkedHashMap<>();
        for (String n : nodes) {
            try {
                dumps.put(n, ConfigText.normalize(probe.dump(n, res)));
                adjust.put(n, probe.adjustPlan(n, res).stream().map(AdjustAction::of).toList());
            } catch (SshException e) {
                unread.put(n, e.getMessage());
                dumps.remove(n);
            }
        }
        return new ConfigDrift(res, nodes, dumps, adjust, unread);
    }

    public boolean complete() {
        return unread.isEmpty();
    }

    /** The first node read: the one the others' files are compared with. */
    public String reference() {
        return nodes.stream().filter(dumps::containsKey).findFirst().orElse(null);
    }

    /** The nodes whose file differs from the reference node's. */
    public List<String> filesDifferOn() {
        String ref = reference();
        return ref == null ? List.of() : nodes.stream().filter(n -> dumps.containsKey(n) && !n.equals(ref)
                && !dumps.get(n).equals(dumps.get(ref))).toList();
    }

    /** The reference node's file against {@code node}'s: {@code -} only on the reference, {@code +} only there. */
    public List<String> diff(String node) {
        String ref = reference();
        return ref == null || !dumps.containsKey(node) ? List.of() : ConfigText.diff(dumps.get(ref), dumps.get(node));
    }

    /** The nodes whose kernel runs something else than their file, in the nodes' order. */
    public List<String> kernelDiffersOn() {
        return nodes.stream().filter(n -> adjust.containsKey(n) && !adjust.get(n).isEmpty()).toList();
    }

    /** Files and kernels agree everywhere, as far as every node was read. */
    public boolean inSync() {
        return complete() && filesDifferOn().isEmpty() && kernelDiffersOn().isEmpty();
    }

    /** The findings in words: one paragraph per disagreement, with the exact difference. */
    public List<String> findings() {
        List<String> out = new ArrayList<>();
        unread.forEach((n, why) -> out.add(n + ": its configuration could not be read (" + why + ")."));
        for (String n : filesDifferOn()) {
            out.add("The files of " + resource + " differ between " + reference() + " (-) and " + n + " (+):\n    "
                    + String.join("\n    ", diff(n)));
        }
        for (String n : kernelDiffersOn()) {
            out.add(n + " runs " + resource + " otherwise than its files say; drbdadm adjust " + resource
                    + " would run:\n    " + String.join("\n    ", adjust.get(n).stream().map(a -> a.line()
                    + "\n        " + a.words() + (a.safe() ? "" : " [" + a.impact().name().toLowerCase(
                    Locale.ROOT) + "]")).toList()));
        }
        return out;
    }
}
