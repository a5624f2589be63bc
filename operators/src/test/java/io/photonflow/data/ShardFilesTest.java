package io.photonflow.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.photonflow.avro.LayerKind;
import io.photonflow.avro.LayerOptimizerState;
import io.photonflow.avro.LayerSpec;
import io.photonflow.avro.ModelSnapshot;
import io.photonflow.avro.ParameterRows;
import io.photonflow.avro.ShardFile;
import io.photonflow.math.LayerWeights;
import io.photonflow.math.LearningRule;
import io.photonflow.math.NdArrays;
import io.photonflow.math.Sharding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.avro.file.DataFileReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Shard files: a split layer written shard by shard and joined back, bit for bit, with its
 * optimizer slots; and the clear failures of files that are missing or of another shard.
 */
class ShardFilesTest {

    /** Wide enough that a shard's weights take more than one record. */
    private static final int ROWS = 1500;

    private static final int COLS = 700;
    private static final int SHARDS = 3;
    private static final long STEP = 42;
    private static final int EPOCH = 2;

    private final Random random = new Random(7);
    private final float[] weights = values(ROWS * COLS);
    private final float[] bias = values(COLS);
    private final float[][] weightSlots = {values(ROWS * COLS), values(ROWS * COLS)};
    private final float[][] biasSlots = {values(COLS), values(COLS)};

    @Test
    void aLayerWrittenShardByShardJoinsBackBitForBit(@TempDir Path folder) throws IOException {
        ModelSnapshot manifest = writeShards(folder, STEP);

        ModelSnapshot joined = ShardFiles.join(manifest, folder, true);

        assertThat(joined.getShardFiles()).isNull();
        assertThat(FloatList.toArray(joined.getParameters().get(0).getWeights()))
                .isEqualTo(weights);
        assertThat(FloatList.toArray(joined.getParameters().get(0).getBias())).isEqualTo(bias);
        LayerOptimizerState state = joined.getOptimizerState().get(0);
        assertThat(state.getWeightSteps()).isEqualTo(STEP);
        assertThat(state.getSkippedUpdates()).isEqualTo(3);
        for (int slot = 0; slot < 2; slot++) {
            assertThat(FloatList.toArray(state.getWeightSlots().get(slot)))
                    .isEqualTo(weightSlots[slot]);
            assertThat(FloatList.toArray(state.getBiasSlots().get(slot)))
                    .isEqualTo(biasSlots[slot]);
        }
        assertThat(joined.getParameters().get(1)).isEqualTo(manifest.getParameters().get(1));
    }

    @Test
    void recordsStayBoundedWhateverTheShardsSize(@TempDir Path folder) throws IOException {
        ModelSnapshot manifest = writeShards(folder, STEP);
        Path first = folder.resolve(manifest.getShardFiles().get(0).getFile());

        int records = 0;
        try (DataFileReader<ParameterRows> reader =
                new DataFileReader<>(first.toFile(), new FloatListReader<>(ParameterRows.class))) {
            for (ParameterRows rows : reader) {
                assertThat(rows.getValues()).hasSizeLessThanOrEqualTo(ShardFiles.RECORD_VALUES);
                records++;
            }
        }
        // 1500 x 234 values of W and of each of its two slots, 1120 rows a record: 2 records
        // each; b and its slots one each.
        assertThat(records).isEqualTo(3 * 2 + 3);
    }

    @Test
    void predictingSkipsTheOptimizerSlots(@TempDir Path folder) throws IOException {
        ModelSnapshot manifest = writeShards(folder, STEP);

        ModelSnapshot joined = ShardFiles.join(manifest, folder, false);

        assertThat(FloatList.toArray(joined.getParameters().get(0).getWeights()))
                .isEqualTo(weights);
        assertThat(joined.getOptimizerState()).as("weights only").isNull();
    }

    @Test
    void aModelFileReadsWithItsShardsJoined(@TempDir Path folder) throws IOException {
        ModelSnapshot manifest = writeShards(folder, STEP);
        Path file = folder.resolve("model.avro");
        ModelSnapshots.write(manifest, file);

        assertThat(Files.size(file)).as("not layer 0's values").isLessThan(ROWS * COLS * 4L / 20);
        assertThat(ModelSnapshots.read(file)).isEqualTo(ShardFiles.join(manifest, folder, true));
    }

