package io.photonflow.jobs.cli;

import io.photonflow.flink.failures.FailFast;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.Node;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginAttribute;
import org.apache.logging.log4j.core.config.plugins.PluginFactory;
import org.apache.logging.log4j.core.filter.AbstractFilter;

/**
 * Drops the log events of a failure that {@link FailFast} ended a job for: the command reports it
 * itself, in one line ({@link Failures}), and Flink would log it with a stack trace of its own (the
 * task that failed, at WARN). Other failures, those Flink restarts from, are logged as before.
 * Named in {@code conf/log4j2.properties}, which local runs use.
 */
@Plugin(
        name = "PermanentFailureFilter",
        category = Node.CATEGORY,
        elementType = Filter.ELEMENT_TYPE,
        printObject = true)
public final class PermanentFailureFilter extends AbstractFilter {

    private PermanentFailureFilter(Result onMatch, Result onMismatch) {
        super(onMatch, onMismatch);
    }

    /** The filter, as log4j creates it from a configuration: deny matches, pass the rest. */
    @PluginFactory
    public static PermanentFailureFilter create(
            @PluginAttribute("onMatch") Result onMatch,
            @PluginAttribute("onMismatch") Result onMismatch) {
        return new PermanentFailureFilter(
                onMatch == null ? Result.DENY : onMatch,
                onMismatch == null ? Result.NEUTRAL : onMismatch);
    }

    @Override
    public Result filter(LogEvent event) {
        Throwable thrown = event.getThrown();
        return thrown != null && FailFast.stoppedFor(thrown) != null ? onMatch : onMismatch;
    }
}
