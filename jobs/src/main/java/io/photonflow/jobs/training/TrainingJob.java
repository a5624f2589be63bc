package io.photonflow.jobs.training;

import io.photonflow.avro.AlignmentMeasurement;
import io.photonflow.avro.DeadLetter;
import io.photonflow.avro.ModelSnapshot;
import io.photonflow.avro.TrainingMetrics;
import io.photonflow.data.InputScaling;
import io.photonflow.data.SnapshotStart;
import io.photonflow.data.TrainingData;
import io.photonflow.data.graph.GraphDataset;
import io.photonflow.data.graph.GraphFit;
import io.photonflow.data.graph.GraphSource;
import io.photonflow.flink.sinks.AvroFileSink;
import io.photonflow.flink.sinks.ModelSnapshotSink;
import io.photonflow.jobs.config.JobConfig;
import io.photonflow.model.NetworkSpec;
import io.photonflow.model.Schedule;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A training job: loads the data once to plan the run (and to fail early, with the file's name, on
 * unreadable data), builds the dataflow and sends its results to files in the output folder, the
 * run's {@link JobSummary} last.
 */
public final class TrainingJob {

    /** Metrics of every step and every test evaluation, in order. */
    public static final String METRICS_FILE = "metrics.avro";

    /** Examples that could not be used, with the reason. */
    public static final String DEAD_LETTERS_FILE = "dead-letters.avro";

    /** Alignment angles of the hidden layers, when measured. */
    public static final String ALIGNMENT_FILE = "alignment.avro";

    private final JobConfig config;
    private final RunPlan plan;

    private TrainingJob(JobConfig config, RunPlan plan) {
        this.config = config;
        this.plan = plan;
    }

    /** Plans the job described by {@code config}: reads and checks its data. */
    public static TrainingJob plan(JobConfig config) throws IOException {
        InputScaling initialScaling = initialScaling(config);
        if (config.data().isGraph()) {
            return planGraph(config);
        }
        TrainingData.Loader loader =
                new TrainingData.Loader(
                        config.data(),
                        config.network().input(),
                        config.network().classes(),
                        initialScaling);
        TrainingData data = loader.load();
        Schedule schedule =
                data.schedule(
                        config.training().batchSize(),
                        config.training().evalBatchSize(),
                        config.training().epochs());
        return new TrainingJob(
                config,
                new RunPlan(loader, null, schedule, data.scaling(), data.rejected().size()));
    }

    /**
     * The input scaling of the snapshot named by {@code initial-model}, whose weights expect it;
     * the snapshot is checked against the configured network first, so that a wrong file fails
     * before anything runs. Null when the run starts from seeded weights.
     */
    public static InputScaling initialScaling(JobConfig config) throws IOException {
        if (config.initialModel() == null) {
            return null;
        }
        ModelSnapshot snapshot =
                SnapshotStart.check(Path.of(config.initialModel()), config.network().layers());
        return new InputScaling(snapshot.getInputShift(), snapshot.getInputScale());
    }

    /** Full batch: per epoch one training step over all nodes, one validation and one test pass. */
    private static TrainingJob planGraph(JobConfig config) throws IOException {
        GraphSource source = GraphSource.of(config.data());
        GraphDataset graph = source.load();
        NetworkSpec network = config.network();
        GraphFit.check(Path.of(source.directory()), graph, network.input(), network.classes());
        if (network.input() != graph.featureCount() || network.classes() != graph.classCount()) {
            throw new IllegalArgumentException(
                    "the graph in "
                            + source.directory()
                            + " has "
                            + graph.featureCount()
                            + " features and "
                            + graph.classCount()
                            + " classes; set "
                            + "network.input="
                            + graph.featureCount()
                            + " and network.classes="
                            + graph.classCount()
                            + " (they are "
                            + network.input()
                            + " and "
                            + network.classes()
                            + ")");
        }
        Schedule schedule = new Schedule(config.training().epochs(), 1, 1, 1);
        return new TrainingJob(
                config, new RunPlan(null, source, schedule, InputScaling.IDENTITY, 0));
    }

