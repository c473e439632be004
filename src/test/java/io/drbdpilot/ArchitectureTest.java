// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.drbdpilot.ssh.RemoteText;
import io.drbdpilot.ssh.CommandJournal;
import io.drbdpilot.ssh.CommandResult;
import io.drbdpilot.ssh.Prompter;
import io.drbdpilot.ssh.RemoteCommand;
import io.drbdpilot.ssh.RemoteText;
import java.util.Arrays;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** The domain stays free of the UI toolkit, and the transport knows nothing of DRBD. */
class ArchitectureTest {

    static final String[] FX_FREE = {"ssh", "drbd", "cluster", "ops", "sim", "cli", "settings"};

    static ArchRule fxFree(String root) {
        String[] pkgs = Arrays.stream(FX_FREE).map(p -> root + "." + p + "..").toArray(String[]::new);
        return noClasses().that().resideInAnyPackage(pkgs)
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", root + ".ui..")
                .allowEmptyShould(true);
    }

    static ArchRule sshIndependent(String root) {
        return noClasses().that().resideInAPackage(root + ".ssh..")
                .should().dependOnClassesThat().resideInAnyPackage(root + ".drbd..", root + ".cluster..",
                        root + ".ops..", root + ".sim..")
                .allowEmptyShould(true);
    }

    private static JavaClasses production() {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.drbdpilot");
    }

    @Test
    void domainPackagesUseNoJavaFxAndNoUi() {
        fxFree("io.drbdpilot").check(production());
    }

    @Test
    void sshKnowsNothingOfDrbd() {
        sshIndependent("io.drbdpilot").check(production());
    }

    @Test
    void nothingButTheLauncherAndCliWritesToSystemOut() {
        noClasses().that().resideOutsideOfPackages("io.drbdpilot.app..", "io.drbdpilot.cli..")
                .should().accessField(System.class, "out")
                .check(production());
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.drbdpilot.(*)..").should().beFreeOfCycles().check(production());
        slices().matching("io.drbdpilot.ui.(*)..").should().beFreeOfCycles().check(production());
        slices().matching("io.drbdpilot.drbd.(*)..").should().beFreeOfCycles().check(production());
        slices().matching("io.drbdpilot.ops.(*)..").should().beFreeOfCycles().check(production());
    }

    /** The engine and node access know no flow; a new operation is a sibling of the switchover that reuses them. */
    @Test
    void theEngineKnowsNoOperation() {
        noClasses().that().resideInAnyPackage("io.drbdpilot.ops.plan..", "io.drbdpilot.ops.node..")
                .should().dependOnClassesThat().resideInAnyPackage("io.drbdpilot.ops.switchover..",
                        "io.drbdpilot.ops.migration..", "io.drbdpilot.ops.workload..", "io.drbdpilot.ops.role..",
                        "io.drbdpilot.ops.splitbrain..", "io.drbdpilot.ops.verify..")
                .check(production());
        noClasses().that().resideInAPackage("io.drbdpilot.ops.node..")
                .should().dependOnClassesThat().resideInAPackage("io.drbdpilot.ops.plan..")
                .check(production());
    }

    @Test
    void drbdDependsOnNothingAboveIt() {
        noClasses().that().resideInAPackage("io.drbdpilot.drbd..")
                .should().dependOnClassesThat().resideInAnyPackage("io.drbdpilot.cluster..", "io.drbdpilot.ops..",
                        "io.drbdpilot.sim..", "io.drbdpilot.cli..", "io.drbdpilot.app..", "io.drbdpilot.ui..")
                .check(production());
    }

    /**
     * What the UI may use of the transport: values the engine hands it (a command, its result, text made safe for
     * the screen), the port it implements (the prompter the transport asks for passphrases and host keys) and the
     * record of the commands run, which it reads (the command log). Never a session, a channel or a connector: every
     * remote call goes through the monitor, the engine or NodeLinks.
     */
    static final Class<?>[] UI_TRANSPORT_VALUES = {RemoteText.class, RemoteCommand.class, CommandResult.class,
        Prompter.class, CommandJournal.class};

    @Test
    void theUiReachesNodesOnlyThroughTheMonitorAndTheEngine() {
        DescribedPredicate<JavaClass> value = DescribedPredicate.describe("a value or port of the transport",
                c -> Arrays.stream(UI_TRANSPORT_VALUES).anyMatch(v -> c.getName().equals(v.getName())
                        || c.getName().startsWith(v.getName() + "$")));
        noClasses().that().resideInAPackage("io.drbdpilot.ui..")
                .should().dependOnClassesThat(JavaClass.Predicates.resideInAnyPackage("io.drbdpilot.ssh..",
                        "io.drbdpilot.sim..").and(DescribedPredicate.not(value)))
                .because("the UI shows the monitor's state and drives the engine; the demo is wired in app")
                .check(production());
    }

    @Test
    void theUiTaskRunnerDependsOnNoOtherUiPackage() {
        noClasses().that().resideInAPackage("io.drbdpilot.ui.task..")
                .should().dependOnClassesThat().resideInAnyPackage("io.drbdpilot.ui.main..", "io.drbdpilot.ui.wizard..",
                        "io.drbdpilot.ui.workspace..", "io.drbdpilot.ui.connect..", "io.drbdpilot.ui.diagram..",
                        "io.drbdpilot.ui.theme..")
                .check(production());
    }

    /** The UI starts no threads of its own: its work runs on the one task runner, which the app ends at stop. */
    @Test
    void theUiMakesNoExecutorsButTheTaskRunner() {
        noClasses().that().resideInAPackage("io.drbdpilot.ui..").and().resideOutsideOfPackage("io.drbdpilot.ui.task..")
                .should().callMethodWhere(DescribedPredicate.describe("Executors factory",
                        call -> call.getTarget().getOwner().isEquivalentTo(Executors.class)))
                .check(production());
    }

    @Test
    void theRulesCatchViolations() {
        JavaClasses fixtures = new ClassFileImporter().importPackages("io.drbdpilot.archfixture");
        assertThatThrownBy(() -> fxFree("io.drbdpilot.archfixture").check(fixtures))
                .isInstanceOf(AssertionError.class).hasMessageContaining("javafx.scene.paint.Color");
        assertThatThrownBy(() -> sshIndependent("io.drbdpilot.archfixture").check(fixtures))
                .isInstanceOf(AssertionError.class).hasMessageContaining("archfixture.drbd.Leaky");
    }
}
