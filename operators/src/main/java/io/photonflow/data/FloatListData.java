package io.photonflow.data;

import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.specific.SpecificData;

/**
 * Avro's data model of generated records, with {@link FloatListWriter} and {@link FloatListReader}
 * as its writers and readers: for the encoders and decoders Avro builds from a model, such as
 * single-object encoding's {@code BinaryMessageEncoder}.
 */
public final class FloatListData extends SpecificData {

    /** The model of the generated classes {@code loader} loads. */
    public FloatListData(ClassLoader loader) {
        super(loader);
    }

    @Override
    public DatumWriter<?> createDatumWriter(Schema schema) {
        return new FloatListWriter<>(schema, this);
    }

    @Override
    public DatumReader<?> createDatumReader(Schema writer, Schema reader) {
        return new FloatListReader<>(writer, reader, this);
    }

    @Override
    public DatumReader<?> createDatumReader(Schema schema) {
        return createDatumReader(schema, schema);
    }
}
