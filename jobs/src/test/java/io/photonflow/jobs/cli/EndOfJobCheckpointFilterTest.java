package io.photonflow.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.Test;

class EndOfJobCheckpointFilterTest {

    private final EndOfJobCheckpointFilter filter = EndOfJobCheckpointFilter.create(null, null);

    @Test
    void checkpointsThatMetTasksAtTheirEndAreDropped() {
        assertThat(
                        filter.filter(
                                event(
                                        new IllegalStateException(
                                                "Checkpoint was declined (task is closing)"))))
                .isEqualTo(Filter.Result.DENY);
        assertThat(
                        filter.filter(
                                event(
                                        new IllegalStateException(
                                                "Checkpoint was declined (tasks not ready)"))))
                .isEqualTo(Filter.Result.DENY);
        assertThat(
                        filter.filter(
                                event(
                                        new IllegalStateException(
                                                "TaskManager received a checkpoint request for"
                                                        + " unknown task 1_2_0_0. Failure reason:"
                                                        + " Task local checkpoint failure."))))
                .isEqualTo(Filter.Result.DENY);
        assertThat(
                        filter.filter(
                                event(
                                        new IllegalStateException(
                                                "Checkpoint Coordinator is suspending."))))
                .isEqualTo(Filter.Result.DENY);
    }

    @Test
    void otherCheckpointFailuresAreLoggedAsEver() {
        assertThat(
                        filter.filter(
                                event(
                                        new IllegalStateException(
                                                "Checkpoint expired before completing."))))
                .isEqualTo(Filter.Result.NEUTRAL);
        assertThat(filter.filter(event(null))).isEqualTo(Filter.Result.NEUTRAL);
    }

    private static LogEvent event(Throwable thrown) {
        return Log4jLogEvent.newBuilder()
                .setLevel(Level.WARN)
                .setMessage(new SimpleMessage("Failed to trigger or complete checkpoint 5"))
                .setThrown(thrown)
                .build();
    }
}
