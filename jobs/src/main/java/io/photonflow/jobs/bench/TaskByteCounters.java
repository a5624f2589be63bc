package io.photonflow.jobs.bench;

import io.photonflow.flink.operators.Metrics;
import io.photonflow.jobs.cluster.RemoteTraffic;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * A Flink metric reporter that keeps, for the tasks of a local cluster, Flink's own counters of the
 * bytes each subtask received over the network ({@value RemoteTraffic#REMOTE_BYTES}, counted by its
 * input channels from TaskManagers other than its own) and the training step the error operator has
 * reached, and reads them whenever asked. A reporter instead of REST: REST serves metrics that are
 * up to its fetch interval old, and none of a finished job.
 *
 * <p>Flink creates the reporter through {@link Factory}, named in the cluster's configuration by
 * {@link #configureOn}; the counters of the one local cluster that runs at a time are in {@link
 * #SHARED}.
 */
public final class TaskByteCounters implements MetricReporter {

    /** The counters of the local cluster that runs now. */
    public static final TaskByteCounters SHARED = new TaskByteCounters();

    private static final String TASK = "<task_name>";
    private static final String SUBTASK = "<subtask_index>";

    private final Map<String, Counter> remoteBytes = new ConcurrentHashMap<>();
    private volatile Gauge<?> step;

    private TaskByteCounters() {}

    /** Adds this reporter to the configuration of a local cluster about to start. */
    public static void configureOn(org.apache.flink.configuration.Configuration flink) {
        flink.setString("metrics.reporter.task-bytes.factory.class", Factory.class.getName());
    }

    /** Forgets the counters of the previous cluster. */
    public void clear() {
        remoteBytes.clear();
        step = null;
    }

    /** The training step the error operator reached; 0 before it registered. */
    public long step() {
        Gauge<?> gauge = step;
        return gauge == null ? 0 : ((Number) gauge.getValue()).longValue();
    }

    /** Bytes received from other TaskManagers so far, per task (its subtasks added up). */
    public Map<String, Long> remoteBytesByTask() {
        Map<String, Long> byTask = new TreeMap<>();
        for (Map.Entry<String, Counter> entry : remoteBytes.entrySet()) {
            String task = entry.getKey().substring(0, entry.getKey().lastIndexOf('#'));
            byTask.merge(task, entry.getValue().getCount(), Long::sum);
        }
        return byTask;
    }

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        Map<String, String> variables = group.getAllVariables();
        String task = variables.get(TASK);
        if (task == null) {
            return;
        }
        if (RemoteTraffic.REMOTE_BYTES.equals(name) && metric instanceof Counter counter) {
            remoteBytes.put(task + "#" + variables.get(SUBTASK), counter);
        } else if (Metrics.STEP.equals(name)
                && metric instanceof Gauge<?> gauge
                && List.of(group.getScopeComponents()).contains(Metrics.GROUP)) {
            step = gauge;
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
        // The counters keep their last values: a finished task's bytes still count.
    }

    /** Hands Flink the shared reporter. */
    public static final class Factory implements MetricReporterFactory {

        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return SHARED;
        }
    }
}
