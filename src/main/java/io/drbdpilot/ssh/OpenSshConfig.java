// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the OpenSSH client configuration the way {@code ssh} does: {@code ~/.ssh/config} then
 * {@code /etc/ssh/ssh_config}; {@code Host} blocks with patterns ({@code *}, {@code ?}, {@code !negation});
 * {@code Match} blocks on {@code all}, {@code host}, {@code originalhost}, {@code user}, {@code localuser} and
 * {@code final}; {@code Include} (with globs, relative to {@code ~/.ssh} or {@code /etc/ssh}, applied only where the
 * enclosing block matches); the first value obtained for a keyword wins, {@code IdentityFile} accumulates.
 *
 * <p>Supported keywords: HostName, User, Port, IdentityFile, ProxyJump, ServerAliveInterval, UserKnownHostsFile,
 * GlobalKnownHostsFile, HostKeyAlias, HashKnownHosts. {@code StrictHostKeyChecking} is ignored: DRBD Pilot is always
 * strict. A {@code Match} on a criterion this reader does not evaluate ({@code exec}, which would run a command,
 * {@code localnetwork}, {@code tagged}, {@code canonical}) never applies, and the log says so.
 */
public final class OpenSshConfig {

    private static final Logger LOG = LoggerFactory.getLogger(OpenSshConfig.class);
    private static final int MAX_JUMP_DEPTH = 8;
    private static final List<String> DEFAULT_KEYS = List.of("id_ed25519", "id_ecdsa", "id_rsa");
    /** Where {@code ssh} looks for system-wide configuration and host keys. */
    public static final Path SYSTEM_DIR = Path.of("/etc/ssh");

    private final List<SshConfigFile.Item> items;
    private final Path home;
    private final String localUser;
    /** False for {@link #empty}: targets then carry no host key policy and use the connector's file. */
    private final boolean hostKeyPolicy;
    private final List<Path> defaultGlobalKnownHosts;

    private OpenSshConfig(List<SshConfigFile.Item> items, Path home, String localUser, boolean hostKeyPolicy,
            List<Path> defaultGlobalKnownHosts) {
        this.items = items;
        this.home = home;
        this.localUser = localUser;
        this.hostKeyPolicy = hostKeyPolicy;
        this.defaultGlobalKnownHosts = defaultGlobalKnownHosts;
    }

    /** No configuration at all: only {@code user@host:port} and defaults; host keys as the connector has them. */
    public static OpenSshConfig empty(Path home, String localUser) {
        return new OpenSshConfig(List.of(), home, localUser, false, List.of());
    }

    /** {@code ~/.ssh/config} then {@code /etc/ssh/ssh_config} of this user, as {@code ssh} reads them. */
    public static OpenSshConfig forCurrentUser() {
        Path home = Path.of(System.getProperty("user.home", "."));
        String user = System.getProperty("user.name", "root");
        return load(home, user, SYSTEM_DIR);
    }

    /** The user's config and the system's, from {@code home/.ssh/config} and {@code systemDir/ssh_config}. */
    static OpenSshConfig load(Path home, String localUser, Path systemDir) {
        List<SshConfigFile.Item> items = new ArrayList<>();
        items.addAll(SshConfigFile.read(home.resolve(".ssh").resolve("config"), home.resolve(".ssh"), home, 0));
        items.add(new SshConfigFile.HostLine(List.of("*"))); // the system file starts a fresh, unconditional block
        items.addAll(SshConfigFile.read(systemDir.resolve("ssh_config"), systemDir, home, 0));
        return new OpenSshConfig(items, home, localUser, true,
                List.of(systemDir.resolve("ssh_known_hosts"), systemDir.resolve("ssh_known_hosts2")));
    }

    /** One user config given as text (Includes relative to {@code home/.ssh}); system known_hosts as ssh has them. */
    public static OpenSshConfig parse(String text, Path home, String localUser) {
        return new OpenSshConfig(SshConfigFile.parse(text, home.resolve(".ssh"), home, 0), home, localUser, true,
                List.of(SYSTEM_DIR.resolve("ssh_known_hosts"), SYSTEM_DIR.resolve("ssh_known_hosts2")));
    }

    /** What one resolution has collected so far: first values win. */
    private final class Walk {
        final String originalHost;
        final String specUser;
        final Map<String, String> first = new LinkedHashMap<>();
        final List<String> identities = new ArrayList<>();

        Walk(String originalHost, String specUser) {
            this.originalHost = originalHost;
            this.specUser = specUser;
        }

