package io.photonflow.jobs.bench;

import io.photonflow.jobs.ClusterJob;
import io.photonflow.jobs.cluster.ClusterException;
import io.photonflow.jobs.cluster.FlinkRestClient;
import io.photonflow.jobs.cluster.JobParameters;
import io.photonflow.jobs.cluster.RemoteTraffic;
import io.photonflow.jobs.config.JobConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Submits each job to a running standalone cluster (the job jar uploaded once) and reads the
 * counters over its REST API ({@link RemoteTraffic}) while the job trains. On a cluster of
 * TaskManagers with one slot each and {@code runtime.placement=per-layer}, every slot sharing group
 * runs on TaskManagers of its own, as on the local cluster of {@link LocalTrafficMeter}.
 *
 * <p>Readings are as old as the JobManager's metric store ({@code metrics.fetcher.update-interval},
 * 10 s unless the cluster sets less): each is consistent, step and bytes from one refresh, but a
 * window's steps are those of the readings, not exactly the ones asked for; a run needs enough
 * steps for several refreshes.
 */
public final class ClusterTrafficMeter implements TrafficMeter, AutoCloseable {

    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration POLL = Duration.ofMillis(200);

    private final FlinkRestClient rest;
    private final Path jobJar;
    private String jarId;

    /**
     * @param rest the cluster's REST API
     * @param jobJar the job jar to submit
     */
    public ClusterTrafficMeter(FlinkRestClient rest, Path jobJar) {
        this.rest = rest;
        this.jobJar = jobJar;
    }

    @Override
    public Window measure(
            JobConfig config, Path configFile, List<String> overrides, long fromStep, long toStep)
            throws Exception {
        JobParameters.requireSlots(config, rest.overview());
        if (jarId == null) {
            jarId = rest.uploadJar(jobJar);
        }
        String jobId = rest.run(jarId, ClusterJob.arguments(configFile, false, overrides), null);
        RemoteTraffic traffic = new RemoteTraffic(rest, jobId);
        RemoteTraffic.Reading from = awaitStep(traffic, jobId, fromStep);
        RemoteTraffic.Reading to = awaitStep(traffic, jobId, Math.max(from.step() + 1, toStep));
        String end = rest.awaitTermination(jobId, JOB_TIMEOUT);
        if (!end.equals("FINISHED")) {
            throw new ClusterException(
                    "job " + jobId + " ended " + end + ": " + rest.exceptions(jobId).strip());
        }
        return Window.between(from.step(), from.bytesByTask(), to.step(), to.bytesByTask());
    }

    @Override
    public String where() {
        return "on the cluster at " + rest.address();
    }

    /** Deletes the uploaded jar from the cluster. */
    @Override
    public void close() throws Exception {
        if (jarId != null) {
            rest.deleteJar(jarId);
            jarId = null;
        }
    }

    /** The first reading at or after {@code step}. */
    private RemoteTraffic.Reading awaitStep(RemoteTraffic traffic, String jobId, long step)
            throws Exception {
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (true) {
            String state = rest.state(jobId);
            if (state.equals("FAILED")) {
                throw new ClusterException(
                        "job " + jobId + " failed: " + rest.exceptions(jobId).strip());
            }
            if (FlinkRestClient.TERMINAL.contains(state)) {
                throw new ClusterException(
                        "job "
                                + jobId
                                + " ended ("
                                + state
                                + ") before training step "
                                + step
                                + " was read: give it more steps (data.train-limit) or the"
                                + " cluster a shorter metrics.fetcher.update-interval");
            }
            RemoteTraffic.Reading reading = traffic.read();
            if (reading != null && reading.step() >= step) {
                return reading;
            }
            if (System.nanoTime() > deadline) {
                throw new ClusterException(
                        "training step " + step + " not read within " + STEP_TIMEOUT);
            }
            Thread.sleep(POLL.toMillis());
        }
    }
}
