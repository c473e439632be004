// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ssh_config file read into its lines, in order: {@code Host} and {@code Match} lines, options, and each
 * {@code Include} with the files it names already read (globs, relative to {@code ~/.ssh} or {@code /etc/ssh}, at most
 * 16 deep). Never throws: a file that cannot be read, a path that is not one, a file over 1 MiB or under /proc and
 * /sys is logged and left out. {@link OpenSshConfig} evaluates the lines for a host.
 */
final class SshConfigFile {

    private static final Logger LOG = LoggerFactory.getLogger(SshConfigFile.class);
    private static final int MAX_INCLUDE_DEPTH = 16;
    private static final long MAX_FILE = 1 << 20;

    private SshConfigFile() {
    }

    /** A line of a config file, in order; an Include holds the parsed files it names. */
    sealed interface Item permits HostLine, MatchLine, Option, Include {
    }

    record HostLine(List<String> patterns) implements Item {
    }

    record MatchLine(List<String> words, String source) implements Item {
    }

    record Option(String key, String value) implements Item {
    }

    record Include(List<Item> items) implements Item {
    }

    static List<Item> read(Path file, Path base, Path home, int depth) {
        try {
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                return List.of();
            }
            if (Files.size(file) > MAX_FILE || file.startsWith("/proc") || file.startsWith("/sys")) {
                LOG.warn("ssh config {} is not a config file (over {} bytes, or a kernel file): ignored", file,
                        MAX_FILE);
                return List.of();
            }
            return parse(Files.readString(file), base, home, depth);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot read ssh config {}: {}", file, e.getMessage());
            return List.of();
        }
    }

    static List<Item> parse(String text, Path base, Path home, int depth) {
        List<Item> out = new ArrayList<>();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] kv = line.split("(\\s*=\\s*|\\s+)", 2);
            String key = kv[0].toLowerCase(Locale.ROOT);
            String value = kv.length > 1 ? kv[1].strip() : "";
            switch (key) {
                case "host" -> out.add(new HostLine(words(value)));
                case "match" -> out.add(new MatchLine(words(value), line));
                case "include" -> {
                    if (depth >= MAX_INCLUDE_DEPTH) {
                        LOG.warn("ssh config Include nested deeper than {}: ignoring '{}'", MAX_INCLUDE_DEPTH, line);
                        continue;
                    }
                    List<Item> inc = new ArrayList<>();
                    for (String pattern : words(value)) {
                        try {
                            for (Path f : glob(pattern, base, home)) {
                                inc.addAll(read(f, base, home, depth + 1));
                            }
                        } catch (InvalidPathException e) {
                            LOG.warn("ssh config: Include '{}' is not a path: ignored", pattern);
                        }
                    }
                    out.add(new Include(inc));
                }
                default -> out.add(new Option(key, unquote(value)));
            }
        }
        return out;
    }

    /** The files an Include pattern names, sorted as glob(3) sorts them; a glob only in the last component. */
    private static List<Path> glob(String pattern, Path base, Path home) {
        String p = pattern.startsWith("~/") ? home.resolve(pattern.substring(2)).toString() : pattern;
        Path path = Path.of(p).isAbsolute() ? Path.of(p) : base.resolve(p);
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        if (!name.contains("*") && !name.contains("?")) {
            return List.of(path);
        }
        List<Path> out = new ArrayList<>();
        Path dir = path.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path f : ds) {
                if (HostPatterns.glob(name, f.getFileName().toString()) && !f.getFileName().toString()
                        .startsWith(".")) {
                    out.add(f);
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot list {} for Include {}: {}", dir, pattern, e.getMessage());
        }
        out.sort(null);
        return out;
    }

    /** Whitespace-separated words, double quotes grouping. */
    static List<String> words(String value) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char c : value.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (any) {
                    out.add(w.toString());
                }
                w.setLength(0);
                any = false;
            } else {
                w.append(c);
                any = true;
            }
        }
        if (any) {
            out.add(w.toString());
        }
        return out;
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }
}
