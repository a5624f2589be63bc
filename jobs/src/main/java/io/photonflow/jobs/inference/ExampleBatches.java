package io.photonflow.jobs.inference;

import io.photonflow.avro.DeadLetter;
import io.photonflow.data.Dataset;
import io.photonflow.data.ScoringExamples;
import io.photonflow.math.Layer;
import io.photonflow.math.LayerFactory;
import io.photonflow.math.NdArrays;
import io.photonflow.training.TrainedModel;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Examples run through a dense model in minibatches, in file order, scaled as the model was
 * trained: the minibatches of a training run's evaluation pass when the batch size is its {@code
 * training.eval-batch-size}.
 */
final class ExampleBatches implements ModelData.Loaded {

    private final TrainedModel model;
    private final ScoringExamples examples;
    private final int batchSize;
    private final String file;

    ExampleBatches(TrainedModel model, ScoringExamples examples, int batchSize, String file) {
        this.model = model;
        this.examples = examples.scaled(model.scaling());
        this.batchSize = batchSize;
        this.file = file;
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "%,d examples of %s", examples.size(), file);
    }

    @Override
    public int size() {
        return examples.size();
    }

    @Override
    public List<DeadLetter> rejected() {
        return examples.rejected();
    }

    @Override
    public void run(ModelData.BatchConsumer consumer) throws IOException {
        List<Layer> layers = model.layers(LayerFactory.dense());
        Dataset data = examples.examples();
        for (int start = 0; start < data.size(); start += batchSize) {
            int[] rows = IntStream.range(start, Math.min(data.size(), start + batchSize)).toArray();
            consumer.accept(
                    Arrays.copyOfRange(examples.ids(), rows[0], rows[0] + rows.length),
                    model.logits(
                            layers,
                            NdArrays.matrix(data.rows(rows), rows.length, data.featureCount())),
                    data.labels(rows));
        }
    }
}
