package io.photonflow.jobs.cluster;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Why a job's tasks wait to be deployed, when it is slots: the job needs more than the cluster has
 * free, typically after a TaskManager was lost and none replaced it.
 */
final class SlotShortage {

    private SlotShortage() {}

    /** Tasks of the job (GET /jobs/:jobid) that wait for a slot. */
    static int waitingTasks(JsonNode job) {
        JsonNode counts = job.path("status-counts");
        return counts.path("CREATED").asInt() + counts.path("SCHEDULED").asInt();
    }

    /**
     * The message for a job that needs {@code needed} slots on a cluster whose GET /overview is
     * {@code overview}; null when the cluster has slots enough. Slots the job itself holds while
     * its tasks are deployed count as not free, so a cluster with enough slots in all is short only
     * when other jobs hold the missing ones.
     */
    static String explain(int needed, JsonNode overview) {
        int free = overview.path("slots-available").asInt();
        int total = overview.path("slots-total").asInt();
        int taskManagers = overview.path("taskmanagers").asInt();
        int otherJobs = overview.path("jobs-running").asInt() - 1;
        if (needed <= total && (needed <= free || otherJobs <= 0)) {
            return null;
        }
        String fix =
                needed > total
                        ? "start a TaskManager (docker/cluster/cluster.sh start-taskmanager) or"
                                + " lower runtime.placement"
                        : "other jobs hold them; stop one, or start a TaskManager";
        return String.format(
                "waiting for %d slots, %d free (%d TaskManager%s, %d slots in all): %s",
                needed, free, taskManagers, taskManagers == 1 ? "" : "s", total, fix);
    }
}
