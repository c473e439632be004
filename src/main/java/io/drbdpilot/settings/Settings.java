// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.settings;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Optional;

/**
 * The persisted user settings. Immutable: change one with a {@code with…} method and save the copy.
 *
 * @param schemaVersion the format version of the file; bumped whenever a field changes meaning
 * @param theme         light or dark
 * @param window        the last main-window geometry, or null before the first close
 * @param clusters      the configured clusters (absent in files written before they existed)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Settings(int schemaVersion, Theme theme, WindowGeometry window, List<ClusterSettings> clusters) {

    public static final int CURRENT_SCHEMA = 1;

    public Settings {
        theme = theme == null ? Theme.LIGHT : theme;
        clusters = clusters == null ? List.of() : List.copyOf(clusters);
    }

    public static Settings defaults() {
        return new Settings(CURRENT_SCHEMA, Theme.LIGHT, null, List.of());
    }

    public Settings withTheme(Theme newTheme) {
        return new Settings(schemaVersion, newTheme, window, clusters);
    }

    public Settings withClusters(List<ClusterSettings> newClusters) {
        return new Settings(schemaVersion, theme, window, newClusters);
    }

    public Optional<ClusterSettings> cluster(String name) {
        return clusters.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public Settings withWindow(WindowGeometry newWindow) {
        return new Settings(schemaVersion, theme, newWindow, clusters);
    }
}
