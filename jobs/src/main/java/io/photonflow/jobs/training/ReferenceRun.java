package io.photonflow.jobs.training;

import io.photonflow.data.TrainingData;
import io.photonflow.data.graph.GraphDataset;
import io.photonflow.data.graph.GraphSource;
import io.photonflow.jobs.config.JobConfig;
import io.photonflow.math.LayerFactory;
import io.photonflow.math.NativeThreads;
import io.photonflow.training.ExampleFeed;
import io.photonflow.training.GraphFeed;
import io.photonflow.training.GraphLayers;
import io.photonflow.training.ReferenceTrainer;
import java.io.IOException;

/**
 * A job's configuration trained by the single-threaded {@link ReferenceTrainer} instead of the
 * dataflow, on the same data: the yardstick of the determinism tests and of the benchmark.
 */
public final class ReferenceRun {

    private ReferenceRun() {}

    /**
     * Trains {@code config}'s network on its data.
     *
     * @param alignmentEvery under DFA, measure alignment every this many steps (0: never)
     */
    public static ReferenceTrainer.Result train(JobConfig config, long alignmentEvery)
            throws IOException {
        // The job's BLAS threads, as its operators pin them: a product summed by another number of
        // threads differs in its last bits.
        NativeThreads.configure(config.runtime().blasThreads());
        if (config.data().isGraph()) {
            GraphDataset graph = GraphSource.of(config.data()).load();
            GraphLayers layers =
                    GraphLayers.of(graph, config.network().dropout(), config.seeds().data());
            return new ReferenceTrainer(config.setup(), layers, alignmentEvery)
                    .startingFrom(config.startingPoint())
                    .train(new GraphFeed(graph));
        }
        TrainingData data =
                new TrainingData.Loader(
                                config.data(),
                                config.network().input(),
                                config.network().classes(),
                                TrainingJob.initialScaling(config))
                        .load();
        return new ReferenceTrainer(config.setup(), LayerFactory.dense(), alignmentEvery)
                .startingFrom(config.startingPoint())
                .train(new ExampleFeed(data, config.training(), config.seeds().data()));
    }
}
