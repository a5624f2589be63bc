package io.photonflow.flink.types;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class FloatMatrixSerializerTest {

    private final FloatMatrixSerializer serializer = new FloatMatrixSerializer();

    @Test
    void roundTripsMatricesLargerThanOneBlockBitForBit() throws Exception {
        float[] values = new float[300 * 100];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        values[7] = Float.NaN;
        values[8] = Float.NEGATIVE_INFINITY;
        values[9] = -0f;
        FloatMatrix matrix = new FloatMatrix(300, 100, values);

        assertThat(roundTrip(matrix)).isEqualTo(matrix);
        assertThat(roundTrip(new FloatMatrix(0, 5, new float[0])))
                .isEqualTo(new FloatMatrix(0, 5, new float[0]));
    }

    @Test
    void copiesBetweenViewsWithoutDecoding() throws Exception {
        FloatMatrix matrix = new FloatMatrix(2, 2, new float[] {1f, 2f, 3f, 4f});
        DataOutputSerializer first = new DataOutputSerializer(64);
        serializer.serialize(matrix, first);
        DataOutputSerializer second = new DataOutputSerializer(64);
        serializer.copy(new DataInputDeserializer(first.getCopyOfBuffer()), second);
        assertThat(serializer.deserialize(new DataInputDeserializer(second.getCopyOfBuffer())))
                .isEqualTo(matrix);
    }

    @Test
    void flinkTypeExtractionUsesTheBulkSerializer() {
        assertThat(TypeInformation.of(FloatMatrix.class)).isEqualTo(FloatMatrixTypeInfo.INSTANCE);
    }

    @Test
    void snapshotRestoresACompatibleSerializer() {
        TypeSerializerSnapshot<FloatMatrix> snapshot = serializer.snapshotConfiguration();
        assertThat(snapshot.restoreSerializer()).isEqualTo(serializer);
        TypeSerializerSchemaCompatibility<FloatMatrix> compatibility =
                serializer.snapshotConfiguration().resolveSchemaCompatibility(snapshot);
        assertThat(compatibility.isCompatibleAsIs()).isTrue();
    }

    private FloatMatrix roundTrip(FloatMatrix matrix) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(matrix, out);
        return serializer.duplicate().deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }
}
