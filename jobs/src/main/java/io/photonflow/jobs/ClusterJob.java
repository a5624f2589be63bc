package io.photonflow.jobs;

import io.photonflow.jobs.cluster.JobParameters;
import io.photonflow.jobs.config.ConfigLoader;
import io.photonflow.jobs.config.JobConfig;
import io.photonflow.jobs.online.OnlineJob;
import io.photonflow.jobs.training.TrainingEnvironment;
import io.photonflow.jobs.training.TrainingJob;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The main class of the job jar: builds the training dataflow on whatever environment Flink
 * provides ({@code flink run}, the REST API, the web UI) and submits it.
 *
 * <pre>flink run photonflow-jobs-job.jar --config /conf/job.yaml training.epochs=2</pre>
 *
 * The configuration file, and the data it names, are read where this main method runs (the client
 * for {@code flink run}, the JobManager for REST submissions) and by the TaskManagers: on a
 * cluster, give paths that all of them see. The job carries its {@link JobParameters}, for {@code
 * photonflow watch}.
 */
@Command(
        name = "photonflow-job",
        mixinStandardHelpOptions = true,
        description = "Submit a photonflow training job to the Flink cluster this runs in.")
public final class ClusterJob implements Callable<Integer> {

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description = "Job configuration.")
    Path config;

    @Option(
            names = "--online",
            description = "Learn online from the Kafka topic of the online.* keys.")
    boolean online;

    @Parameters(paramLabel = "KEY=VALUE", description = "Overrides of configuration keys.")
    List<String> overrides = new ArrayList<>();

    /**
     * The arguments of {@link #main} for a job of {@code config} (the file by its absolute path, or
     * none), online or not, with {@code overrides}: what a client submits to the cluster.
     */
    public static List<String> arguments(Path config, boolean online, List<String> overrides) {
        List<String> args = new ArrayList<>();
        if (config != null) {
            args.add("--config");
            args.add(config.toAbsolutePath().toString());
        }
        if (online) {
            args.add("--online");
        }
        args.addAll(overrides);
        return args;
    }

    /**
     * Runs the job; every failure propagates as the exception it is, since that is what Flink's
     * client (and the REST API's answer) shows of a failed main method.
     */
    public static void main(String... args) throws Exception {
        ClusterJob job = new ClusterJob();
        CommandLine cli = new CommandLine(job);
        try {
            cli.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage() + "\n" + cli.getUsageMessage(), e);
        }
        if (cli.isUsageHelpRequested()) {
            cli.usage(System.out);
        } else if (cli.isVersionHelpRequested()) {
            cli.printVersionHelp(System.out);
        } else {
            job.call();
        }
    }

    @Override
    public Integer call() throws Exception {
        JobConfig job = new ConfigLoader().load(config, overrides);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        TrainingEnvironment.apply(env, job);
        JobParameters.of(job).attachTo(env);
        if (online) {
            new OnlineJob(job).execute(env);
        } else {
            TrainingJob.plan(job).execute(env);
        }
        return 0;
    }
}