    public Schedule schedule() {
        return plan.schedule();
    }

    /** Adds the dataflow and its file sinks to {@code env}. */
    public void addTo(StreamExecutionEnvironment env) {
        env.configure(noCheckpointsAfterTasksFinish());
        TrainingDataflow.Outputs outputs =
                TrainingDataflow.build(
                        env,
                        config,
                        new FileMinibatches(
                                plan,
                                config.training(),
                                config.seeds().data(),
                                config.startingPoint().epoch()));
        Path out = config.output().path();
        outputs.metrics()
                .sinkTo(new AvroFileSink<>(out.resolve(METRICS_FILE), TrainingMetrics.class))
                .name(OperatorIds.METRICS_SINK)
                .uid(OperatorIds.METRICS_SINK)
                .setParallelism(1);
        outputs.metrics()
                .sinkTo(
                        new ProgressSink(
                                config.runtime().progressEvery(),
                                plan.schedule().totalSteps(),
                                plan.schedule().epochs()))
                .name(OperatorIds.PROGRESS_SINK)
                .uid(OperatorIds.PROGRESS_SINK)
                .setParallelism(1);
        outputs.metrics()
                .sinkTo(
                        new SummarySink(
                                out.toAbsolutePath(),
                                config.runtime()
                                        .placement()
                                        .name()
                                        .toLowerCase(Locale.ROOT)
                                        .replace('_', '-'),
                                config.runtime().blasThreads(),
                                plan.rejected()))
                .name(OperatorIds.SUMMARY_SINK)
                .uid(OperatorIds.SUMMARY_SINK)
                .setParallelism(1);
        outputs.deadLetters()
                .sinkTo(new AvroFileSink<>(out.resolve(DEAD_LETTERS_FILE), DeadLetter.class))
                .name(OperatorIds.DEAD_LETTER_SINK)
                .uid(OperatorIds.DEAD_LETTER_SINK)
                .setParallelism(1);
        if (outputs.alignment() != null) {
            outputs.alignment()
                    .sinkTo(
                            new AvroFileSink<>(
                                    out.resolve(ALIGNMENT_FILE), AlignmentMeasurement.class))
                    .name(OperatorIds.ALIGNMENT_SINK)
                    .uid(OperatorIds.ALIGNMENT_SINK)
                    .setParallelism(1);
        }
        outputs.models()
                .sinkTo(new ModelSnapshotSink(out))
                .name(OperatorIds.MODEL_SNAPSHOT_SINK)
                .uid(OperatorIds.MODEL_SNAPSHOT_SINK)
                .setParallelism(1);
    }

    /**
     * Tasks that ran out of input close at once instead of waiting for a checkpoint to complete.
     * That checkpoint is worth nothing to training: no sink of it commits on checkpoints (files are
     * written as records come and at the end of input), unlike the online job's exactly-once
     * topics, which keep Flink's default. Waiting held the end of a run for as long as a checkpoint
     * in progress took (41 s seen), and raced with the closing tasks: the coordinator triggered the
     * next one while they closed, and Flink logged its decline ("task is closing", "unknown task")
     * with a 110-line stack trace at the end of successful runs. A checkpoint due after the first
     * task finished is skipped instead, with a line at INFO; a trigger in the milliseconds a task
     * takes to finish can still be declined (logging of local runs: EndOfJobCheckpointFilter).
     */
    private static Configuration noCheckpointsAfterTasksFinish() {
        Configuration flink = new Configuration();
        flink.set(CheckpointingOptions.ENABLE_CHECKPOINTS_AFTER_TASKS_FINISH, false);
        return flink;
    }

    /** Builds the job on {@code env} and runs it to completion. */
    public JobExecutionResult execute(StreamExecutionEnvironment env) throws Exception {
        addTo(env);
        return env.execute(config.name());
    }
}