        void run(List<SshConfigFile.Item> list) {
            boolean active = true;
            for (SshConfigFile.Item item : list) {
                switch (item) {
                    case SshConfigFile.HostLine h -> active = HostPatterns.matches(h.patterns(), originalHost, null);
                    case SshConfigFile.MatchLine m -> active = match(m);
                    case SshConfigFile.Include inc -> {
                        if (active) {
                            run(inc.items());
                        }
                    }
                    case SshConfigFile.Option o -> {
                        if (active) {
                            if (o.key().equals("identityfile")) {
                                identities.add(o.value());
                            } else {
                                first.putIfAbsent(o.key(), o.value());
                            }
                        }
                    }
                }
            }
        }

        String currentHost() {
            return first.getOrDefault("hostname", originalHost).replace("%h", originalHost);
        }

        String currentUser() {
            return specUser != null ? specUser : first.getOrDefault("user", localUser);
        }

        private boolean match(SshConfigFile.MatchLine m) {
            List<String> w = m.words();
            if (w.isEmpty()) {
                return false;
            }
            for (int i = 0; i < w.size(); i++) {
                String crit = w.get(i).toLowerCase(Locale.ROOT);
                boolean negate = crit.startsWith("!");
                crit = negate ? crit.substring(1) : crit;
                boolean result;
                switch (crit) {
                    case "all" -> result = true;
                    case "final" -> result = true; // one pass here, and it is the final one
                    case "host", "originalhost", "user", "localuser" -> {
                        if (i + 1 >= w.size()) {
                            LOG.warn("ssh config: '{}' lacks an argument; the block does not apply", m.source());
                            return false;
                        }
                        String subject = switch (crit) {
                            case "host" -> currentHost();
                            case "originalhost" -> originalHost;
                            case "user" -> currentUser();
                            default -> localUser;
                        };
                        result = HostPatterns.matches(List.of(w.get(++i).split(",")), subject, null);
                    }
                    default -> {
                        LOG.warn("ssh config: '{}' uses a Match criterion DRBD Pilot does not evaluate ({}); "
                                + "the block does not apply", m.source(), crit);
                        return false;
                    }
                }
                if (result == negate) {
                    return false;
                }
            }
            return true;
        }
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
        if (host.isEmpty() || (user != null && user.isEmpty()) || host.startsWith("-")
                || (user != null && user.startsWith("-"))) {
            throw new IllegalArgumentException("not an SSH target: '" + spec + "'");
        }
        Walk walk = new Walk(host, user);
        walk.run(items);
        Map<String, String> first = walk.first;
        String realHost = walk.currentHost();
        String realUser = walk.currentUser();
        int realPort = port != null ? port : first.containsKey("port") ? parsePort(first.get("port"), spec) : 22;
        List<Path> keys = new ArrayList<>();
        for (String id : walk.identities) {
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
        HostKeyPolicy hostKeys = hostKeyPolicy ? hostKeys(first, host, realHost, realUser, realPort, spec) : null;
        return new SshTarget(spec.strip(), realUser, realHost, realPort, keys, jumps, alive, hostKeys);
    }

    private HostKeyPolicy hostKeys(Map<String, String> first, String alias, String host, String user, int port,
            String spec) {
        List<Path> userFiles = files(first.get("userknownhostsfile"), alias, host, user, port);
        if (userFiles.isEmpty()) {
            userFiles = List.of(home.resolve(".ssh/known_hosts"), home.resolve(".ssh/known_hosts2"));
        }
        List<Path> globalFiles = files(first.get("globalknownhostsfile"), alias, host, user, port);
        if (globalFiles.isEmpty() && !"none".equalsIgnoreCase(first.get("globalknownhostsfile"))) {
            globalFiles = defaultGlobalKnownHosts;
        }
        String keyAlias = first.get("hostkeyalias");
        if (keyAlias != null && (keyAlias.isBlank() || keyAlias.chars().anyMatch(c -> c <= ' ' || c == ','))) {
            throw new IllegalArgumentException("bad HostKeyAlias '" + keyAlias + "' for SSH target " + spec);
        }
        boolean hash = "yes".equalsIgnoreCase(first.get("hashknownhosts"));
        return new HostKeyPolicy(userFiles, globalFiles, keyAlias, hash);
    }

    private List<Path> files(String value, String alias, String host, String user, int port) {
        List<Path> out = new ArrayList<>();
        if (value == null || value.equalsIgnoreCase("none")) {
            return out; // "none" for the user files keeps the defaults: a new key must be recordable somewhere
        }
        for (String f : SshConfigFile.words(value)) {
            out.add(expand(f, alias, host, user, port));
        }
        return out;
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
}
