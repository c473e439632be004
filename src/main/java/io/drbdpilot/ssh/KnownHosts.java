// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * OpenSSH {@code known_hosts} files, read as {@code ssh} reads them: the user files, then the global ones
 * ({@code /etc/ssh/ssh_known_hosts}); plain and hashed ({@code |1|salt|hash}) host names, {@code [host]:port},
 * patterns with {@code *}, {@code ?} and {@code !}, several key types per host, {@code @revoked} and
 * {@code @cert-authority} markers (the certificates themselves are checked by JSch against {@link #markedKeys()}).
 * Re-read on every check, so an edit by the user (removing a changed key) takes effect at once.
 */
public final class KnownHosts {

    /**
     * KNOWN: on file. UNKNOWN: nothing on file for the host. OTHER_TYPE: not on file, but keys of other types are (as
     * OpenSSH warns: the host may have been replaced, or someone offers a type it never had). CHANGED: a different key
     * of the same type is on file. REVOKED: marked {@code @revoked}.
     */
    public enum Status { KNOWN, UNKNOWN, OTHER_TYPE, CHANGED, REVOKED }

    /** A key line: the file and line it is on, its marker ({@code @revoked}, {@code @cert-authority} or null). */
    public record Entry(Path file, int lineNumber, String marker, String hosts, String keyType, String keyBase64) {
        /** {@code file line N}, for messages. */
        public String where() {
            return file + " line " + lineNumber;
        }
    }

    /** What {@link #check} found: the status and, for CHANGED or REVOKED, the line responsible. */
    public record Lookup(Status status, Entry entry) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ConcurrentMap<Path, Object> IN_PROCESS =
            new ConcurrentHashMap<>();

    private final HostKeyPolicy policy;

    public KnownHosts(Path file) {
        this(HostKeyPolicy.of(file));
    }

    public KnownHosts(HostKeyPolicy policy) {
        this.policy = policy;
    }

    /** The file new keys go to (the first user file). */
    public Path file() {
        return policy.userFiles().get(0);
    }

    public HostKeyPolicy policy() {
        return policy;
    }

    /**
     * @param host     the known_hosts name, {@code host}, {@code [host]:port} or the HostKeyAlias
     * @param keyBlob  the server's public key in SSH wire format
     */
    public Lookup check(String host, byte[] keyBlob) throws IOException {
        String type = keyType(keyBlob);
        String b64 = Base64.getEncoder().encodeToString(keyBlob);
        List<Entry> all = read();
        for (Entry e : all) {
            if ("@revoked".equals(e.marker()) && e.keyBase64().equals(b64) && hostMatches(e.hosts(), host)) {
                return new Lookup(Status.REVOKED, e);
            }
        }
        Entry sameTypeDifferent = null;
        Entry otherType = null;
        for (Entry e : all) {
            if (e.marker() != null || !hostMatches(e.hosts(), host)) {
                continue;
            }
            if (e.keyBase64().equals(b64)) {
                return new Lookup(Status.KNOWN, e);
            }
            if (e.keyType().equals(type) && sameTypeDifferent == null) {
                sameTypeDifferent = e;
            } else if (!e.keyType().equals(type) && otherType == null) {
                otherType = e;
            }
        }
        if (sameTypeDifferent != null) {
            return new Lookup(Status.CHANGED, sameTypeDifferent);
        }
        return otherType != null ? new Lookup(Status.OTHER_TYPE, otherType) : new Lookup(Status.UNKNOWN, null);
    }

    /** Keys recorded for a host (plain ones, neither revoked nor certificate authorities). */
    public List<Entry> entriesFor(String host) throws IOException {
        List<Entry> out = new ArrayList<>();
        for (Entry e : read()) {
            if (e.marker() == null && hostMatches(e.hosts(), host)) {
                out.add(e);
            }
        }
        return out;
    }

    /** Every {@code @cert-authority} and {@code @revoked} line, for JSch's host certificate check. */
    public List<Entry> markedKeys() throws IOException {
        return read().stream().filter(e -> e.marker() != null).toList();
    }

    private List<Entry> read() throws IOException {
        List<Entry> out = new ArrayList<>();
        List<Path> files = new ArrayList<>(policy.userFiles());
        files.addAll(policy.globalFiles());
        for (Path file : files) {
            if (!Files.isReadable(file) || Files.isDirectory(file)) {
                continue;
            }
            out.addAll(entries(file, Files.readAllBytes(file)));
        }
        return out;
    }

    /** A file's entries as last parsed, kept while its bytes stay the same (a cluster's nodes share one file). */
    private record Parsed(byte[] content, List<Entry> entries) {
    }

    private static final ConcurrentMap<Path, Parsed> PARSED = new ConcurrentHashMap<>();

    /**
     * The entries of a file whose content is {@code bytes}: parsed again whenever a single byte differs from the last
     * parse (no trust in times or sizes: a key swapped within a second must be seen), else the last parse's entries.
     */
    private static List<Entry> entries(Path file, byte[] bytes) {
        Parsed last = PARSED.get(file);
        if (last != null && Arrays.equals(last.content(), bytes)) {
            return last.entries();
        }
        List<Entry> out = new ArrayList<>();
        List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            Entry e = parse(file, i + 1, lines.get(i));
            if (e != null) {
                out.add(e);
            }
        }
        List<Entry> entries = List.copyOf(out);
        PARSED.put(file, new Parsed(bytes, entries));
        return entries;
    }

    /** One line, or null for a comment, a blank or a line that is not a key. Never throws. */
    static Entry parse(Path file, int number, String raw) {
        String line = raw.strip();
        if (line.isEmpty() || line.startsWith("#")) {
            return null;
        }
        String[] f = line.split("[ \t]+");
        int o = 0;
        String marker = null;
        if (f[0].startsWith("@")) {
            if (!f[0].equals("@revoked") && !f[0].equals("@cert-authority")) {
                return null; // an unknown marker: OpenSSH skips the line
            }
            marker = f[0];
            o = 1;
        }
        if (f.length < o + 3) {
            return null;
        }
        return new Entry(file, number, marker, f[o], f[o + 1], f[o + 2]);
    }

    /**
     * Records a key in OpenSSH format ({@code |1|salt|hmac} as the name when the policy hashes), creating the file
     * (and its directory) owner-only if needed. The line is added by one {@code write} on a file opened for appending,
     * under an exclusive lock on the file: a concurrent {@code ssh} or DRBD Pilot appending too loses nothing, and a
     * reader never sees half a line. The file is never rewritten.
     */
    public void append(String host, byte[] keyBlob) throws IOException {
        Path file = file();
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.exists(dir)) {
            Files.createDirectories(dir);
            try {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException e) {
                // not POSIX
            }
        }
        String name = policy.hash() ? hashedName(host) : host;
        String line = name + " " + keyType(keyBlob) + " " + Base64.getEncoder().encodeToString(keyBlob) + "\n";
        Object local = IN_PROCESS.computeIfAbsent(file.toAbsolutePath().normalize(), k -> new Object());
        synchronized (local) {
            appendLocked(file, line);
        }
    }

    private static void appendLocked(Path file, String line) throws IOException {
        // The file lock keeps other processes out; it is held per JVM, so threads of this one queue on IN_PROCESS.
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE); FileLock lock = ch.lock()) {
            long size = ch.size();
            if (size > 0) {
                try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
                    ByteBuffer last = ByteBuffer.allocate(1);
                    in.read(last, size - 1);
                    if (last.get(0) != '\n') {
                        line = "\n" + line;
                    }
                }
            }
            ByteBuffer b = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
    }

    /** {@code |1|base64(salt)|base64(HMAC-SHA1(salt, host))}, as {@code ssh-keygen -H} writes it. */
    static String hashedName(String host) {
        byte[] salt = new byte[20];
        RANDOM.nextBytes(salt);
        return "|1|" + Base64.getEncoder().encodeToString(salt) + "|"
                + Base64.getEncoder().encodeToString(hmac(salt, host));
    }

    /** {@code SHA256:...} as OpenSSH prints it (base64 without padding). */
    public static String fingerprint(byte[] keyBlob) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(keyBlob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(d);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key type named at the start of an SSH public key blob, e.g. {@code ssh-ed25519}. */
    public static String keyType(byte[] blob) {
        if (blob.length < 4) {
            return "unknown";
        }
        int len = ((blob[0] & 0xff) << 24) | ((blob[1] & 0xff) << 16) | ((blob[2] & 0xff) << 8) | (blob[3] & 0xff);
        if (len <= 0 || len > blob.length - 4 || len > 64) {
            return "unknown";
        }
        return new String(blob, 4, len, StandardCharsets.US_ASCII);
    }

    static boolean hostMatches(String patterns, String host) {
        return HostPatterns.matches(Arrays.asList(patterns.split(",")), host, KnownHosts::hashedMatches);
    }

    private static boolean hashedMatches(String entry, String host) {
        String[] parts = entry.split("\\|");
        if (parts.length != 4 || !parts[1].equals("1")) {
            return false;
        }
        try {
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            return salt.length > 0 && MessageDigest.isEqual(expected, hmac(salt, host));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] hmac(byte[] salt, String host) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(salt, "HmacSHA1"));
            return mac.doFinal(host.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException(e);
        }
    }
}
