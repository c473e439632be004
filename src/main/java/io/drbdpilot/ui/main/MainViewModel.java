// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.main;

import io.drbdpilot.settings.ClusterSettings;
import io.drbdpilot.settings.ClusterValidation;
import io.drbdpilot.settings.Settings;
import io.drbdpilot.settings.SettingsLoad;
import io.drbdpilot.settings.SettingsStore;
import io.drbdpilot.settings.Theme;
import io.drbdpilot.settings.WindowGeometry;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** State of the main window: theme, status line, the settings warning, and persisting what the user changes. */
public final class MainViewModel {

    private static final Logger LOG = LoggerFactory.getLogger(MainViewModel.class);

    private final SettingsStore store;
    private Settings settings;
    private final Optional<String> settingsWarning;
    private final ObjectProperty<Theme> theme;
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Ready");

    public MainViewModel(SettingsStore store, SettingsLoad initial) {
        this.store = store;
        this.settings = initial.settings();
        this.settingsWarning = initial.warning();
        this.theme = new SimpleObjectProperty<>(settings.theme());
        theme.addListener((obs, old, now) -> {
            if (now != null && now != settings.theme()) {
                persist(s -> s.withTheme(now));
                status.set("Theme: " + (now == Theme.DARK ? "dark" : "light"));
            }
        });
        settingsWarning.ifPresent(w -> status.set("Settings problem: defaults in use (see the banner)"));
    }

    public ObjectProperty<Theme> themeProperty() {
        return theme;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public Optional<String> settingsWarning() {
        return settingsWarning;
    }

    public Optional<WindowGeometry> savedWindow() {
        return Optional.ofNullable(settings.window()).filter(WindowGeometry::isPlausible);
    }

    /** Shows a message in the status bar; FX thread. */
    public void setStatus(String message) {
        status.set(message);
    }

    /** The clusters in the settings. */
    public List<ClusterSettings> clusters() {
        return settings.clusters();
    }

    /** Stores the connection manager's list (a failure to write is said in the status bar). */
    public void saveClusters(List<ClusterSettings> clusters) {
        List<ClusterSettings> before = settings.clusters();
        persist(disk -> disk.withClusters(ClusterValidation.merge(before, clusters,
                disk.clusters())));
    }

    public void toggleTheme() {
        theme.set(theme.get() == Theme.DARK ? Theme.LIGHT : Theme.DARK);
    }

    /** Called when the window closes. */
    public void windowClosed(WindowGeometry geometry) {
        persist(disk -> disk.withWindow(geometry));
    }

    /** Applies a change to what is on disk now (another DRBD Pilot may have saved since), and keeps the result. */
    private void persist(UnaryOperator<Settings> change) {
        settings = change.apply(settings);
        try {
            settings = store.update(change);
        } catch (IOException e) {
            LOG.warn("Could not save settings to {}", store.file(), e);
            status.set("Could not save settings to " + store.file() + ": " + e.getMessage());
        }
    }
}
