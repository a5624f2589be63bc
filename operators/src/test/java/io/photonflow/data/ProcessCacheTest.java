package io.photonflow.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessCacheTest {

    @Test
    void loadsOnceWhileTheFilesStayUnchanged(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("data.txt"), "one");
        AtomicInteger loads = new AtomicInteger();
        ProcessCache.Loader<String> loader =
                () -> loads.incrementAndGet() + ":" + Files.readString(file);

        String first = ProcessCache.get("key-" + dir, List.of(file), loader);
        String second = ProcessCache.get("key-" + dir, List.of(file), loader);

        assertThat(first).isEqualTo("1:one");
        assertThat(second).isSameAs(first);
        assertThat(loads).hasValue(1);
    }

    @Test
    void loadsAgainWhenAFileChanged(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("data.txt"), "one");
        AtomicInteger loads = new AtomicInteger();
        ProcessCache.Loader<String> loader =
                () -> loads.incrementAndGet() + ":" + Files.readString(file);
        ProcessCache.get("key-" + dir, List.of(file), loader);

        Files.writeString(file, "two!");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));

        assertThat(ProcessCache.get("key-" + dir, List.of(file), loader)).isEqualTo("2:two!");
    }

    @Test
    void neverServesACopyOfAMissingFileAndKeepsItsLoadersError(@TempDir Path dir) {
        Path missing = dir.resolve("missing.txt");
        ProcessCache.Loader<String> loader = () -> Files.readString(missing);

        assertThatThrownBy(() -> ProcessCache.get("key-" + dir, List.of(missing), loader))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("missing.txt");
        assertThatThrownBy(() -> ProcessCache.get("key-" + dir, List.of(missing), loader))
                .isInstanceOf(IOException.class);
    }
}
