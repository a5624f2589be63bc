package io.photonflow.jobs.training;

import io.photonflow.jobs.config.CheckpointingSpec;
import io.photonflow.jobs.config.JobConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;

/**
 * The checkpoints of a local run. They serve its recovery from failures while it runs, and nothing
 * resumes from them afterwards (a run resumes from an epoch's model snapshot: {@code train
 * --from}), so a local job's checkpoint folder ({@code <checkpoint directory>/<job id>}) is deleted
 * when the job ends, however it ends; so is {@value TrainingEnvironment#LOCAL_CHECKPOINTS} when
 * that leaves it empty.
 */
public final class LocalCheckpoints {

    /** Walks of a job's folder before a deletion gives up on files vanishing under it. */
    private static final int WALKS = 5;

    private LocalCheckpoints() {}

    /** The folder where job {@code job} of {@code config} keeps its checkpoints, when local. */
    public static Optional<Path> folder(JobConfig config, JobID job) {
        return directory(config.checkpointing())
                .map(directory -> directory.resolve(job.toString()));
    }

    /**
     * Deletes the checkpoints of job {@code job}, run locally with {@code config}. Called when the
     * job has ended, also after it failed, so it never throws: what cannot be deleted stays, with a
     * warning on standard error.
     */
    public static void discard(JobConfig config, JobID job) {
        Optional<Path> folder = folder(config, job);
        if (folder.isEmpty() || !Files.exists(folder.get())) {
            return;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                deleteTree(folder.get());
                if (!config.checkpointing().hasDirectory()) {
                    deleteIfEmpty(Path.of(TrainingEnvironment.LOCAL_CHECKPOINTS));
                }
                return;
            } catch (UncheckedIOException e) {
                // Flink's checkpoint cleaner may still be deleting the job's last checkpoints:
                // a folder that vanishes under the walk is walked again.
                if (!(e.getCause() instanceof NoSuchFileException) || attempt == WALKS) {
                    warn(folder.get(), e.getCause());
                    return;
                }
            } catch (IOException e) {
                warn(folder.get(), e);
                return;
            }
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        List<Path> deepestFirst;
        try (Stream<Path> files = Files.walk(folder)) {
            deepestFirst = files.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path file : deepestFirst) {
            Files.deleteIfExists(file);
        }
    }

    private static void warn(Path folder, Exception e) {
        System.err.println("warning: the checkpoints in " + folder + " were not deleted: " + e);
    }

    private static void deleteIfEmpty(Path directory) throws IOException {
        try {
            Files.delete(directory);
        } catch (DirectoryNotEmptyException | NoSuchFileException othersRemain) {
            // another run's checkpoints are there, or the folder is gone already
        }
    }

    /** The local checkpoint directory, or nothing for checkpoints on another file system. */
    private static Optional<Path> directory(CheckpointingSpec checkpointing) {
        if (!checkpointing.hasDirectory()) {
            return Optional.of(Path.of(TrainingEnvironment.LOCAL_CHECKPOINTS));
        }
        URI uri = URI.create(TrainingEnvironment.fileSystemUri(checkpointing.directory()));
        return "file".equals(uri.getScheme()) ? Optional.of(Path.of(uri)) : Optional.empty();
    }
}
