package org.thinrich.scenarios.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The rules that keep the layout findable (the README's module table): engines apart from views, each module within its dependencies. */
class ModuleRulesTest {
    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.thinrich");
    }

    @Test
    void enginesRunWithoutJavaFx() {
        noClasses().that().resideInAnyPackage("org.thinrich.thin.engine..", "org.thinrich.rich.engine..", "org.thinrich.rich.replica..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..")
                .because("scenarios drive the engines headless; only views may use JavaFX").check(classes);
    }

    @Test
    void protocolsAreOfNeitherSide() {
        noClasses().that().resideInAnyPackage("org.thinrich.display.protocol..", "org.thinrich.sync.protocol..")
                .should().dependOnClassesThat().resideInAnyPackage("org.thinrich.server..", "org.thinrich.thin..", "org.thinrich.rich..",
                        "org.thinrich.calendar.ui..", "javafx..")
                .check(classes);
    }

    @Test
    void theThinClientSeesNoCalendarTypes() {
        noClasses().that().resideInAPackage("org.thinrich.thin..")
                .should().dependOnClassesThat().resideInAnyPackage("org.thinrich.calendar..", "org.thinrich.sync..", "org.thinrich.server..")
                .because("the thin client holds no calendar data").check(classes);
    }

    @Test
    void theRichClientKnowsTheServerOnlyByItsProtocol() {
        noClasses().that().resideInAPackage("org.thinrich.rich..")
                .should().dependOnClassesThat().resideInAnyPackage("org.thinrich.server..", "org.thinrich.thin..", "org.thinrich.display..")
                .check(classes);
    }

    @Test
    void theCalendarCoreDependsOnNothingOfOurs() {
        noClasses().that().resideInAPackage("org.thinrich.calendar.core..")
                .should().dependOnClassesThat().resideInAnyPackage("org.thinrich.calendar.ui..", "org.thinrich.server..", "org.thinrich.sync..",
                        "org.thinrich.display..", "org.thinrich.thin..", "org.thinrich.rich..", "org.thinrich.scenarios..")
                .check(classes);
    }
}
