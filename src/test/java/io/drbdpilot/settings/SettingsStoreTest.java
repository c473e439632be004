// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsStoreTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T10:15:30Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("cfg").resolve("settings.json");
    }

    @Test
    void missingFileGivesDefaultsWithoutWarning() {
        SettingsLoad load = new SettingsStore(file(), CLOCK).load();
        assertThat(load.settings()).isEqualTo(Settings.defaults());
        assertThat(load.warning()).isEmpty();
    }

    @Test
    void saveThenLoadRoundTripsAndLeavesNoTempFiles() throws IOException {
        SettingsStore store = new SettingsStore(file(), CLOCK);
        Settings s = Settings.defaults().withTheme(Theme.DARK)
                .withWindow(new WindowGeometry(10, 20, 1000, 700, true));
        store.save(s);

        assertThat(new SettingsStore(file(), CLOCK).load()).isEqualTo(SettingsLoad.ok(s));
        try (Stream<Path> files = Files.list(file().getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("settings.json");
        }
        String json = Files.readString(file());
        assertThat(json).contains("\"schemaVersion\" : 1").contains("\"theme\" : \"DARK\"");
    }

    @Test
    void savedFileIsOwnerOnlyOnPosix() throws IOException {
        SettingsStore store = new SettingsStore(file(), CLOCK);
        store.save(Settings.defaults());
        if (file().getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(file()))).isEqualTo("rw-------");
        }
    }

    @Test
    void corruptFileIsKeptAsideAndDefaultsAreUsedWithAWarning() throws IOException {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "{ \"schemaVersion\": 1, \"theme\": ", StandardCharsets.UTF_8);

        SettingsStore store = new SettingsStore(file(), CLOCK);
        SettingsLoad load = store.load();

        Path aside = file().resolveSibling("settings.json.bad-20261124T101530Z");
        assertThat(load.settings()).isEqualTo(Settings.defaults());
        assertThat(load.warning()).get().asString()
                .contains("not valid settings JSON").contains(aside.toString()).contains("default settings");
        assertThat(aside).hasContent("{ \"schemaVersion\": 1, \"theme\": ");
        assertThat(file()).doesNotExist();

        // The next save writes a fresh file and leaves the bad copy alone.
        store.save(Settings.defaults().withTheme(Theme.DARK));
        assertThat(new SettingsStore(file(), CLOCK).load().settings().theme()).isEqualTo(Theme.DARK);
        assertThat(aside).hasContent("{ \"schemaVersion\": 1, \"theme\": ");
    }

    @Test
    void jsonWithoutSchemaVersionIsSetAside() throws IOException {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "[1, 2, 3]");
        SettingsLoad load = new SettingsStore(file(), CLOCK).load();
        assertThat(load.warning()).get().asString().contains("does not hold a JSON object");

        Files.writeString(file(), "{\"theme\":\"DARK\"}");
        load = new SettingsStore(file(), CLOCK).load();
        assertThat(load.warning()).get().asString().contains("no valid schemaVersion");
        assertThat(load.settings()).isEqualTo(Settings.defaults());
    }

    @Test
    void unreadableFileIsSetAside() throws IOException {
        Files.createDirectories(file()); // a directory where the file should be: reading fails
        SettingsLoad load = new SettingsStore(file(), CLOCK).load();
        assertThat(load.warning()).get().asString().contains("could not be read");
        assertThat(file().resolveSibling("settings.json.bad-20261124T101530Z")).isDirectory();
    }

    @Test
    void unknownThemeAndUnknownFieldsAreTolerated() throws IOException {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "{\"schemaVersion\":1,\"theme\":\"SOLARIZED\",\"futureThing\":42}");
        SettingsLoad load = new SettingsStore(file(), CLOCK).load();
        assertThat(load.warning()).isEmpty();
        assertThat(load.settings().theme()).isEqualTo(Theme.LIGHT);
    }

    @Test
    void newerSchemaIsUsedReadOnlyAndNeverOverwritten() throws IOException {
        Files.createDirectories(file().getParent());
        String newer = "{\"schemaVersion\":7,\"theme\":\"DARK\",\"clusters\":[{\"name\":\"prod\"}]}";
        Files.writeString(file(), newer);
        SettingsStore store = new SettingsStore(file(), CLOCK);
        SettingsLoad load = store.load();

        assertThat(load.settings().theme()).isEqualTo(Theme.DARK);
        assertThat(load.warning()).get().asString().contains("newer DRBD Pilot").contains("will not be saved");
        assertThat(store.isReadOnly()).isTrue();
        store.save(Settings.defaults());
        assertThat(file()).hasContent(newer);
    }

    @Test
    void failedSaveLeavesTheOldFileIntact() throws IOException {
        SettingsStore store = new SettingsStore(file(), CLOCK);
        store.save(Settings.defaults().withTheme(Theme.DARK));
        String before = Files.readString(file());
        // Replace the file by a non-empty directory: the rename over it must fail.
        Path blocker = dir.resolve("blocked");
        Files.createDirectories(blocker.resolve("settings.json").resolve("child"));
        SettingsStore blocked = new SettingsStore(blocker.resolve("settings.json"), CLOCK);
        Assertions.assertThatThrownBy(() -> blocked.save(Settings.defaults()))
                .isInstanceOf(IOException.class);
        try (Stream<Path> files = Files.list(blocker)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("settings.json");
        }
        assertThat(Files.readString(file())).isEqualTo(before);
    }
}
