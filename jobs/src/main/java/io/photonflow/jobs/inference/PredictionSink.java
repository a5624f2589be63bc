package io.photonflow.jobs.inference;

import io.photonflow.avro.Prediction;
import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Where predictions go: an Avro container file of {@link Prediction} records, or a CSV file with a
 * row per prediction ({@code id, predicted_class, model_version, p0 ... p<classes-1>}).
 */
public abstract sealed class PredictionSink implements Closeable {

    /** The file formats predictions are written in. */
    public enum Format {
        AVRO,
        CSV
    }

    /** Opens {@code file} for predictions of a model with {@code classes} classes. */
    public static PredictionSink open(Path file, Format format, int classes) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return format == Format.CSV ? new Csv(file, classes) : new Avro(file);
    }

    public abstract void write(Prediction prediction) throws IOException;

    private static final class Avro extends PredictionSink {

        private final DataFileWriter<Prediction> writer =
                new DataFileWriter<>(new SpecificDatumWriter<>(Prediction.class));

        Avro(Path file) throws IOException {
            writer.setCodec(CodecFactory.deflateCodec(1));
            writer.create(Prediction.getClassSchema(), file.toFile());
        }

        @Override
        public void write(Prediction prediction) throws IOException {
            writer.append(prediction);
        }

        @Override
        public void close() throws IOException {
            writer.close();
        }
    }

    private static final class Csv extends PredictionSink {

        private final Writer out;
        private final CSVPrinter csv;

        Csv(Path file, int classes) throws IOException {
            List<String> header =
                    new ArrayList<>(List.of("id", "predicted_class", "model_version"));
            for (int c = 0; c < classes; c++) {
                header.add("p" + c);
            }
            out = Files.newBufferedWriter(file);
            csv =
                    CSVFormat.DEFAULT
                            .builder()
                            .setHeader(header.toArray(String[]::new))
                            .get()
                            .print(out);
        }

        @Override
        public void write(Prediction prediction) throws IOException {
            List<Object> row = new ArrayList<>();
            row.add(prediction.getId());
            row.add(prediction.getPredictedClass());
            row.add(prediction.getModelVersion());
            // Float.toString: the shortest text that reads back as the same float.
            prediction.getProbabilities().forEach(p -> row.add(Float.toString(p)));
            csv.printRecord(row);
        }

        @Override
        public void close() throws IOException {
            try (out) {
                csv.close();
            }
        }
    }
}
