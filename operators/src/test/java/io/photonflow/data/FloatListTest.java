package io.photonflow.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.photonflow.avro.Example;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/** The unboxed float lists against Avro's own writer and reader. */
class FloatListTest {

    private static final float[] FEATURES = {0.5f, -1.25f, Float.MIN_VALUE, 3e38f, 0f, -0f};

    @Test
    void copiesARangeIntoAnArrayFromItsOwnValuesOrAnyList() {
        float[] fromView = {9, 9, 9, 9, 9};
        float[] fromBoxed = fromView.clone();

        FloatList.copy(FloatList.of(new float[] {1, 2, 3, 4}), 1, fromView, 2, 3);
        FloatList.copy(List.of(1f, 2f, 3f, 4f), 1, fromBoxed, 2, 3);

        assertThat(fromView).containsExactly(9, 9, 2, 3, 4);
        assertThat(fromBoxed).containsExactly(9, 9, 2, 3, 4);
    }

    @Test
    void writesTheBytesAvroWritesForTheBoxedList() throws IOException {
        Example unboxed = new Example("a", FloatList.of(FEATURES.clone()), 3);
        List<Float> boxed = new ArrayList<>();
        for (float feature : FEATURES) {
            boxed.add(feature);
        }
        Example avro = new Example("a", boxed, 3);

        assertThat(encode(new FloatListWriter<>(Example.class), unboxed))
                .isEqualTo(encode(new SpecificDatumWriter<>(Example.class), avro))
                .isEqualTo(encode(new FloatListWriter<>(Example.class), avro));
    }

    @Test
    void readsWhatAvroWroteIntoOneArrayWhateverTheBlocks() throws IOException {
        float[] many = new float[1000];
        for (int i = 0; i < many.length; i++) {
            many[i] = i * 0.25f - 7;
        }
        Example example = Examples.toExample("b", many, 1);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        // A blocking encoder splits long arrays into blocks, here of at most 64 bytes.
        Encoder blocks =
                new EncoderFactory().configureBlockSize(64).blockingBinaryEncoder(bytes, null);
        new SpecificDatumWriter<>(Example.class).write(example, blocks);
        blocks.flush();

        assertThat(bytes.size())
                .as("a byte count per block of 16 floats, besides the floats")
                .isGreaterThan(many.length * Float.BYTES + 60);
        Example read =
                new FloatListReader<>(Example.class)
                        .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));

        assertThat(read.getFeatures()).isInstanceOf(FloatList.class);
        assertThat(Examples.features(read)).containsExactly(many);
        assertThat(read).isEqualTo(example);
    }

    @Test
    void promotesAWritersIntegersAsAvroDoes() throws IOException {
        Schema writer =
                SchemaBuilder.record("Example")
                        .namespace("io.photonflow.avro")
                        .fields()
                        .requiredString("id")
                        .name("features")
                        .type()
                        .array()
                        .items()
                        .intType()
                        .noDefault()
                        .requiredInt("label")
                        .endRecord();
        GenericRecord record = new GenericData.Record(writer);
        record.put("id", "c");
        record.put("features", List.of(1, -2, 1 << 24));
        record.put("label", 4);
        byte[] bytes = encode(new GenericDatumWriter<>(writer), record);

        Example ours =
                new FloatListReader<Example>(writer, Example.getClassSchema())
                        .read(null, DecoderFactory.get().binaryDecoder(bytes, null));
        Example avro =
                new SpecificDatumReader<Example>(writer, Example.getClassSchema())
                        .read(null, DecoderFactory.get().binaryDecoder(bytes, null));

        assertThat(Examples.features(ours)).containsExactly(1f, -2f, 16777216f);
        assertThat(ours).isEqualTo(avro);
    }

    @Test
    void isAReadOnlyViewThatCopiesOnTheWayOut() {
        float[] values = {1f, 2f};
        FloatList list = FloatList.of(values);
        float[] copy = FloatList.toArray(list);
        copy[0] = 9f;

        assertThat(list).containsExactly(1f, 2f).isEqualTo(List.of(1f, 2f));
        assertThat(list.hashCode()).isEqualTo(List.of(1f, 2f).hashCode());
        assertThat(FloatList.toArray(List.of(3f, 4f))).containsExactly(3f, 4f);
    }

    private static <T> byte[] encode(DatumWriter<T> writer, T datum) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Encoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        writer.write(datum, encoder);
        encoder.flush();
        return bytes.toByteArray();
    }
}