    @Test
    void aMissingShardFileIsNamed(@TempDir Path folder) throws IOException {
        ModelSnapshot manifest = writeShards(folder, STEP);
        Path second = folder.resolve(manifest.getShardFiles().get(1).getFile());
        Files.delete(second);

        assertThatThrownBy(() -> ShardFiles.join(manifest, folder, true))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(second.toString());
    }

    @Test
    void aShardFileOfAnotherStepIsRefused(@TempDir Path folder) throws IOException {
        ModelSnapshot manifest = writeShards(folder, STEP);
        writeShards(folder, STEP + 1);

        assertThatThrownBy(() -> ShardFiles.join(manifest, folder, true))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("photonflow.step is 43, the snapshot says 42");
    }

    @Test
    void aFileThatIsNotAShardFileIsNamed(@TempDir Path folder) throws IOException {
        ModelSnapshot manifest = writeShards(folder, STEP);
        Path first = folder.resolve(manifest.getShardFiles().get(0).getFile());
        Files.writeString(first, "not avro");

        assertThatThrownBy(() -> ShardFiles.join(manifest, folder, true))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining(first.toString())
                .hasMessageContaining("cannot be read as a shard file");
    }

    /**
     * Writes layer 0's shards at {@code step} and returns the snapshot naming them; layer 1 stays
     * whole in the snapshot.
     */
    private ModelSnapshot writeShards(Path folder, long step) throws IOException {
        INDArray w = NdArrays.matrix(weights, ROWS, COLS);
        INDArray b = NdArrays.vector(bias);
        List<ShardFile> entries = new ArrayList<>();
        for (int shard = 0; shard < SHARDS; shard++) {
            LearningRule.Block block = Sharding.block(COLS, SHARDS, shard);
            ShardFile entry =
                    ShardFile.newBuilder()
                            .setLayer(0)
                            .setShard(shard)
                            .setFromColumn(block.from())
                            .setToColumn(block.to())
                            .setFile(ShardFiles.name(EPOCH, 0, shard))
                            .build();
            ShardFiles.write(
                    folder,
                    entry,
                    step,
                    EPOCH,
                    new LayerWeights(columns(w, block), columns(b, block)),
                    List.of(
                            columns(NdArrays.matrix(weightSlots[0], ROWS, COLS), block),
                            columns(NdArrays.matrix(weightSlots[1], ROWS, COLS), block)),
                    List.of(
                            columns(NdArrays.vector(biasSlots[0]), block),
                            columns(NdArrays.vector(biasSlots[1]), block)));
            entries.add(entry);
        }
        List<List<Float>> noValues = List.of(Collections.emptyList(), Collections.emptyList());
        return ModelSnapshot.newBuilder()
                .setAlgorithm("dfa")
                .setLayers(List.of(spec(ROWS, COLS, "tanh"), spec(COLS, 10, "identity")))
                .setParameters(
                        List.of(
                                ModelSnapshots.parameters(ROWS, COLS, new float[0], new float[0]),
                                ModelSnapshots.parameters(COLS, 10, values(COLS * 10), values(10))))
                .setOptimizerState(
                        List.of(
                                LayerOptimizerState.newBuilder()
                                        .setWeightSteps(step)
                                        .setWeightSlots(noValues)
                                        .setBiasSteps(step)
                                        .setBiasSlots(noValues)
                                        .setSkippedUpdates(3)
                                        .build(),
                                LayerOptimizerState.newBuilder()
                                        .setWeightSteps(step)
                                        .setWeightSlots(List.of())
                                        .setBiasSteps(step)
                                        .setBiasSlots(List.of())
                                        .setSkippedUpdates(0)
                                        .build()))
                .setShardFiles(entries)
                .setStep(step)
                .setEpoch(EPOCH)
                .setConfigFingerprint("test")
                .build();
    }

    private static INDArray columns(INDArray array, LearningRule.Block block) {
        if (array.rank() == 1) {
            return array.get(NDArrayIndex.interval(block.from(), block.to())).dup();
        }
        return array.get(NDArrayIndex.all(), NDArrayIndex.interval(block.from(), block.to()))
                .dup('c');
    }

    private static LayerSpec spec(int in, int out, String activation) {
        return LayerSpec.newBuilder()
                .setKind(LayerKind.DENSE)
                .setInputSize(in)
                .setOutputSize(out)
                .setActivation(activation)
                .build();
    }

    private float[] values(int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
