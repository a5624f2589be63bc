package io.photonflow.jobs.cli;

import io.photonflow.data.ShardFiles;
import io.photonflow.data.SnapshotStart;
import io.photonflow.flink.sinks.ModelSnapshotSink;
import io.photonflow.jobs.config.JobConfig;
import io.photonflow.jobs.report.RunConfiguration;
import io.photonflow.jobs.report.RunReport;
import io.photonflow.jobs.report.RunViews;
import io.photonflow.jobs.training.JobSummary;
import io.photonflow.jobs.training.TrainingJob;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The output folder of a {@code train} run. A run into a folder used before replaces the previous
 * run: before the job starts, every file a run writes there (models, metrics, dead letters,
 * alignment, summary, configuration, plots, report, the shard files of split layers, and the
 * temporaries of a killed run) is removed, so that the folder never mixes two runs. Files of other
 * names stay. A run that resumes from a snapshot in the folder keeps the epoch snapshots up to that
 * one (they are its own history), and no run removes the snapshot it starts from.
 */
final class RunFolder {

    private static final Pattern EPOCH_FILE = Pattern.compile("model-epoch-(\\d+)\\.avro");
    private static final Pattern SHARD_EPOCH = Pattern.compile("epoch-(\\d+)");
    private static final Set<String> RUN_FILES =
            Set.of(
                    ModelSnapshotSink.LATEST,
                    TrainingJob.METRICS_FILE,
                    TrainingJob.DEAD_LETTERS_FILE,
                    TrainingJob.ALIGNMENT_FILE,
                    JobSummary.FILE,
                    JobSummary.FILE + ".inprogress",
                    RunConfiguration.FILE,
                    RunReport.FILE);

    private RunFolder() {}

    /**
     * Removes what a previous run left in the output folder of {@code config}.
     *
     * @return the files removed
     */
    static List<Path> clear(JobConfig config) throws IOException {
        Path folder = config.output().path();
        List<Path> removed = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return removed;
        }
        Optional<Path> start = startingSnapshot(config);
        int keptEpochs =
                start.isPresent()
                                && start.get().getParent().equals(folder.toRealPath())
                                && config.startingPoint() instanceof SnapshotStart snapshot
                                && snapshot.resumes()
                        ? snapshot.epoch()
                        : 0;
        for (Path file : list(folder)) {
            String name = file.getFileName().toString();
            Matcher epoch = EPOCH_FILE.matcher(name);
            boolean ours =
                    RUN_FILES.contains(name)
                            || isTemporary(name)
                            || (epoch.matches() && Integer.parseInt(epoch.group(1)) > keptEpochs);
            if (ours
                    && Files.isRegularFile(file)
                    && !file.toRealPath().equals(start.orElse(null))) {
                Files.delete(file);
                removed.add(file);
            }
        }
        removed.addAll(clearPlots(folder.resolve(RunViews.PLOTS)));
        removed.addAll(clearShards(folder.resolve(ShardFiles.FOLDER), keptEpochs, start));
        return removed;
    }

    /**
     * The shard files of the epochs after {@code keptEpochs}, but those the starting snapshot
     * names, and their folders once empty.
     */
    private static List<Path> clearShards(Path shards, int keptEpochs, Optional<Path> start)
            throws IOException {
        List<Path> removed = new ArrayList<>();
        if (!Files.isDirectory(shards)) {
            return removed;
        }
        Set<Path> named = start.isPresent() ? ShardFiles.named(start.get()) : Set.of();
        for (Path epochFolder : list(shards)) {
            Matcher epoch = SHARD_EPOCH.matcher(epochFolder.getFileName().toString());
            if (!epoch.matches() || Integer.parseInt(epoch.group(1)) <= keptEpochs) {
                continue;
            }
            for (Path file : list(epochFolder)) {
                String name = file.getFileName().toString();
                if (Files.isRegularFile(file)
                        && (name.endsWith(".avro") || isTemporary(name))
                        && !named.contains(file.toRealPath())) {
                    Files.delete(file);
                    removed.add(file);
                }
            }
            deleteIfEmpty(epochFolder);
        }
        deleteIfEmpty(shards);
        return removed;
    }

    private static void deleteIfEmpty(Path folder) throws IOException {
        try {
            Files.delete(folder);
        } catch (DirectoryNotEmptyException othersFiles) {
            // files a run did not write stay, and so does their folder
        }
    }

    /** The snapshot of the last epoch in {@code folder}, if any epoch was saved. */
    static Optional<Path> lastEpochSnapshot(Path folder) throws IOException {
        Path last = null;
        int lastEpoch = 0;
        for (Path file : list(folder)) {
            Matcher epoch = EPOCH_FILE.matcher(file.getFileName().toString());
            if (epoch.matches() && Integer.parseInt(epoch.group(1)) > lastEpoch) {
                lastEpoch = Integer.parseInt(epoch.group(1));
                last = file;
            }
        }
        return Optional.ofNullable(last);
    }

    /** The files in {@code folder} that a writer left unfinished ({@code *.tmp}). */
    static List<Path> temporaries(Path folder) throws IOException {
        return list(folder).stream()
                .filter(file -> isTemporary(file.getFileName().toString()))
                .toList();
    }

    private static boolean isTemporary(String name) {
        return name.endsWith(".avro.tmp");
    }

    private static Optional<Path> startingSnapshot(JobConfig config) throws IOException {
        if (config.initialModel() == null || !Files.exists(Path.of(config.initialModel()))) {
            return Optional.empty();
        }
        return Optional.of(Path.of(config.initialModel()).toRealPath());
    }

    /** The PNG and SVG files of the plots' folder, and the folder when nothing else is left. */
    private static List<Path> clearPlots(Path plots) throws IOException {
        List<Path> removed = new ArrayList<>();
        if (!Files.isDirectory(plots)) {
            return removed;
        }
        for (Path file : list(plots)) {
            String name = file.getFileName().toString();
            if (Files.isRegularFile(file) && (name.endsWith(".png") || name.endsWith(".svg"))) {
                Files.delete(file);
                removed.add(file);
            }
        }
        deleteIfEmpty(plots);
        return removed;
    }

    private static List<Path> list(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        }
    }
}
