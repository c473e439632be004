// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An OpenSSH {@code known_hosts} file: plain and hashed ({@code |1|salt|hash}) host names, {@code [host]:port},
 * patterns with {@code *}, {@code ?} and {@code !}, several key types per host, {@code @revoked} markers.
 * {@code @cert-authority} lines are not supported and are ignored. Re-read on every check, so an edit by the user
 * (removing a changed key) takes effect at once.
 */
public final class KnownHosts {

    /** The outcome of looking a key up. */
    /**
     * KNOWN: on file. UNKNOWN: nothing on file for the host. OTHER_TYPE: not on file, but keys of other types are (as
     * OpenSSH warns: the host may have been replaced, or someone offers a type it never had). CHANGED: a different key
     * of the same type is on file. REVOKED: marked {@code @revoked}.
     */
    public enum Status { KNOWN, UNKNOWN, OTHER_TYPE, CHANGED, REVOKED }

    /** A key line that matched the host. */
    public record Entry(int lineNumber, String line, String keyType, String keyBase64) {
    }

    /** What {@link #check} found: the status and, for CHANGED or REVOKED, the line responsible. */
    public record Lookup(Status status, Entry entry) {
    }

    private final Path file;

    public KnownHosts(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /**
     * @param host     the known_hosts name, {@code host} or {@code [host]:port}
     * @param keyBlob  the server's public key in SSH wire format
     */
    public Lookup check(String host, byte[] keyBlob) throws IOException {
        String type = keyType(keyBlob);
        String b64 = Base64.getEncoder().encodeToString(keyBlob);
        Entry sameTypeDifferent = null;
        Entry otherType = null;
        for (Entry e : entriesFor(host, true)) {
            if (e.line().startsWith("@revoked") && e.keyBase64().equals(b64)) {
                return new Lookup(Status.REVOKED, e);
            }
        }
        for (Entry e : entriesFor(host, false)) {
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

    /** Keys recorded for a host (not revoked ones). */
    public List<Entry> entriesFor(String host) throws IOException {
        return entriesFor(host, false);
    }

    private List<Entry> entriesFor(String host, boolean revokedOnly) throws IOException {
        List<Entry> out = new ArrayList<>();
        if (!Files.isReadable(file)) {
            return out;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+");
            int o = 0;
            boolean revoked = false;
            if (f[0].startsWith("@")) {
                if (!f[0].equals("@revoked")) {
                    continue; // @cert-authority: certificates are not supported
                }
                revoked = true;
                o = 1;
            }
            if (f.length < o + 3 || revoked != revokedOnly) {
                continue;
            }
            if (hostMatches(f[o], host)) {
                out.add(new Entry(i + 1, line, f[o + 1], f[o + 2]));
            }
        }
        return out;
    }

    /** Appends a key in OpenSSH format, creating the file (and ~/.ssh) owner-only if needed. */
    public void append(String host, byte[] keyBlob) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.exists(dir)) {
            Files.createDirectories(dir);
            try {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException e) {
                // not POSIX
            }
        }
        String prefix = "";
        if (Files.exists(file) && Files.size(file) > 0) {
            byte[] all = Files.readAllBytes(file);
            prefix = all[all.length - 1] == '\n' ? "" : "\n";
        }
        String line = prefix + host + " " + keyType(keyBlob) + " " + Base64.getEncoder().encodeToString(keyBlob) + "\n";
        Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
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
        return HostPatterns.matches(java.util.Arrays.asList(patterns.split(",")), host, KnownHosts::hashedMatches);
    }

    private static boolean hashedMatches(String entry, String host) {
        String[] parts = entry.split("\\|");
        if (parts.length != 4) {
            return false;
        }
        try {
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(salt, "HmacSHA1"));
            return MessageDigest.isEqual(expected, mac.doFinal(host.getBytes(StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return false;
        }
    }

}
