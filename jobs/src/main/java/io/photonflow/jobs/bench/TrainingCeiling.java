package io.photonflow.jobs.bench;

import io.photonflow.math.Algorithm;
import io.photonflow.math.GemmShape;
import io.photonflow.model.NetworkSpec;
import io.photonflow.model.TrainingGemms;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The limit a trainer is measured against: the GEMM FLOPs of one training example of the configured
 * network and algorithm ({@link TrainingGemms}), and what sgemm delivers at exactly those shapes
 * with one BLAS thread (the reference trainer's setting) and with two (the cores a dataflow
 * shares).
 *
 * @param flopsPerExample GEMM FLOPs per training example
 * @param oneThread the products' rates with one BLAS thread
 * @param twoThreads the products' rates with two
 */
public record TrainingCeiling(
        double flopsPerExample, GemmCeiling oneThread, GemmCeiling twoThreads) {

    /** Measures the products of a step of {@code batchSize} examples, then restores the threads. */
    public static TrainingCeiling measure(
            NetworkSpec network, Algorithm algorithm, int batchSize, int blasThreads) {
        List<GemmShape> shapes = TrainingGemms.of(network, algorithm, batchSize);
        return new TrainingCeiling(
                TrainingGemms.flopsPerExample(network, algorithm, batchSize),
                GemmCeiling.measure(shapes, batchSize, 1, blasThreads),
                GemmCeiling.measure(shapes, batchSize, 2, blasThreads));
    }

    /** GFLOP/s of a trainer that trains {@code samplesPerSecond} examples per second. */
    public double gflops(double samplesPerSecond) {
        return samplesPerSecond * flopsPerExample / 1e9;
    }

    /** The ceiling of {@code threads} BLAS threads (1 or 2). */
    public GemmCeiling at(int threads) {
        return threads == 1 ? oneThread : twoThreads;
    }

    /** Prints the products and their rates, and the ceilings. */
    public void print(PrintStream out) {
        out.printf(
                Locale.ROOT,
                "sgemm at the step's products (ND4J's BLAS, each timed alone into a preallocated"
                        + " output): %.2f MFLOP per training example%n",
                flopsPerExample / 1e6);
        out.printf(
                Locale.ROOT,
                "  %-18s %6s %6s %6s  %9s %9s%n",
                "product",
                "m",
                "k",
                "n",
                "1 thread",
                "2 threads");
        for (int i = 0; i < oneThread.products().size(); i++) {
            GemmShape shape = oneThread.products().get(i).shape();
            out.printf(
                    Locale.ROOT,
                    "  %-18s %6d %6d %6d  %9.1f %9.1f%n",
                    shape.role(),
                    shape.m(),
                    shape.k(),
                    shape.n(),
                    oneThread.products().get(i).gflops(),
                    twoThreads.products().get(i).gflops());
        }
        out.printf(
                Locale.ROOT,
                "  %-18s %22s  %9.1f %9.1f   GFLOP/s (%.0f and %.0f samples/s)%n",
                "ceiling (the step)",
                "",
                oneThread.gflops(),
                twoThreads.gflops(),
                oneThread.samplesPerSecond(),
                twoThreads.samplesPerSecond());
    }
}
