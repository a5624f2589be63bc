package io.photonflow.jobs.cli;

import io.photonflow.jobs.config.JobConfig;
import io.photonflow.jobs.online.OnlineJob;
import io.photonflow.jobs.training.RunSummary;
import io.photonflow.jobs.training.TrainingEnvironment;
import io.photonflow.math.NativeThreads;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.flink.core.execution.JobClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code photonflow online}: online learning from a Kafka topic on an embedded mini-cluster. */
@Command(
        name = "online",
        mixinStandardHelpOptions = true,
        description =
                "Learn from a Kafka topic of examples without end (online.bounded=true: to the end"
                        + " of the topic), predicting every unlabelled one; predictions, model"
                        + " versions and dead letters go to topics, metrics to the output folder.")
final class OnlineCommand implements Callable<Integer> {

    @Mixin JobOptions options;

    @Override
    public Integer call() {
        try {
            JobConfig config = options.load();
            NativeThreads.configure(config.runtime().blasThreads());
            OnlineJob job = new OnlineJob(config);
            TrainingEnvironment.LocalCluster cluster = TrainingEnvironment.local(config);
            job.addTo(cluster.env());
            JobClient client = cluster.env().executeAsync(config.name());
            System.out.printf(
                    "online: learning from %s at %s (job %s)%s%n",
                    config.online().examplesTopic(),
                    config.online().bootstrapServers(),
                    client.getJobID(),
                    cluster.dashboardPort() > 0
                            ? ", Flink dashboard: http://127.0.0.1:" + cluster.dashboardPort()
                            : "");
            if (!Interruption.awaitEnd(client, config)) {
                System.out.println("online: stopped; output in " + config.output().path());
                return Interruption.EXIT_CODE;
            }
            Path output = config.output().path();
            System.out.println(
                    "online: the topic was read to its end; "
                            + RunSummary.rejections(RunSummary.deadLetters(output), output)
                            + " (and on topic "
                            + config.online().deadLettersTopic()
                            + "); output in "
                            + output);
            return 0;
        } catch (Exception e) {
            return Failures.report(e, System.err);
        }
    }
}
