package io.photonflow.jobs.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code photonflow} command. */
@Command(
        name = "photonflow",
        mixinStandardHelpOptions = true,
        version = "photonflow 0.1.0",
        description =
                "Neural-network training as an Apache Flink dataflow, with Direct Feedback Alignment.",
        subcommands = {
            TrainCommand.class,
            OnlineCommand.class,
            ProduceCommand.class,
            BenchmarkCommand.class,
            OnlineBenchmarkCommand.class,
            CompareCommand.class,
            ProjectionBenchmarkCommand.class,
            OpuFidelityCommand.class,
            LedgerCommand.class,
            PredictCommand.class,
            EvaluateCommand.class,
            InspectCommand.class,
            PlotCommand.class,
            SubmitCommand.class,
            WatchCommand.class,
            StopCommand.class
        })
public final class Photonflow {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Photonflow()).execute(args));
    }
}
