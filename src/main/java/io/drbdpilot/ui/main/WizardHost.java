// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.ui.main;

import io.drbdpilot.ui.workspace.ClusterEntry;
import io.drbdpilot.ui.workspace.WorkspaceViewModel;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.stage.Stage;

/**
 * What the main window gives the wizards it opens ({@link RoleWizards}, {@link DataWizards}): their owner, the
 * workspace and its selection, the audit file, and the selected cluster (or, empty, the reason told to the user).
 */
record WizardHost(Supplier<Stage> stage, WorkspaceViewModel workspace, Supplier<Path> audit,
        Function<String, Optional<ClusterEntry>> cluster) {
}
