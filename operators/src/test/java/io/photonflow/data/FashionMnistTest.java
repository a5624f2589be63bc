package io.photonflow.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Reads the real Fashion-MNIST files where they are installed; skipped elsewhere, failed under CI
 * ({@link TestDataSets}).
 */
class FashionMnistTest {

    @Test
    void loadsBothSplitsCompletelyAndCleanly() throws IOException {
        Path directory = TestDataSets.fashionMnist();

        LoadedSplit train = load(directory, "train");
        LoadedSplit test = load(directory, "t10k");

        assertThat(train.dataset().size()).isEqualTo(60_000);
        assertThat(test.dataset().size()).isEqualTo(10_000);
        for (LoadedSplit split : new LoadedSplit[] {train, test}) {
            Dataset dataset = split.dataset();
            assertThat(split.rejected()).isEmpty();
            assertThat(dataset.featureCount()).isEqualTo(784);
            int[] all = IntStream.range(0, dataset.size()).toArray();
            assertThat(IntStream.of(dataset.labels(all)).distinct().sorted().toArray())
                    .containsExactly(IntStream.range(0, 10).toArray());
            for (float pixel : dataset.rows(new int[] {0, dataset.size() - 1})) {
                assertThat(pixel).isBetween(0f, 1f);
            }
        }
    }

    private static LoadedSplit load(Path directory, String prefix) throws IOException {
        SplitSource source =
                new SplitSource(
                        directory.resolve(prefix + "-images-idx3-ubyte.gz").toString(),
                        directory.resolve(prefix + "-labels-idx1-ubyte.gz").toString(),
                        null);
        return DatasetLoader.load(source, prefix, 784, 10, 0);
    }
}
