package io.photonflow.jobs.config;

import io.photonflow.data.DataSpec;
import io.photonflow.data.SplitSource;
import java.net.URI;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files and folders a configuration names, checked on this machine before a job starts, so that
 * what no retry can fix fails at once with the key and the path: a folder where a file belongs, a
 * file where a folder belongs, a file that cannot be read, an output folder that cannot be created.
 * A missing data file is left to its reader, which names it with advice.
 */
final class ConfiguredPaths {

    private ConfiguredPaths() {}

    /** Every such problem of {@code config}, one line each naming the key; empty when none. */
    static List<String> problems(JobConfig config) {
        List<String> problems = new ArrayList<>();
        DataSpec data = config.data();
        if (data.isGraph()) {
            folderToRead("data.graph", data.graph(), problems);
        } else {
            split("data.train", data.train(), problems);
            split("data.test", data.test(), problems);
        }
        fileToRead("initial-model", config.initialModel(), problems);
        folderToWrite("output.directory", config.output().directory(), problems);
        if (config.checkpointing().enabled() && config.checkpointing().hasDirectory()) {
            folderToWrite("checkpointing.directory", config.checkpointing().directory(), problems);
        }
        return problems;
    }

    private static void split(String key, SplitSource source, List<String> problems) {
        fileToRead(key + ".images", source.images(), problems);
        fileToRead(key + ".labels", source.labels(), problems);
        fileToRead(key + ".avro", source.avro(), problems);
    }

    private static void fileToRead(String key, String location, List<String> problems) {
        Path path = local(location);
        if (path == null || !Files.exists(path)) {
            return;
        }
        if (Files.isDirectory(path)) {
            problems.add(key + ": " + path + " is a folder; " + key + " names a file");
        } else if (!Files.isReadable(path)) {
            problems.add(key + ": " + path + " cannot be read (permissions)");
        }
    }

    private static void folderToRead(String key, String location, List<String> problems) {
        Path path = local(location);
        if (path == null || !Files.exists(path)) {
            return;
        }
        if (!Files.isDirectory(path)) {
            problems.add(
                    key
                            + ": "
                            + path
                            + " is a file; "
                            + key
                            + " names a folder with nodes.tsv, edges.tsv and split.tsv");
        } else if (!Files.isReadable(path) || !Files.isExecutable(path)) {
            problems.add(key + ": " + path + " cannot be read (permissions)");
        }
    }

    /** The folder or, when it does not exist yet, the nearest existing folder above it. */
    private static void folderToWrite(String key, String location, List<String> problems) {
        Path path = local(location);
        if (path == null) {
            return;
        }
        Path existing = path.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return;
        }
        if (!Files.isDirectory(existing)) {
            problems.add(
                    key
                            + ": "
                            + (existing.equals(path.toAbsolutePath())
                                    ? path + " is a file, not a folder"
                                    : "cannot create " + path + ": " + existing + " is a file"));
        } else if (!Files.isWritable(existing)) {
            problems.add(key + ": " + existing + " is not writable (permissions)");
        }
    }

    /**
     * {@code location} as a local path; null when unset, a URI of another file system, or no path
     * at all (left to the code that uses it).
     */
    private static Path local(String location) {
        if (location == null || location.isBlank()) {
            return null;
        }
        try {
            if (location.startsWith("file:")) {
                return Path.of(URI.create(location));
            }
            return location.contains("://") ? null : Path.of(location);
        } catch (IllegalArgumentException | FileSystemNotFoundException e) {
            return null;
        }
    }
}
