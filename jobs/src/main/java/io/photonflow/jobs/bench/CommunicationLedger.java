package io.photonflow.jobs.bench;

import io.photonflow.jobs.cluster.JobParameters;
import io.photonflow.jobs.config.ConfigLoader;
import io.photonflow.jobs.config.JobConfig;
import io.photonflow.jobs.training.OperatorIds;
import io.photonflow.math.Algorithm;
import io.photonflow.math.LearningRule;
import io.photonflow.math.projection.ProjectionSpec;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * {@code photonflow ledger}: the bytes one training step sends over the network, per direction,
 * under BP and DFA at several numbers of shards, measured by Flink's own task counters of bytes
 * received from other TaskManagers ({@link TaskByteCounters}) next to the count from the shapes
 * ({@link TrafficModel}).
 *
 * <p>Each run is the configured job on a local cluster of TaskManagers with one slot each and
 * {@code runtime.placement=per-layer}, so that every slot sharing group (each layer's shards with
 * their updates, and the rest of the job) has TaskManagers of its own and the TaskManagers talk
 * over TCP, as on a cluster of machines: what passes between groups crosses the network, a layer's
 * context to its co-located update and the fed-back weights do not. Under DFA with the Gaussian
 * projection the shards project for themselves ({@code projection.at-shards}). The figures are
 * taken between 20% and 80% of the training steps, away from start-up and from the epoch's end
 * (evaluation, model snapshot).
 */
public final class CommunicationLedger {

    /** Applied before the user's overrides, which win. */
    public static final List<String> DEFAULTS =
            List.of(
                    "data.train-limit=12800",
                    "data.test-limit=128",
                    "training.epochs=1",
                    "optimizer.schedule=constant",
                    "checkpointing.enabled=false",
                    "runtime.placement=per-layer",
                    "runtime.web-ui-port=0",
                    "runtime.progress-every=1000000",
                    "output.directory=runs/ledger");

    /**
     * One run's figures, bytes per training step.
     *
     * @param algorithm BP or DFA
     * @param shards shards of every hidden layer
     * @param taskManagers TaskManagers of the run (one slot each)
     * @param steps training steps the figures are averaged over
     * @param forward measured forward bytes per step (into the layers)
     * @param forwardModel the same counted from the shapes
     * @param backward measured backward bytes per step (into updates and their projections)
     * @param backwardModel the same counted from the shapes
     * @param byTask measured bytes per step into every task that received any
     */
    public record Row(
            String algorithm,
            int shards,
            int taskManagers,
            long steps,
            double forward,
            long forwardModel,
            double backward,
            long backwardModel,
            Map<String, Double> byTask) {}

    private final Path configFile;
    private final List<String> overrides;
    private final TrafficMeter meter;
    private final PrintStream log;

    /**
     * @param configFile the job configuration, or null for the defaults
     * @param overrides key=value overrides, applied after {@link #DEFAULTS}
     * @param meter runs each configuration and reads its traffic
     * @param log where progress goes
     */
    public CommunicationLedger(
            Path configFile, List<String> overrides, TrafficMeter meter, PrintStream log) {
        this.configFile = configFile;
        this.overrides = List.copyOf(overrides);
        this.meter = meter;
        this.log = log;
    }

    /** Runs every algorithm at every number of shards, in order. */
    public List<Row> run(List<Algorithm> algorithms, List<Integer> shards) throws Exception {
        List<Row> rows = new ArrayList<>();
        for (Algorithm algorithm : algorithms) {
            for (int p : shards) {
                rows.add(run(algorithm, p));
            }
        }
        return rows;
    }

    private Row run(Algorithm algorithm, int shards) throws Exception {
        List<String> arguments = arguments(algorithm, shards);
        JobConfig config = new ConfigLoader().load(configFile, arguments);
        int taskManagers = JobParameters.slots(config);
        log.printf(
                Locale.ROOT,
                "ledger: %s, %d shard(s) per hidden layer, %d TaskManagers of one slot, %s%n",
                algorithm.name().toLowerCase(Locale.ROOT),
                shards,
                taskManagers,
                meter.where());
        long steps = (long) config.data().trainLimit() / config.training().batchSize();
        TrafficMeter.Window window =
                meter.measure(
                        config,
                        configFile,
                        arguments,
                        Math.max(1, steps / 5),
                        Math.max(2, steps * 4 / 5));
        Map<String, Double> byTask = new TreeMap<>();
        long counted = window.steps();
        window.bytes()
                .forEach(
                        (task, bytes) -> {
                            double perStep = bytes / (double) counted;
                            if (perStep > 0) {
                                byTask.put(task, perStep);
                            }
                        });
        LearningRule rule =
                LearningRule.of(
                        config.algorithm(), config.network().layers(), config.setup().sharding());
        TrafficModel model =
                TrafficModel.of(rule, config.network().layers(), config.training().batchSize());
        return new Row(
                algorithm.name().toLowerCase(Locale.ROOT),
                shards,
                taskManagers,
                counted,
                sum(byTask, CommunicationLedger::isForward),
                model.forwardTotal(),
                sum(byTask, CommunicationLedger::isBackward),
                model.backwardTotal(),
                byTask);
    }

    /**
     * The overrides of one run: the ledger's defaults, the user's, then the algorithm and the
     * shards (and, under DFA with the Gaussian projection, projections at the shards).
     */
    private List<String> arguments(Algorithm algorithm, int shards) throws Exception {
        List<String> all = new ArrayList<>(DEFAULTS);
        all.addAll(overrides);
        all.add("algorithm=" + algorithm.name().toLowerCase(Locale.ROOT));
        all.add("runtime.shards=" + shards);
        JobConfig config = new ConfigLoader().load(configFile, all);
        if (algorithm == Algorithm.DFA
                && config.projection().kind() == ProjectionSpec.Kind.GAUSSIAN) {
            all.add("projection.at-shards=true");
        }
        // A cluster's processes resolve relative paths against their own working folders.
        all.add("output.directory=" + config.output().path().toAbsolutePath());
        return all;
    }

    /** Forward traffic: into the layers. */
    static boolean isForward(String task) {
        return operators(task).stream().anyMatch(op -> op.startsWith("layer-"));
    }

    /** Backward traffic: into the updates and the shards' projections. */
    static boolean isBackward(String task) {
        return operators(task).stream()
                .anyMatch(
                        op ->
                                op.startsWith("update-")
                                        || op.startsWith(OperatorIds.PROJECTION + "-"));
    }

    private static List<String> operators(String task) {
        return List.of(task.split(" -> "));
    }

    private static double sum(Map<String, Double> byTask, Predicate<String> which) {
        return byTask.entrySet().stream()
                .filter(entry -> which.test(entry.getKey()))
                .mapToDouble(Map.Entry::getValue)
                .sum();
    }

    /** The printed table. */
    public static void print(List<Row> rows, PrintStream out) {
        out.println();
        out.println(
                "bytes per training step received from other TaskManagers (measured: Flink's"
                        + " numBytesInRemote; model: the records' floats and labels)");
        out.printf(
                Locale.ROOT,
                "%-9s %6s %4s %16s %16s %16s %16s%n",
                "algorithm",
                "shards",
                "TMs",
                "forward",
                "forward model",
                "backward",
                "backward model");
        for (Row row : rows) {
            out.printf(
                    Locale.ROOT,
                    "%-9s %6d %4d %16.0f %16d %16.0f %16d%n",
                    row.algorithm(),
                    row.shards(),
                    row.taskManagers(),
                    row.forward(),
                    row.forwardModel(),
                    row.backward(),
                    row.backwardModel());
        }
    }
}
