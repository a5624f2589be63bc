package io.photonflow.jobs.cli;

import io.photonflow.jobs.bench.OpuFidelity;
import io.photonflow.jobs.report.ChartFiles;
import io.photonflow.jobs.report.FidelityChart;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code photonflow opu-fidelity}: how closely the simulated OPU's recovered projection follows the
 * ideal linear projection, under each camera setting (noise off, shot noise, read noise, fewer
 * bits), as a Markdown table with frames, device time and CPU time per projection.
 */
@Command(
        name = "opu-fidelity",
        mixinStandardHelpOptions = true,
        description =
                "Print the simulated OPU's fidelity (cosine of recovered vs ideal"
                        + " projection, 10 -> 2048) per camera noise and bit depth, as a Markdown table,"
                        + " and plot it against the noise (opu-fidelity.png, .svg).")
final class OpuFidelityCommand implements Callable<Integer> {

    @Option(
            names = "--batches",
            defaultValue = "8",
            description = "Batches of 128 DFA-like errors per setting (default ${DEFAULT-VALUE}).")
    int batches;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description =
                    "Seed of the errors and the transmission matrix"
                            + " (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "DIR",
            defaultValue = "runs/opu-fidelity",
            description = "Folder for the plot (default: ${DEFAULT-VALUE}).")
    Path output;

    @Override
    public Integer call() {
        try {
            List<OpuFidelity.Row> rows = new OpuFidelity(batches, seed).printTable(System.out);
            ChartFiles.Plot plot = ChartFiles.write(output, FidelityChart.of(rows));
            System.out.printf("%nplot: %s  %s%n", plot.png(), plot.svg());
            return 0;
        } catch (Exception e) {
            return Failures.report(e, System.err);
        }
    }
}
