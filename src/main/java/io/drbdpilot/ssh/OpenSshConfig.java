// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the user's OpenSSH client configuration the way {@code ssh} does: {@code Host} blocks with patterns
 * ({@code *}, {@code ?}, {@code !negation}), the first value obtained for a keyword wins, {@code IdentityFile}
 * accumulates. Supported keywords: HostName, User, Port, IdentityFile, ProxyJump, ServerAliveInterval. {@code Match}
 * blocks are skipped (their conditions need a shell), as are other keywords.
 */
public final class OpenSshConfig {

    private static final int MAX_JUMP_DEPTH = 8;
    private static final List<String> DEFAULT_KEYS = List.of("id_ed25519", "id_ecdsa", "id_rsa");

    private record Block(List<String> patterns, List<String[]> entries) {
    }

    private final List<Block> blocks;
    private final Path home;
    private final String localUser;

    private OpenSshConfig(List<Block> blocks, Path home, String localUser) {
        this.blocks = blocks;
        this.home = home;
        this.localUser = localUser;
    }

    /** No configuration at all: only {@code user@host:port} and defaults. */
    public static OpenSshConfig empty(Path home, String localUser) {
        return new OpenSshConfig(List.of(), home, localUser);
    }

    /** {@code ~/.ssh/config} of this user, or empty when there is none. */
    public static OpenSshConfig forCurrentUser() {
        Path home = Path.of(System.getProperty("user.home", "."));
        String user = System.getProperty("user.name", "root");
        Path file = home.resolve(".ssh").resolve("config");
        try {
            return Files.isReadable(file) ? parse(Files.readString(file), home, user) : empty(home, user);
        } catch (IOException e) {
            return empty(home, user);
        }
    }

    public static OpenSshConfig parse(String text, Path home, String localUser) {
        List<Block> blocks = new ArrayList<>();
        Block current = new Block(List.of("*"), new ArrayList<>()); // lines before any Host apply to all
        blocks.add(current);
        boolean skipping = false;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] kv = line.split("(\\s*=\\s*|\\s+)", 2);
            String key = kv[0].toLowerCase(Locale.ROOT);
            String value = kv.length > 1 ? unquote(kv[1].strip()) : "";
            if (key.equals("host")) {
                current = new Block(List.of(value.split("\\s+")), new ArrayList<>());
                blocks.add(current);
                skipping = false;
            } else if (key.equals("match")) {
                skipping = true;
            } else if (!skipping) {
                current.entries().add(new String[] {key, value});
            }
        }
        return new OpenSshConfig(blocks, home, localUser);
    }

    /**
     * Resolves {@code [user@]host[:port]} or an alias to a target.
     *
     * @throws IllegalArgumentException for a malformed target or a ProxyJump loop
     */
    public SshTarget resolve(String spec) {
        return resolve(spec, 0);
    }

    private SshTarget resolve(String spec, int depth) {
        if (depth > MAX_JUMP_DEPTH) {
            throw new IllegalArgumentException("ProxyJump chain deeper than " + MAX_JUMP_DEPTH + " (a loop?): " + spec);
        }
        String s = spec.strip();
        if (s.isEmpty() || s.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new IllegalArgumentException("not an SSH target: '" + spec + "'");
        }
        if (s.startsWith("ssh://")) {
            s = s.substring(6);
        }
        String user = null;
        int at = s.lastIndexOf('@');
        if (at >= 0) {
            user = s.substring(0, at);
            s = s.substring(at + 1);
        }
        Integer port = null;
        String host = s;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("unclosed [ in SSH target: " + spec);
            }
            host = s.substring(1, close);
            if (s.length() > close + 1 && s.charAt(close + 1) == ':') {
                port = parsePort(s.substring(close + 2), spec);
            }
        } else if (s.indexOf(':') > 0 && s.indexOf(':') == s.lastIndexOf(':')) {
            host = s.substring(0, s.indexOf(':'));
            port = parsePort(s.substring(s.indexOf(':') + 1), spec);
        }
        if (host.isEmpty() || (user != null && user.isEmpty())) {
            throw new IllegalArgumentException("not an SSH target: '" + spec + "'");
        }
        Map<String, String> first = new LinkedHashMap<>();
        List<String> identities = new ArrayList<>();
        for (Block b : blocks) {
            if (matches(b.patterns(), host)) {
                for (String[] e : b.entries()) {
                    if (e[0].equals("identityfile")) {
                        identities.add(e[1]);
                    } else {
                        first.putIfAbsent(e[0], e[1]);
                    }
                }
            }
        }
        String realHost = first.getOrDefault("hostname", host).replace("%h", host);
        String realUser = user != null ? user : first.getOrDefault("user", localUser);
        int realPort = port != null ? port : first.containsKey("port") ? parsePort(first.get("port"), spec) : 22;
        List<Path> keys = new ArrayList<>();
        for (String id : identities) {
            keys.add(expand(id, host, realHost, realUser, realPort));
        }
        for (String d : DEFAULT_KEYS) {
            Path p = home.resolve(".ssh").resolve(d);
            if (!keys.contains(p)) {
                keys.add(p);
            }
        }
        List<SshTarget> jumps = new ArrayList<>();
        String jump = first.get("proxyjump");
        if (jump != null && !jump.equalsIgnoreCase("none")) {
            for (String hop : jump.split(",")) {
                jumps.add(resolve(hop, depth + 1));
            }
        }
        Duration alive = Duration.ofSeconds(15);
        if (first.containsKey("serveraliveinterval")) {
            try {
                int secs = Integer.parseInt(first.get("serveraliveinterval"));
                alive = secs > 0 ? Duration.ofSeconds(secs) : alive;
            } catch (NumberFormatException e) {
                // keep the default: a broken value must not stop a connection
            }
        }
        return new SshTarget(spec.strip(), realUser, realHost, realPort, keys, jumps, alive);
    }

    private Path expand(String id, String alias, String host, String user, int port) {
        String s = id.replace("%d", home.toString()).replace("%u", localUser).replace("%r", user)
                .replace("%h", host).replace("%n", alias).replace("%p", Integer.toString(port)).replace("%%", "%");
        if (s.startsWith("~/") || s.equals("~")) {
            return home.resolve(s.length() > 2 ? s.substring(2) : "");
        }
        Path p = Path.of(s);
        return p.isAbsolute() ? p : home.resolve(".ssh").resolve(s);
    }

    private static boolean matches(List<String> patterns, String host) {
        return HostPatterns.matches(patterns, host, null);
    }

    private static int parsePort(String s, String spec) {
        try {
            int p = Integer.parseInt(s);
            if (p < 1 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port '" + s + "' in SSH target " + spec);
        }
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }
}
