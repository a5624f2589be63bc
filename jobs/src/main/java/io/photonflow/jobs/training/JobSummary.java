package io.photonflow.jobs.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The summary a training job writes into its output folder when it ends ({@value #FILE}, next to
 * the model), wherever it ran: what the run achieved and what the result depends on.
 *
 * @param line the summary line a local run prints at its end
 * @param finalTestAccuracy test accuracy after the last epoch
 * @param epochs epochs evaluated
 * @param seconds wall-clock time of the run, restarts included; a run resumed from a savepoint
 *     counts the time of the job that took the savepoint, not the pause after it
 * @param trainingExamples training examples processed, each once
 * @param samplesPerSecond training examples per second from the first training step to the last, as
 *     the progress lines measure it ({@link StepThroughput}); 0 with fewer than two steps
 * @param rejected examples the run could not use, in {@value TrainingJob#DEAD_LETTERS_FILE}
 * @param restarts restarts from checkpoints, over all jobs of the run
 * @param blasThreads threads per BLAS call in the process that wrote the summary
 * @param placement runtime.placement of the run
 * @param model the latest model snapshot
 */
public record JobSummary(
        String line,
        double finalTestAccuracy,
        int epochs,
        double seconds,
        long trainingExamples,
        double samplesPerSecond,
        long rejected,
        int restarts,
        int blasThreads,
        String placement,
        String model) {

    /** The summary's file name in the output folder. */
    public static final String FILE = "summary.json";

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The summary of {@code run}, restarted {@code restarts} times. */
    public static JobSummary of(
            RunSummary run, int restarts, int blasThreads, String placement, Path model) {
        return new JobSummary(
                run.oneLine(),
                run.finalTestAccuracy(),
                run.epochs().size(),
                run.seconds(),
                run.trainingExamples(),
                run.throughput().samplesPerSecond(),
                run.rejected(),
                restarts,
                blasThreads,
                placement,
                model.toString());
    }

    /** Writes the summary into {@code output} (replacing it at once, never half-written). */
    public void write(Path output) throws IOException {
        Files.createDirectories(output);
        Path partial = output.resolve(FILE + ".inprogress");
        JSON.writeValue(partial.toFile(), this);
        Files.move(
                partial,
                output.resolve(FILE),
                StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    /** The summary in {@code output}. */
    public static JobSummary read(Path output) throws IOException {
        return JSON.readValue(output.resolve(FILE).toFile(), JobSummary.class);
    }
}
