package io.photonflow.jobs.bench;

import io.photonflow.data.BatchPlan;
import io.photonflow.data.Dataset;
import io.photonflow.math.Activation;
import io.photonflow.math.LayerShape;
import io.photonflow.math.NdArrays;
import io.photonflow.math.OptimizerSpec;
import io.photonflow.model.NetworkSpec;
import io.photonflow.model.TrainingSetup;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Deeplearning4j's MultiLayerNetwork trained with backprop on the same network, optimizer,
 * minibatch order and batch size as a photonflow run: the outside baseline.
 */
public final class Dl4jBaseline {

    private final TrainingSetup setup;
    private final MultiLayerNetwork network;

    /**
     * @param totalSteps training steps of the run, for the learning-rate schedule
     */
    public Dl4jBaseline(TrainingSetup setup, long totalSteps) {
        this.setup = setup;
        NeuralNetConfiguration.ListBuilder layers =
                new NeuralNetConfiguration.Builder()
                        .seed(setup.seeds().init())
                        .updater(updater(setup.optimizer(), totalSteps))
                        .l2(setup.optimizer().weightDecay())
                        .weightInit(WeightInit.XAVIER_UNIFORM)
                        .list();
        NetworkSpec spec = setup.network();
        for (LayerShape shape : spec.layers()) {
            if (shape.index() < spec.depth() - 1) {
                layers.layer(
                        new DenseLayer.Builder()
                                .nIn(shape.inputSize())
                                .nOut(shape.outputSize())
                                .activation(activation(shape.activation()))
                                .build());
            } else {
                layers.layer(
                        new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                                .nIn(shape.inputSize())
                                .nOut(shape.outputSize())
                                .activation(org.nd4j.linalg.activations.Activation.SOFTMAX)
                                .build());
            }
        }
        this.network = new MultiLayerNetwork(layers.build());
        network.init();
    }

    /**
     * Trains for the configured epochs in the same minibatch order as photonflow.
     *
     * @return the wall-clock seconds spent in DL4J's fit (assembling minibatches left out)
     */
    public double train(Dataset train) {
        BatchPlan plan =
                new BatchPlan(train.size(), setup.training().batchSize(), setup.seeds().data());
        long nanos = 0;
        for (int epoch = 0; epoch < setup.training().epochs(); epoch++) {
            for (int index = 0; index < plan.stepsPerEpoch(); index++) {
                DataSet minibatch = minibatch(train, plan.batch(epoch, index));
                long start = System.nanoTime();
                network.fit(minibatch);
                nanos += System.nanoTime() - start;
            }
        }
        return nanos / 1e9;
    }

    /** Test accuracy of the trained network. */
    public double accuracy(Dataset test) {
        Evaluation evaluation = new Evaluation(setup.network().classes());
        int batch = setup.training().evalBatchSize();
        for (int start = 0; start < test.size(); start += batch) {
            int[] rows = IntStream.range(start, Math.min(test.size(), start + batch)).toArray();
            DataSet data = minibatch(test, rows);
            evaluation.eval(data.getLabels(), network.output(data.getFeatures(), false));
        }
        return evaluation.accuracy();
    }

    private DataSet minibatch(Dataset data, int[] rows) {
        INDArray features = NdArrays.matrix(data.rows(rows), rows.length, data.featureCount());
        INDArray labels = Nd4j.zeros(DataType.FLOAT, rows.length, setup.network().classes());
        int[] classes = data.labels(rows);
        for (int i = 0; i < rows.length; i++) {
            labels.putScalar(i, classes[i], 1f);
        }
        return new DataSet(features, labels);
    }

    private static IUpdater updater(OptimizerSpec spec, long totalSteps) {
        Dl4jSchedule rate = new Dl4jSchedule(spec.learningRate(), spec.schedule(), totalSteps);
        return switch (spec.kind()) {
            case ADAM ->
                    org.nd4j.linalg.learning.config.Adam.builder()
                            .learningRateSchedule(rate)
                            .beta1(spec.beta1())
                            .beta2(spec.beta2())
                            .epsilon(spec.epsilon())
                            .build();
            // DL4J has no heavy-ball momentum; Nesterov's is the closest it offers.
            case SGD -> spec.momentum() == 0 ? new Sgd(rate) : new Nesterovs(rate, spec.momentum());
        };
    }

    private static org.nd4j.linalg.activations.Activation activation(Activation activation) {
        return switch (activation) {
            case TANH -> org.nd4j.linalg.activations.Activation.TANH;
            case RELU -> org.nd4j.linalg.activations.Activation.RELU;
            case SIGMOID -> org.nd4j.linalg.activations.Activation.SIGMOID;
            case IDENTITY -> org.nd4j.linalg.activations.Activation.IDENTITY;
        };
    }
}
