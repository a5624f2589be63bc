package io.photonflow.jobs.cli;

import io.photonflow.jobs.inference.RunFiles;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code photonflow inspect}: what is in a file a training run wrote, told by the record type in
 * its Avro header.
 */
@Command(
        name = "inspect",
        mixinStandardHelpOptions = true,
        description =
                "Summarize a file a run wrote: a model snapshot (network, algorithm, step, epoch,"
                        + " config fingerprint, per-layer weight norms, means and standard"
                        + " deviations), metrics (per split: records, last and best figures),"
                        + " dead letters (counts per reason) or alignment measurements.")
final class InspectCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(
            paramLabel = "FILE",
            arity = "0..1",
            description = "model*.avro, metrics.avro, dead-letters.avro, alignment.avro")
    Path file;

    @Override
    public Integer call() {
        Required.option(spec, file, "FILE");
        try {
            RunFiles.inspect(file, System.out);
            return 0;
        } catch (Exception e) {
            return Failures.report(e, System.err);
        }
    }
}
