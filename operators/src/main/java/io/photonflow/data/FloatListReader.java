package io.photonflow.data;

import java.io.IOException;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.io.ResolvingDecoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * Avro's reader of generated records, reading {@code array<float>} fields into {@link FloatList}s:
 * one {@code float[]} per field instead of a boxed {@code Float} per element (and the copies of a
 * growing {@code Object[]}). Schema resolution is Avro's: a writer's int or long elements are
 * promoted by the resolving decoder as usual.
 *
 * @param <T> the record type
 */
public final class FloatListReader<T> extends SpecificDatumReader<T> {

    /** A reader of {@code type}'s own schema. */
    public FloatListReader(Class<T> type) {
        super(type);
    }

    /** A reader of data written with {@code writer}, resolved to {@code reader}. */
    public FloatListReader(Schema writer, Schema reader) {
        super(writer, reader);
    }

    /** The same, with {@code model}'s classes. */
    FloatListReader(Schema writer, Schema reader, SpecificData model) {
        super(writer, reader, model);
    }

    @Override
    protected Object readArray(Object old, Schema expected, ResolvingDecoder in)
            throws IOException {
        if (expected.getElementType().getType() != Schema.Type.FLOAT) {
            return super.readArray(old, expected, in);
        }
        long block = in.readArrayStart();
        float[] values = new float[(int) Math.min(block, Integer.MAX_VALUE - 8)];
        int size = 0;
        while (block > 0) {
            if (size + block > values.length) {
                values = Arrays.copyOf(values, (int) Math.max(size + block, 2L * values.length));
            }
            for (long i = 0; i < block; i++) {
                values[size++] = in.readFloat();
            }
            block = in.arrayNext();
        }
        return FloatList.of(size == values.length ? values : Arrays.copyOf(values, size));
    }
}
