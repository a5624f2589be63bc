package io.photonflow.jobs.cli;

import io.photonflow.jobs.bench.ProjectionBenchmark;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code photonflow projection-benchmark}: projections per second and peak memory of the projection
 * devices at the default network's size, at 2^14 (dense Gaussian against structured) and at 2^20
 * (structured), each in a fresh JVM, and the bare transform they rest on.
 */
@Command(
        name = "projection-benchmark",
        mixinStandardHelpOptions = true,
        description =
                "Measure projections/s and peak memory of the Gaussian and structured"
                        + " projections: 10 -> 2048, 2^14 -> 2^14, 2^20 -> 2^20.")
final class ProjectionBenchmarkCommand implements Callable<Integer> {

    @Option(
            names = "--seconds",
            defaultValue = "5",
            description =
                    "Seconds measured per configuration, after warm-up"
                            + " (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(
            names = "--threads",
            description = "Threads per projection (default: all available cores).")
    Integer threads;

    @Override
    public Integer call() {
        try {
            int cores = Runtime.getRuntime().availableProcessors();
            new ProjectionBenchmark(seconds, threads == null ? cores : threads).run(System.out);
            return 0;
        } catch (Exception e) {
            return Failures.report(e, System.err);
        }
    }
}
