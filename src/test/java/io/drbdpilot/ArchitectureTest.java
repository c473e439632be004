// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
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
    void theRulesCatchViolations() {
        JavaClasses fixtures = new ClassFileImporter().importPackages("io.drbdpilot.archfixture");
        assertThatThrownBy(() -> fxFree("io.drbdpilot.archfixture").check(fixtures))
                .isInstanceOf(AssertionError.class).hasMessageContaining("javafx.scene.paint.Color");
        assertThatThrownBy(() -> sshIndependent("io.drbdpilot.archfixture").check(fixtures))
                .isInstanceOf(AssertionError.class).hasMessageContaining("archfixture.drbd.Leaky");
    }
}
