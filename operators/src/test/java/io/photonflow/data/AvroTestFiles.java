package io.photonflow.data;

import io.photonflow.avro.Example;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/** Writes Avro container files of examples and decodes dead letter payloads, for tests. */
final class AvroTestFiles {

    private AvroTestFiles() {}

    static void write(Path file, List<Example> examples) throws IOException {
        try (DataFileWriter<Example> writer =
                new DataFileWriter<>(new SpecificDatumWriter<>(Example.class))) {
            writer.create(Example.getClassSchema(), file.toFile());
            for (Example example : examples) {
                writer.append(example);
            }
        }
    }

    /** Reads a dead letter payload back the way a user would: plain binary, Example's schema. */
    static Example decodeExample(ByteBuffer payload) throws IOException {
        byte[] bytes = new byte[payload.remaining()];
        payload.duplicate().get(bytes);
        return new SpecificDatumReader<>(Example.class)
                .read(null, DecoderFactory.get().binaryDecoder(bytes, null));
    }
}
