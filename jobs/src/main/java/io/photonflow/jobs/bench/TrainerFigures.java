package io.photonflow.jobs.bench;

import java.io.PrintStream;
import java.util.Locale;

/**
 * One trainer's row of the benchmark: its throughput and the share of the sgemm ceiling it reaches.
 *
 * @param trainer who trained
 * @param samplesPerSecond training examples per second (training steps only)
 * @param seconds time those steps took
 * @param testAccuracy test accuracy at the end
 * @param gflops GEMM FLOP/s achieved: samples/s times the GEMM FLOPs of an example
 * @param ceilingThreads the BLAS threads of the ceiling it is measured against; 0: none
 * @param ceilingFraction the share of that ceiling reached; NaN without one
 */
public record TrainerFigures(
        String trainer,
        double samplesPerSecond,
        double seconds,
        double testAccuracy,
        double gflops,
        int ceilingThreads,
        double ceilingFraction) {

    /** {@code throughput} against the ceiling of {@code threads} BLAS threads (0: none). */
    public static TrainerFigures of(
            String trainer,
            Throughput throughput,
            TrainingCeiling ceiling,
            double flopsPerExample,
            int threads) {
        double rate = throughput.samplesPerSecond();
        return new TrainerFigures(
                trainer,
                rate,
                throughput.seconds(),
                throughput.testAccuracy(),
                rate * flopsPerExample / 1e9,
                threads,
                threads > 0 ? ceiling.at(threads).fraction(rate) : Double.NaN);
    }

    /** The header of the rows {@link #print} writes. */
    public static void printHeader(PrintStream out) {
        out.printf(
                Locale.ROOT,
                "%-22s %12s %10s %14s %9s  %s%n",
                "trainer",
                "samples/s",
                "seconds",
                "test accuracy",
                "GFLOP/s",
                "of the sgemm ceiling");
    }

    /** Prints the row. */
    public void print(PrintStream out) {
        out.printf(
                Locale.ROOT,
                "%-22s %12.0f %10.1f %13.2f%% %9.1f  %s%n",
                trainer,
                samplesPerSecond,
                seconds,
                100 * testAccuracy,
                gflops,
                ceilingThreads > 0
                        ? String.format(
                                Locale.ROOT,
                                "%.0f%% of %d thread%s",
                                100 * ceilingFraction,
                                ceilingThreads,
                                ceilingThreads == 1 ? "" : "s")
                        : "-");
    }
}
