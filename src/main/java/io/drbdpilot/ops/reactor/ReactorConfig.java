// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ops.reactor;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One resource's promoter in a drbd-reactor snippet, read from its TOML: the units it starts (in order), the nodes it
 * prefers (in order), what it does when a demotion fails, and whether the snippet holds anything else (then
 * {@code drbd-reactorctl evict} refuses it without {@code --force}). Only what is needed is read: tables, strings and
 * arrays of strings, which is what a promoter section holds.
 *
 * @param others why the snippet is not this resource's promoter alone, or null when it is
 */
public record ReactorConfig(String snippet, String resource, List<String> start, List<String> preferred,
        String demoteFailure, String others) {

    /** Where drbd-reactorctl keeps snippets; a path from a node is used only when it has this form. */
    private static final Pattern SNIPPET = Pattern.compile("/etc/drbd-reactor\\.d/[A-Za-z0-9_.@+:-]+\\.toml");
    private static final Pattern TABLE = Pattern.compile("^\\[\\[?\\s*([^\\]]+?)\\s*\\]\\]?\\s*(#.*)?$");
    private static final Pattern KEY = Pattern.compile("^([A-Za-z0-9_-]+)\\s*=\\s*(.*)$");
    private static final Pattern STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"|'([^']*)'");

    public ReactorConfig {
        start = List.copyOf(start);
        preferred = List.copyOf(preferred);
    }

    /** A snippet path as grep printed it, or null when it is not a drbd-reactor snippet path. */
    public static String snippetPath(String s) {
        String p = s == null ? "" : s.strip();
        return SNIPPET.matcher(p).matches() && !p.contains("..") ? p : null;
    }

    /** The promoter of {@code res} in a snippet's text; null when the snippet has no promoter for it. */
    public static ReactorConfig parse(String snippet, String toml, String res) {
        List<String> start = new ArrayList<>();
        List<String> preferred = new ArrayList<>();
        String failure = "none";
        List<String> sections = new ArrayList<>();
        List<String> plugins = new ArrayList<>();
        String table = "";
        boolean found = false;
        List<String> lines = joinArrays(toml);
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher t = TABLE.matcher(line);
            if (line.startsWith("[") && t.matches()) {
                table = t.group(1).replace("\"", "");
                if (table.startsWith("promoter.resources.")) {
                    sections.add(table.substring("promoter.resources.".length()));
                    found |= table.equals("promoter.resources." + res);
                } else if (!table.equals("promoter") && !table.startsWith("promoter.")) {
                    plugins.add(table.replaceFirst("\\..*", ""));
                }
                continue;
            }
            Matcher k = KEY.matcher(line);
            if (!k.matches() || !table.equals("promoter.resources." + res)) {
                continue;
            }
            switch (k.group(1)) {
                case "start" -> start.addAll(strings(k.group(2)));
                case "preferred-nodes" -> preferred.addAll(strings(k.group(2)));
                case "on-drbd-demote-failure" -> failure = strings(k.group(2)).stream().findFirst().orElse(failure);
                default -> { }
            }
        }
        if (!found) {
            return null;
        }
        List<String> otherResources = sections.stream().filter(s -> !s.equals(res)).distinct().toList();
        String others = !otherResources.isEmpty() ? "it also promotes " + String.join(", ", otherResources)
                : !plugins.isEmpty() ? "it also configures " + String.join(", ", plugins.stream().distinct().toList())
                : null;
        return new ReactorConfig(snippet, res, start, preferred, failure, others);
    }

    /** The lines, with an array that spans several lines joined into one. */
    private static List<String> joinArrays(String toml) {
        List<String> out = new ArrayList<>();
        StringBuilder pending = null;
        for (String l : toml.lines().toList()) {
            String noComment = l.replaceFirst("\\s+#[^\"']*$", "");
            if (pending != null) {
                pending.append(' ').append(noComment.strip());
                if (noComment.contains("]")) {
                    out.add(pending.toString());
                    pending = null;
                }
            } else if (KEY.matcher(noComment.strip()).matches() && noComment.contains("[") && !noComment.contains("]")) {
                pending = new StringBuilder(noComment.strip());
            } else {
                out.add(noComment);
            }
        }
        if (pending != null) {
            out.add(pending.toString());
        }
        return out;
    }

    private static List<String> strings(String value) {
        List<String> out = new ArrayList<>();
        Matcher m = STRING.matcher(value);
        while (m.find()) {
            out.add(m.group(1) != null ? m.group(1).replace("\\\"", "\"").replace("\\\\", "\\") : m.group(2));
        }
        return out;
    }

    /** The systemd units of this promoter: its target, the implicit promote service, then the start list. */
    public List<String> units() {
        List<String> out = new ArrayList<>(List.of(target(resource), "drbd-promote@" + resource + ".service"));
        start.forEach(s -> out.add(unitName(s, resource)));
        return out;
    }

    /** The target drbd-reactor starts where the resource may be promoted. */
    public static String target(String res) {
        return "drbd-services@" + res + ".target";
    }

    /** A start entry as a systemd unit: an OCF agent runs as {@code ocf.rs@ID_RES}. */
    static String unitName(String entry, String res) {
        if (entry.startsWith("ocf:")) {
            String[] w = entry.split("\\s+");
            return "ocf.rs@" + (w.length > 1 ? w[1] : "agent") + "_" + res + ".service";
        }
        return entry;
    }

    /**
     * The preferred nodes in order, then the others in the order given, without {@code without}: who the promoters
     * let win when {@code without} lets go.
     */
    public List<String> order(List<String> nodes, String without) {
        List<String> out = new ArrayList<>();
        preferred.stream().filter(nodes::contains).filter(n -> !n.equals(without)).forEach(out::add);
        nodes.stream().filter(n -> !out.contains(n) && !n.equals(without)).forEach(out::add);
        return out;
    }
}
