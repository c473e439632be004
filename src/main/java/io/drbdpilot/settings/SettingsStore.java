// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.settings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes {@link Settings} as JSON.
 *
 * <p>Writes are atomic: a temp file in the same directory is written, fsynced and renamed over the old file, then the
 * directory is fsynced, so a crash leaves either the old or the new file, never half of one.
 *
 * <p>A file that cannot be read or parsed is moved aside to {@code settings.json.bad-<UTC timestamp>} and the defaults
 * are used, with a warning for the UI. A file written by a newer schema is used read-only: it is never overwritten.
 */
public final class SettingsStore {

    private static final Logger LOG = LoggerFactory.getLogger(SettingsStore.class);
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Path file;
    private final Clock clock;
    private volatile boolean readOnly;

    public SettingsStore(Path file) {
        this(file, Clock.systemUTC());
    }

    public SettingsStore(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    /**
     * Jackson's mapper, made at first use: building one takes about 75 ms of a cold start (measured in the installed
     * package), which a command that finds no settings file, or never reads it, should not pay.
     */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    public Path file() {
        return file;
    }

    /** True when saving is disabled because the file on disk must not be overwritten. */
    public boolean isReadOnly() {
        return readOnly;
    }

    /** Loads the settings. Never throws: every failure becomes defaults plus a warning. */
    public SettingsLoad load() {
        if (!Files.exists(file)) {
            return SettingsLoad.ok(Settings.defaults());
        }
        Settings settings;
        try {
            byte[] bytes = Files.readAllBytes(file);
            JsonNode tree = Json.MAPPER.readTree(bytes);
            if (tree == null || !tree.isObject()) {
                return setAside("it does not hold a JSON object");
            }
            JsonNode version = tree.get("schemaVersion");
            if (version == null || !version.canConvertToInt() || version.asInt() < 1) {
                return setAside("it has no valid schemaVersion");
            }
            settings = Json.MAPPER.treeToValue(tree, Settings.class);
        } catch (JsonProcessingException e) {
            return setAside("it is not valid settings JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException | RuntimeException e) {
            return setAside("it could not be read (" + describe(e) + ")");
        }
        if (settings.schemaVersion() > Settings.CURRENT_SCHEMA) {
            readOnly = true;
            String msg = "Settings in " + file + " were written by a newer DRBD Pilot (schema "
                    + settings.schemaVersion() + ", this version knows " + Settings.CURRENT_SCHEMA
                    + "). They are used as far as understood, and changes made now will not be saved.";
            LOG.warn(msg);
            return SettingsLoad.warn(settings, msg);
        }
        return SettingsLoad.ok(settings);
    }

    /**
     * Saves atomically. Does nothing, and says so in the log, while the store is read-only.
     *
     * @throws IOException when the file cannot be written; the old file is then left untouched
     */
    public void save(Settings settings) throws IOException {
        if (readOnly) {
            LOG.info("Settings not saved: {} is kept read-only", file);
            return;
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        byte[] json = Json.MAPPER.writeValueAsBytes(settings);
        Path tmp = dir.resolve(file.getFileName() + ".tmp-" + Long.toHexString(System.nanoTime()));
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                restrictToOwner(tmp);
                ByteBuffer buf = ByteBuffer.wrap(json);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static final Object IN_PROCESS = new Object();

    /**
     * Reads what is on disk now, applies {@code change} and saves, under an exclusive lock on
     * {@code settings.json.lock}: two DRBD Pilots (the window and {@code import --save}) never overwrite each other's
     * change. Returns what was saved (or, while read-only, what would have been).
     */
    public Settings update(UnaryOperator<Settings> change) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path lockFile = dir.resolve(file.getFileName() + ".lock");
        synchronized (IN_PROCESS) {
            try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS); FileLock lock = ch.lock()) {
                restrictToOwner(lockFile);
                Settings next = change.apply(load().settings());
                save(next);
                return next;
            }
        }
    }

    private SettingsLoad setAside(String reason) {
        Path aside = file.resolveSibling(file.getFileName() + ".bad-" + STAMP.format(clock.instant()));
        String msg;
        try {
            Files.move(file, aside);
            msg = "Your settings file " + file + " was not used: " + reason + ". It was kept as " + aside
                    + ". DRBD Pilot started with default settings.";
        } catch (FileAlreadyExistsException e) {
            readOnly = true;
            msg = "Your settings file " + file + " was not used: " + reason + ". DRBD Pilot started with default "
                    + "settings and will not overwrite the file this session.";
        } catch (IOException | RuntimeException e) {
            readOnly = true;
            msg = "Your settings file " + file + " was not used: " + reason + ". It could not be moved aside ("
                    + describe(e) + "), so it is left as it is and nothing will be saved this session. "
                    + "DRBD Pilot started with default settings.";
        }
        LOG.warn(msg);
        return SettingsLoad.warn(Settings.defaults(), msg);
    }

    private static void restrictToOwner(Path p) {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system (Windows): the per-user profile directory already protects it.
        }
    }

    /** Makes the rename durable. Directories cannot be opened on Windows; there the rename is already durable. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("Directory fsync not supported for {}", dir);
        }
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
