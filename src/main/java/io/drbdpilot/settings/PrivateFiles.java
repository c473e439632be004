// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.settings;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Every file DRBD Pilot creates (audit, logs, exports) is the user's alone: 0600, in 0700 directories it makes. The
 * audit holds every command and its output; a log or an export can name nodes, users and paths. On file systems
 * without POSIX permissions (Windows) the per-user profile directory protects them instead.
 */
public final class PrivateFiles {

    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {
    }

    /** Makes the directory and its missing parents owner-only (existing ones are left as they are). */
    public static Path directory(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            return abs;
        }
        if (abs.getParent() != null) {
            directory(abs.getParent());
        }
        try {
            if (posix(abs)) {
                Files.createDirectory(abs, PosixFilePermissions.asFileAttribute(DIR));
            } else {
                Files.createDirectory(abs);
            }
        } catch (FileAlreadyExistsException e) {
            // made meanwhile
        }
        return abs;
    }

    /** Appends text to a file that is created owner-only, and made so if it was not. */
    public static void append(Path file, String text) throws IOException {
        Path abs = file.toAbsolutePath();
        directory(abs.getParent());
        if (!Files.exists(abs)) {
            try {
                Files.createFile(abs, attrs(abs));
            } catch (FileAlreadyExistsException e) {
                // made meanwhile
            }
        }
        restrict(abs);
        Files.writeString(abs, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    /**
     * Replaces {@code file} with {@code data}, owner-only, atomically: a temporary file with a random name is created
     * exclusively (so a planted symlink is never followed), written, synced and renamed over the file.
     */
    public static void replace(Path file, byte[] data) throws IOException {
        Path abs = file.toAbsolutePath();
        Path tmp = abs.resolveSibling("." + abs.getFileName() + ".tmp-" + Long.toHexString(
                ThreadLocalRandom.current().nextLong()));
        try {
            try (FileChannel ch = FileChannel.open(tmp, Set.of(
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attrs(tmp))) {
                ByteBuffer b = ByteBuffer.wrap(data);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Owner read and write only. */
    public static void restrict(Path file) {
        try {
            Files.setPosixFilePermissions(file, FILE);
        } catch (UnsupportedOperationException | IOException e) {
            // not POSIX, or not ours to change: the directory protects it
        }
    }

    private static FileAttribute<?>[] attrs(Path p) {
        return posix(p) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)} : new FileAttribute<?>[0];
    }

    private static boolean posix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
