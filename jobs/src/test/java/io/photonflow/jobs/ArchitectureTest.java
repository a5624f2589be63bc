package io.photonflow.jobs;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Optional;

/**
 * The architecture of photonflow as rules over the production classes of every module (schemas,
 * operators, jobs; this module's tests see them all). A failure lists every violating class with
 * the dependency and the line that breaks the rule.
 *
 * <ul>
 *   <li>The math, the data, the model and the reference trainer are plain Java and ND4J: no Flink,
 *       and nothing of the Flink layer (io.photonflow.flink) or the jobs above them.
 *   <li>Only the feedback loop (io.photonflow.flink.loop) may reach into Flink's internals: classes
 *       annotated {@code @Internal}, and classes of {@code org.apache.flink.runtime..} and {@code
 *       org.apache.flink.streaming.runtime..} that are not {@code @Public} or
 *       {@code @PublicEvolving}. Everything else uses Flink's public API only, so that a Flink
 *       upgrade touches one package.
 *   <li>No package cycles, neither between the top-level packages (math, data, model, training,
 *       flink, jobs, avro; sub-packages count with their parent) nor between the sub-packages of
 *       one top-level package (flink.loop and flink.operators, math.projection and math.sparse).
 * </ul>
 */
@AnalyzeClasses(
        packages = "io.photonflow",
        importOptions = {
            ImportOption.DoNotIncludeTests.class,
            ArchitectureTest.DoNotIncludeTestJars.class
        })
class ArchitectureTest {

    static {
        // A cycle's report names every dependency on each edge, not only the first 20.
        ArchConfiguration.get().setProperty("cycles.maxNumberOfDependenciesPerEdge", "1000");
    }

    private static final String[] FLINK_FREE_CORE = {
        "io.photonflow.math..",
        "io.photonflow.data..",
        "io.photonflow.model..",
        "io.photonflow.online..",
        "io.photonflow.training.."
    };

    private static final String INTERNAL = "org.apache.flink.annotation.Internal";
    private static final String SUPPRESS_RESTARTS =
            "org.apache.flink.runtime.execution.SuppressRestartsException";
    private static final String PUBLIC = "org.apache.flink.annotation.Public";
    private static final String PUBLIC_EVOLVING = "org.apache.flink.annotation.PublicEvolving";

    @ArchTest
    static final ArchRule coreDoesNotDependOnFlink =
            noClasses()
                    .that()
                    .resideInAnyPackage(FLINK_FREE_CORE)
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage("org.apache.flink..")
                    .because(
                            "the math, data, model and reference trainer are plain Java and ND4J,"
                                    + " usable and testable without Flink");

    @ArchTest
    static final ArchRule coreDoesNotDependOnTheFlinkLayerOrTheJobs =
            noClasses()
                    .that()
                    .resideInAnyPackage(FLINK_FREE_CORE)
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage("io.photonflow.flink..", "io.photonflow.jobs..")
                    .because(
                            "the Flink operators wrap the math, not the other way round; the jobs"
                                    + " assemble both");

    @ArchTest
    static final ArchRule onlyTheLoopUsesFlinkInternals =
            noClasses()
                    .that()
                    .resideOutsideOfPackage("io.photonflow.flink.loop..")
                    .should()
                    .dependOnClassesThat(flinkInternals())
                    .because(
                            "io.photonflow.flink.loop is the one place that may rely on Flink"
                                    + " internals; everything else uses Flink's public API");

    @ArchTest
    static final ArchRule noCyclesBetweenTopLevelPackages =
            slices().matching("io.photonflow.(*)..")
                    .namingSlices("io.photonflow.$1")
                    .should()
                    .beFreeOfCycles();

    @ArchTest
    static final ArchRule noCyclesBetweenSubPackages =
            slices().matching("io.photonflow.(*).(*)..")
                    .namingSlices("io.photonflow.$1.$2")
                    .should()
                    .beFreeOfCycles();

    /**
     * Flink classes that are internal: annotated {@code @Internal} (or nested in such a class), or
     * under {@code org.apache.flink.runtime..} or {@code org.apache.flink.streaming.runtime..}
     * without a {@code @Public} or {@code @PublicEvolving} annotation (on them or a class they are
     * nested in).
     */
    private static DescribedPredicate<JavaClass> flinkInternals() {
        return DescribedPredicate.describe(
                "are Flink internals (annotated @Internal, or in org.apache.flink.runtime.. or"
                        + " org.apache.flink.streaming.runtime.. and not @Public or"
                        + " @PublicEvolving)",
                ArchitectureTest::isFlinkInternal);
    }

    private static boolean isFlinkInternal(JavaClass target) {
        JavaClass type = target.getBaseComponentType();
        if (!type.getPackageName().startsWith("org.apache.flink.")) {
            return false;
        }
        if (annotatedHereOrOutside(type, INTERNAL)) {
            return true;
        }
        // Flink's one way for user code to fail a job without restarts (FailFast).
        if (type.getName().equals(SUPPRESS_RESTARTS)) {
            return false;
        }
        boolean runtimePackage =
                type.getPackageName().startsWith("org.apache.flink.runtime.")
                        || type.getPackageName().equals("org.apache.flink.runtime")
                        || type.getPackageName().startsWith("org.apache.flink.streaming.runtime.")
                        || type.getPackageName().equals("org.apache.flink.streaming.runtime");
        return runtimePackage
                && !annotatedHereOrOutside(type, PUBLIC)
                && !annotatedHereOrOutside(type, PUBLIC_EVOLVING);
    }

    private static boolean annotatedHereOrOutside(JavaClass type, String annotation) {
        for (Optional<JavaClass> c = Optional.of(type);
                c.isPresent();
                c = c.get().getEnclosingClass()) {
            if (c.get().isAnnotatedWith(annotation)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Leaves out test jars: outside the reactor the operators' test classes come as
     * photonflow-operators-*-tests.jar, which {@link ImportOption.DoNotIncludeTests} does not
     * recognize.
     */
    static final class DoNotIncludeTestJars implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.matches(java.util.regex.Pattern.compile(".*-tests\\.jar.*"));
        }
    }
}
