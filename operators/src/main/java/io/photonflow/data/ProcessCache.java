package io.photonflow.data;

import java.io.IOException;
import java.lang.ref.SoftReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Data loaded once per process: the client that plans a job, and every operator of the job that
 * runs in the same JVM (all of them on a mini-cluster; those of one TaskManager on a cluster),
 * share one immutable copy instead of reading and parsing the files each. An entry is valid while
 * its files keep their size and modification time, and the memory is the collector's to take back
 * (soft references) once no job holds it.
 */
public final class ProcessCache {

    private static final Map<Object, Entry> ENTRIES = new ConcurrentHashMap<>();

    private ProcessCache() {}

    /** What loads a value from files. */
    @FunctionalInterface
    public interface Loader<V> {
        V load() throws IOException;
    }

    /**
     * The value of {@code key}, loaded by {@code loader} unless a copy read from the same versions
     * of {@code files} is still held. Loads of one key are serialized, so concurrent operators wait
     * for the first instead of reading the files again.
     */
    @SuppressWarnings("unchecked")
    public static <V> V get(Object key, List<Path> files, Loader<V> loader) throws IOException {
        List<Object> versions = versions(files);
        Entry entry = ENTRIES.computeIfAbsent(key, k -> new Entry());
        synchronized (entry) {
            Object held = entry.value == null ? null : entry.value.get();
            if (held != null && versions.equals(entry.versions)) {
                return (V) held;
            }
            V loaded = loader.load();
            entry.value = new SoftReference<>(loaded);
            entry.versions = versions;
            return loaded;
        }
    }

    private static List<Object> versions(List<Path> files) {
        List<Object> versions = new ArrayList<>();
        for (Path file : files) {
            try {
                FileTime modified = Files.getLastModifiedTime(file);
                versions.add(List.of(file.toAbsolutePath(), Files.size(file), modified));
            } catch (IOException unreadable) {
                // The loader will fail on it with its own message; never serve a cached copy.
                versions.add(new Object());
            }
        }
        return versions;
    }

    private static final class Entry {
        private SoftReference<Object> value;
        private List<Object> versions;
    }
}
