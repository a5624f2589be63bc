package io.photonflow.jobs.cli;

import io.photonflow.jobs.config.ConfigException;
import io.photonflow.jobs.config.ConfigLoader;
import io.photonflow.jobs.config.JobConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The options every command that runs a job shares: a config file and overrides. */
final class JobOptions {

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description =
                    "Job configuration (YAML). Without it, the built-in defaults: the "
                            + "784-1024-1024-10 tanh network trained with DFA on Fashion-MNIST.")
    Path config;

    @Option(
            names = "--from",
            paramLabel = "SNAPSHOT",
            description =
                    "Start from the weights and input scaling of this model snapshot "
                            + "(model.avro, model-epoch-NNN.avro): fine-tuning, or a warm start "
                            + "of the online job. The same as initial-model=SNAPSHOT.")
    Path from;

    @Parameters(
            paramLabel = "KEY=VALUE",
            description =
                    "Overrides of configuration keys, e.g. training.epochs=2 "
                            + "network.hidden=[256,256] optimizer.learning-rate=0.001")
    List<String> overrides = new ArrayList<>();

    /**
     * The command line that runs {@code command} with these options, starting from {@code snapshot}
     * instead of {@code --from}: how to resume a run.
     */
    String commandLine(String command, Path snapshot) {
        StringBuilder line = new StringBuilder("jobs/photonflow ").append(command);
        if (config != null) {
            line.append(" --config ").append(quoted(config.toString()));
        }
        for (String override : overrides) {
            if (!override.startsWith("initial-model=")) {
                line.append(' ').append(quoted(override));
            }
        }
        return line.append(" --from ").append(quoted(snapshot.toString())).toString();
    }

    private static String quoted(String argument) {
        return argument.matches("[A-Za-z0-9_./=:,+@%-]+")
                ? argument
                : "'" + argument.replace("'", "'\\''") + "'";
    }

    JobConfig load() throws ConfigException, IOException {
        List<String> all = new ArrayList<>(overrides);
        if (from != null) {
            all.add("initial-model=" + from);
        }
        return new ConfigLoader().load(config, all);
    }
}
