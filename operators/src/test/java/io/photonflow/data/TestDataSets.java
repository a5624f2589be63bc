package io.photonflow.data;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Where the tests find the real data sets they need, and what happens where one is missing: the
 * test is skipped on a developer's machine, but fails under CI (the environment variable {@code
 * CI=true}, which CI services set), naming the path and how to get the data, so that a CI run
 * without the data cannot pass with those tests unrun. Shared by the operators and (through the
 * test jar) the jobs tests.
 *
 * <ul>
 *   <li>Fashion-MNIST: the system property {@code photonflow.fashion-mnist}, else {@code
 *       /usr/share/datasets/fashion-mnist} (Debian package {@code dataset-fashion-mnist});
 *   <li>the shared data sets (the Planetoid graphs): the system property {@code
 *       photonflow.shared.datasets} (the build sets it to the {@code shared/datasets} folder beside
 *       the repository), else {@code ../../shared/datasets} from a module's folder.
 * </ul>
 */
public final class TestDataSets {

    /** The Fashion-MNIST folder of the Debian package. */
    public static final String FASHION_MNIST_DEFAULT = "/usr/share/datasets/fashion-mnist";

    private TestDataSets() {}

    /** The Fashion-MNIST folder, with its four gzip idx files; skips or (CI) fails without. */
    public static Path fashionMnist() {
        Path directory =
                Path.of(System.getProperty("photonflow.fashion-mnist", FASHION_MNIST_DEFAULT));
        Path probe = directory.resolve("train-images-idx3-ubyte.gz");
        require(
                Files.isRegularFile(probe),
                "Fashion-MNIST is missing: no "
                        + probe
                        + ". Install it with `apt-get install"
                        + " dataset-fashion-mnist` (or point the system property"
                        + " photonflow.fashion-mnist at a folder with its four idx files)");
        return directory;
    }

    /** The folder of the shared data sets (it may not exist: see {@link #planetoid}). */
    public static Path sharedDatasets() {
        return Path.of(System.getProperty("photonflow.shared.datasets", "../../shared/datasets"))
                .toAbsolutePath()
                .normalize();
    }

    /**
     * The Planetoid graph {@code name} ({@code cora}, {@code citeseer}) of the shared data sets;
     * skips or (CI) fails without.
     */
    public static Path planetoid(String name) {
        Path directory = sharedDatasets().resolve("planetoid").resolve(name);
        require(
                Files.isRegularFile(directory.resolve("nodes.tsv")),
                "the "
                        + name
                        + " graph is missing: no "
                        + directory.resolve("nodes.tsv")
                        + ". It comes with the shared data sets folder: put it beside the"
                        + " repository as ../shared/datasets (see its README.md), or point the"
                        + " system property photonflow.shared.datasets at it");
        return directory;
    }

    /** Whether this run is a CI run: the environment variable CI is {@code true}. */
    public static boolean underCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    private static void require(boolean present, String problem) {
        if (present) {
            return;
        }
        if (underCi()) {
            throw new AssertionError(
                    problem + ". CI=true: a test that needs it fails rather than" + " skips.");
        }
        Assumptions.abort(problem + "; skipped (under CI=true this fails).");
    }
}
