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
import java.util.Arrays;
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
                        "io.drbdpilot.ops.migration..", "io.drbdpilot.ops.workload..", "io.drbdpilot.ops.role..")
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
     * Classes of the UI that still reach the transport or the simulator themselves, each a debt with its reason (the
     * list may only shrink): FxPrompter is the prompter the transport asks (a port the UI implements); the connection
     * manager and the workspace entry open sessions; the engine's listener hands RunPage the command and its result;
     * the demo menu and the main window drive the simulated cluster.
     */
    static final String[] UI_TRANSPORT_DEBTS = {"io.drbdpilot.ui.connect.FxPrompter",
        "io.drbdpilot.ui.connect.ConnectionsViewModel", "io.drbdpilot.ui.workspace.ClusterEntry",
        "io.drbdpilot.ui.workspace.WorkspaceViewModel", "io.drbdpilot.ui.wizard.RunPage",
        "io.drbdpilot.ui.workspace.DemoMenu", "io.drbdpilot.ui.main.MainWindow"};

    @Test
    void theUiReachesNodesOnlyThroughTheMonitorAndTheEngine() {
        DescribedPredicate<JavaClass> debt = DescribedPredicate.describe("a listed debt", c -> Arrays.stream(
                UI_TRANSPORT_DEBTS).anyMatch(d -> c.getName().equals(d) || c.getName().startsWith(d + "$")));
        noClasses().that().resideInAPackage("io.drbdpilot.ui..").and(DescribedPredicate.not(debt))
                .should().dependOnClassesThat(JavaClass.Predicates.resideInAnyPackage("io.drbdpilot.ssh..",
                        "io.drbdpilot.sim..").and(DescribedPredicate.not(JavaClass.Predicates.type(
                        RemoteText.class))))
                .because("the UI shows the monitor's state and drives the engine; RemoteText is the one text "
                        + "utility it shares")
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
