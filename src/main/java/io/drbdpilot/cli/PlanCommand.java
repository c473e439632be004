// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cli;

import io.drbdpilot.settings.SettingsStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every verb that changes a cluster shares: the plan's options (--dry-run, --yes, --json, --audit), the node
 * options, the settings and the default audit file. Each verb builds its plan and hands it to
 * {@link PlanOptions#runChecked}.
 */
abstract class PlanCommand implements Callable<Integer> {

    @Mixin
    PlanOptions plan = new PlanOptions();

    @Mixin
    LiveOptions live = new LiveOptions();

    @Spec
    CommandSpec spec;

    protected final SettingsStore settings;
    protected final Path defaultAudit;

    protected PlanCommand(SettingsStore settings, Path defaultAudit) {
        this.settings = settings;
        this.defaultAudit = defaultAudit;
    }

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
