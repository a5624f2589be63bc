package io.photonflow.jobs.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's memory, from Linux's /proc/self. */
public final class ProcessMemory {

    private ProcessMemory() {}

    /** The peak resident set (VmHWM) in bytes, or -1 where /proc cannot tell. */
    public static long peakResidentBytes() {
        return status("VmHWM");
    }

    /** The resident set (VmRSS) in bytes, or -1 where /proc cannot tell. */
    public static long residentBytes() {
        return status("VmRSS");
    }

    /** Lets VmHWM restart from the current resident set (Linux 4.0+); harmless elsewhere. */
    public static void resetPeak() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException | UnsupportedOperationException e) {
            // Then VmHWM may include an earlier peak: overstated, never understated.
        }
    }

    /** A size field of /proc/self/status in bytes, or -1 where there is none. */
    private static long status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    return 1024 * Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }
}
