package io.photonflow.data;

import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.io.Encoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Avro's writer of generated records, writing the {@link FloatList}s in {@code array<float>} fields
 * as floats, without the boxed {@code Float} per element that Avro's own iteration makes. The bytes
 * are those Avro writes: one block of all elements.
 *
 * @param <T> the record type
 */
public final class FloatListWriter<T> extends SpecificDatumWriter<T> {

    /** A writer of {@code type}'s schema. */
    public FloatListWriter(Class<T> type) {
        super(type);
    }

    /** A writer of {@code schema} with {@code model}'s classes. */
    FloatListWriter(Schema schema, SpecificData model) {
        super(schema, model);
    }

    @Override
    protected void writeArray(Schema schema, Object datum, Encoder out) throws IOException {
        if (!(datum instanceof FloatList floats)
                || schema.getElementType().getType() != Schema.Type.FLOAT) {
            super.writeArray(schema, datum, out);
            return;
        }
        out.writeArrayStart();
        out.setItemCount(floats.size());
        for (int i = 0; i < floats.size(); i++) {
            out.startItem();
            out.writeFloat(floats.getFloat(i));
        }
        out.writeArrayEnd();
    }
}
