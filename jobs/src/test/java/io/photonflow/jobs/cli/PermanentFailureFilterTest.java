package io.photonflow.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.photonflow.flink.failures.FailFast;
import java.io.IOException;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.Test;

class PermanentFailureFilterTest {

    private final PermanentFailureFilter filter = PermanentFailureFilter.create(null, null);

    @Test
    void flinksReportOfAFailureThatEndedTheJobWithoutRestartsIsDropped() {
        IOException full = new IOException("No space left on device");
        Throwable stopped = null;
        try {
            FailFast.ifPermanent(full);
        } catch (RuntimeException e) {
            stopped = e;
        }
        assertThat(filter.filter(event(new RuntimeException("task failed", stopped))))
                .isEqualTo(Filter.Result.DENY);
    }

    @Test
    void otherFailuresAndPlainLinesAreLoggedAsEver() {
        assertThat(filter.filter(event(new IOException("Connection reset by peer"))))
                .isEqualTo(Filter.Result.NEUTRAL);
        assertThat(filter.filter(event(null))).isEqualTo(Filter.Result.NEUTRAL);
    }

    private static LogEvent event(Throwable thrown) {
        return Log4jLogEvent.newBuilder()
                .setLevel(Level.WARN)
                .setMessage(new SimpleMessage("switched from RUNNING to FAILED"))
                .setThrown(thrown)
                .build();
    }
}
