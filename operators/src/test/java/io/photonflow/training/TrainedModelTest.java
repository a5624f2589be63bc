package io.photonflow.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.photonflow.avro.LayerKind;
import io.photonflow.avro.LayerParameters;
import io.photonflow.avro.LayerSpec;
import io.photonflow.avro.ModelSnapshot;
import io.photonflow.data.InputScaling;
import io.photonflow.data.ModelSnapshots;
import io.photonflow.math.LayerFactory;
import io.photonflow.math.NdArrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainedModelTest {

    /**
     * A 2-2-2 tanh network: W0 = [[0.5, -0.5], [1, 1]], b0 = 0, W1 = I, b1 = (0.1, -0.1). For x =
     * (1, 0): a0 = (0.5, -0.5), h = tanh(a0) = (0.46211716, -0.46211716), logits = h + b1.
     */
    private static ModelSnapshot snapshot(String activation, int secondInput) {
        return ModelSnapshot.newBuilder()
                .setAlgorithm("dfa")
                .setLayers(List.of(layer(2, 2, activation), layer(secondInput, 2, "identity")))
                .setParameters(
                        List.of(
                                ModelSnapshots.parameters(
                                        2, 2, new float[] {0.5f, -0.5f, 1f, 1f}, new float[2]),
                                ModelSnapshots.parameters(
                                        2,
                                        2,
                                        new float[] {1f, 0f, 0f, 1f},
                                        new float[] {0.1f, -0.1f})))
                .setStep(42)
                .setEpoch(3)
                .setConfigFingerprint("f")
                .setInputShift(1f)
                .setInputScale(2f)
                .build();
    }

    private static LayerSpec layer(int in, int out, String activation) {
        return LayerSpec.newBuilder()
                .setKind(LayerKind.DENSE)
                .setInputSize(in)
                .setOutputSize(out)
                .setActivation(activation)
                .build();
    }

    @Test
    void logitsAreTheForwardPassOfTheSnapshotsLayers() {
        TrainedModel model = TrainedModel.of(snapshot("tanh", 2));
        float[] logits =
                NdArrays.toFloats(
                        model.logits(
                                model.layers(LayerFactory.dense()),
                                NdArrays.matrix(new float[] {1f, 0f, 0f, 0f}, 2, 2)));
        double h = Math.tanh(0.5);
        assertThat(logits)
                .containsExactly(
                        new float[] {(float) (h + 0.1), (float) (-h - 0.1), 0.1f, -0.1f},
                        within(1e-6f));
        assertThat(model.describe()).isEqualTo("dfa 2-2-2 tanh");
        assertThat(model.version()).isEqualTo(42);
        assertThat(model.inputWidth()).isEqualTo(2);
        assertThat(model.classes()).isEqualTo(2);
        assertThat(model.isGraph()).isFalse();
        assertThat(model.scaling()).isEqualTo(new InputScaling(1f, 2f));
    }

    @Test
    void snapshotsOfNoRunnableNetworkAreRejectedWithTheReason() {
        assertThatThrownBy(() -> TrainedModel.of(snapshot("swish", 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("layer 0 has an unknown activation 'swish'");
        assertThatThrownBy(() -> TrainedModel.of(snapshot("tanh", 3)))
                .hasMessage("layer 1 reads 3 values but layer 0 writes 2");
        ModelSnapshot missing = snapshot("tanh", 2);
        missing.setParameters(List.of(missing.getParameters().get(0)));
        assertThatThrownBy(() -> TrainedModel.of(missing))
                .hasMessage("the snapshot describes 2 layers but holds parameters of 1");
        ModelSnapshot wrongShape = snapshot("tanh", 2);
        LayerParameters first = wrongShape.getParameters().get(0);
        first.setCols(3);
        assertThatThrownBy(() -> TrainedModel.of(wrongShape))
                .hasMessage(
                        "layer 0 is 2x2 but its parameters are 2x3 with 4 weights and 2 biases");
    }
}
