package io.smsync;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.smsync.reply.Outbox;
import io.smsync.store.Replies;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Package arrows point one way: the build fails on a cycle or on an arrow pointing back up. */
class ArchitectureTest {
    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() throws URISyntaxException {
        // The production classes' own directory (or jar), so tests never count, wherever the build puts them.
        Path mainClasses = Path.of(App.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        production = new ClassFileImporter().importPath(mainClasses);
    }

    @Test
    void packages_are_free_of_cycles() {
        slices().matching("io.smsync.(*)..").should().beFreeOfCycles().check(production);
    }

    @Test
    void store_depends_on_no_other_smsync_package() {
        dependsOnlyOn("io.smsync.store..");
    }

    @Test
    void sms_vocabulary_depends_on_no_other_smsync_package() {
        dependsOnlyOn("io.smsync.sms..");
    }

    @Test
    void http_plumbing_depends_on_no_feature_package() {
        dependsOnlyOn("io.smsync.http..", "io.smsync.store..");
    }

    @Test
    void adapters_depend_on_plumbing_not_on_the_operator_features() {
        noClasses().that().resideInAnyPackage("io.smsync.ingest..", "io.smsync.metrics..")
                .should().dependOnClassesThat().resideInAPackage("io.smsync.web..")
                .check(production);
    }

    @Test
    void only_the_outbox_changes_replies() {
        // The composition root (package io.smsync itself) only builds Replies and hands it to the Outbox.
        noClasses().that().resideOutsideOfPackages("io.smsync.store..", "io.smsync")
                .and().doNotHaveFullyQualifiedName(Outbox.class.getName())
                .should().dependOnClassesThat().haveFullyQualifiedName(Replies.class.getName())
                .check(production);
    }

    /** Classes in {@code packages[0]} may use smsync classes only from the given packages. */
    private static void dependsOnlyOn(String... packages) {
        noClasses().that().resideInAPackage(packages[0])
                .should().dependOnClassesThat(resideInAPackage("io.smsync..").and(not(resideInAnyPackage(packages))))
                .check(production);
    }
}
