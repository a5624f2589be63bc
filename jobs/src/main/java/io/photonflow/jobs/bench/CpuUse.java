package io.photonflow.jobs.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Who used the machine's cores during a measurement, from Linux's /proc: this JVM (the Flink job,
 * the producer, the consumer), the benchmark's own broker, and every other process, in cores (1.0 =
 * one core busy all along). On a shared machine, the share of the others says how far the figures
 * can be trusted. Where /proc cannot be read, every share is NaN.
 *
 * @param thisJvm cores this JVM used
 * @param broker cores the benchmark's broker used (0 when it uses someone else's)
 * @param others cores every other process used
 */
public record CpuUse(double thisJvm, double broker, double others) {

    /** Clock ticks per second of /proc's counters (USER_HZ, 100 on every Linux port in use). */
    static final double TICKS_PER_SECOND = 100;

    static final CpuUse UNKNOWN = new CpuUse(Double.NaN, Double.NaN, Double.NaN);

    /**
     * Counters at one moment: busy ticks of all cores, of this JVM, of the broker, and the time.
     */
    record Sample(long busy, long self, long broker, long nanos) {}

    /** The counters now; null when /proc cannot be read. */
    static Sample sample(OptionalLong brokerPid) {
        try {
            long busy = busyTicks(Files.readString(Path.of("/proc/stat")));
            long self = processTicks(Files.readString(Path.of("/proc/self/stat")));
            long broker = 0;
            if (brokerPid.isPresent()) {
                Path stat = Path.of("/proc", Long.toString(brokerPid.getAsLong()), "stat");
                broker = Files.exists(stat) ? processTicks(Files.readString(stat)) : 0;
            }
            return new Sample(busy, self, broker, System.nanoTime());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The use between two samples. */
    static CpuUse between(Sample from, Sample to) {
        if (from == null || to == null || to.nanos() <= from.nanos()) {
            return UNKNOWN;
        }
        double seconds = (to.nanos() - from.nanos()) / 1e9;
        double busy = (to.busy() - from.busy()) / TICKS_PER_SECOND / seconds;
        double self = (to.self() - from.self()) / TICKS_PER_SECOND / seconds;
        double broker = (to.broker() - from.broker()) / TICKS_PER_SECOND / seconds;
        return new CpuUse(self, broker, Math.max(0, busy - self - broker));
    }

    /**
     * Busy ticks of all cores from /proc/stat's first line ({@code cpu user nice system idle iowait
     * irq softirq steal ...}): everything but idle and iowait (guest time is inside user).
     */
    static long busyTicks(String procStat) {
        String line = procStat.lines().findFirst().orElseThrow();
        String[] fields = line.trim().split("\\s+");
        if (!fields[0].equals("cpu")) {
            throw new IllegalArgumentException("not /proc/stat: " + line);
        }
        long busy = 0;
        for (int i = 1; i < fields.length && i <= 8; i++) {
            if (i != 4 && i != 5) {
                busy += Long.parseLong(fields[i]);
            }
        }
        return busy;
    }

    /**
     * User and system ticks of a process from its /proc/PID/stat (fields 14 and 15, counted after
     * the command name in parentheses, which may hold spaces).
     */
    static long processTicks(String procPidStat) {
        String afterName = procPidStat.substring(procPidStat.lastIndexOf(')') + 2);
        String[] fields = afterName.trim().split("\\s+");
        // afterName starts at field 3 (state): utime is field 14, stime field 15.
        return Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
    }
}
