package io.photonflow.jobs.cli;

import java.util.List;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.Node;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginAttribute;
import org.apache.logging.log4j.core.config.plugins.PluginFactory;
import org.apache.logging.log4j.core.filter.AbstractFilter;

/**
 * Drops Flink's reports of checkpoints that met tasks at their end: one still in progress when the
 * job ended (aborted with the coordinator, "Checkpoint Coordinator is suspending."), and one
 * triggered in the few milliseconds between a task finishing and the coordinator learning of it
 * ("Checkpoint was declined (task is closing)", "... (tasks not ready)" once it has finished, and
 * "... checkpoint request for unknown task ..."). Flink counts none of them against the job, yet
 * logs each with a stack trace of about 110 lines at WARN, at the end of runs that succeeded. Every
 * other checkpoint failure is logged as before. Named in {@code conf/log4j2.properties}, for the
 * logger of Flink's CheckpointFailureManager.
 */
@Plugin(
        name = "EndOfJobCheckpointFilter",
        category = Node.CATEGORY,
        elementType = Filter.ELEMENT_TYPE,
        printObject = true)
public final class EndOfJobCheckpointFilter extends AbstractFilter {

    /** What Flink says about such checkpoints, in the message of the exception it logs. */
    private static final List<String> AT_THE_END =
            List.of(
                    "Checkpoint Coordinator is suspending.",
                    "Checkpoint was declined (task is closing)",
                    "Checkpoint was declined (tasks not ready)",
                    "TaskManager received a checkpoint request for unknown task");

    private EndOfJobCheckpointFilter(Result onMatch, Result onMismatch) {
        super(onMatch, onMismatch);
    }

    /** The filter, as log4j creates it from a configuration: deny matches, pass the rest. */
    @PluginFactory
    public static EndOfJobCheckpointFilter create(
            @PluginAttribute("onMatch") Result onMatch,
            @PluginAttribute("onMismatch") Result onMismatch) {
        return new EndOfJobCheckpointFilter(
                onMatch == null ? Result.DENY : onMatch,
                onMismatch == null ? Result.NEUTRAL : onMismatch);
    }

    @Override
    public Result filter(LogEvent event) {
        Throwable thrown = event.getThrown();
        String message = thrown == null ? null : thrown.getMessage();
        return message != null && AT_THE_END.stream().anyMatch(message::startsWith)
                ? onMatch
                : onMismatch;
    }
}
