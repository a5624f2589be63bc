package io.photonflow.flink.failures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.photonflow.data.DataFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FailFastTest {

    @Test
    void whatARestartWouldOnlyRepeatIsPermanent(@TempDir Path dir) throws IOException {
        Path folder = Files.createDirectory(dir.resolve("folder"));
        IOException readingAFolder =
                catchThrowableOfType(IOException.class, () -> Files.readAllBytes(folder));
        assertThat(FailFast.isPermanent(readingAFolder)).as(readingAFolder.toString()).isTrue();
        assertThat(FailFast.isPermanent(new IOException("No space left on device"))).isTrue();
        assertThat(
                        FailFast.isPermanent(
                                new FileSystemException(
                                        "/runs/model.avro", null, "Disk quota exceeded")))
                .isTrue();
        assertThat(FailFast.isPermanent(new AccessDeniedException("/data/train.avro"))).isTrue();
        assertThat(FailFast.isPermanent(new DataFormatException(dir, "truncated"))).isTrue();
    }

    @Test
    void passingTroubleIsLeftToTheRestartStrategy() {
        assertThat(FailFast.isPermanent(new IOException("Connection reset by peer"))).isFalse();
        assertThat(FailFast.isPermanent(new IOException())).isFalse();
        assertThatCode(() -> FailFast.ifPermanent(new IOException("Broken pipe")))
                .doesNotThrowAnyException();
    }

    @Test
    void aPermanentFailureSuppressesRestartsAndIsFoundUnderAnyWrapping() {
        IOException full = new IOException("No space left on device");
        assertThatThrownBy(() -> FailFast.ifPermanent(full))
                .isInstanceOf(SuppressRestartsException.class)
                .hasCause(full);
        RuntimeException wrapped =
                new RuntimeException(
                        "job failed",
                        new UncheckedIOException(
                                new IOException("task", new SuppressRestartsException(full))));
        assertThat(FailFast.stoppedFor(wrapped)).isSameAs(full);
        assertThat(FailFast.stoppedFor(new RuntimeException("other"))).isNull();
    }
}
