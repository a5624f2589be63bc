package io.photonflow.jobs.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.photonflow.math.GemmShape;
import io.photonflow.math.NativeThreads;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What this machine's sgemm (ND4J's BLAS) delivers at exactly a training step's matrix products:
 * each product timed on its own, into a preallocated output, with the given number of BLAS threads.
 * The sum of their times is the least a step can take doing nothing but its GEMMs, so {@link
 * #gflops} is the ceiling for a trainer's GFLOP/s at these shapes.
 *
 * @param threads BLAS threads of the measurement
 * @param products each product and the GFLOP/s it ran at
 * @param batchSize examples per step
 */
public record GemmCeiling(int threads, List<Product> products, int batchSize) {

    /** Shortest time each product is repeated for, after one untimed call. */
    private static final long MEASURE_NANOS = 250_000_000L;

    /** Fewest timed calls per product. */
    private static final int MIN_CALLS = 3;

    /** One product of the step and the rate it ran at. */
    public record Product(GemmShape shape, double gflops) {

        /** Seconds one call takes at that rate. */
        public double seconds() {
            return shape.flops() / (gflops * 1e9);
        }
    }

    /**
     * Times every product of {@code shapes} with {@code threads} BLAS threads, then sets the
     * threads back to {@code restoreThreads}.
     */
    public static GemmCeiling measure(
            List<GemmShape> shapes, int batchSize, int threads, int restoreThreads) {
        NativeThreads.configure(threads);
        try {
            List<Product> products = new ArrayList<>();
            for (GemmShape shape : shapes) {
                products.add(new Product(shape, rate(shape)));
            }
            return new GemmCeiling(threads, List.copyOf(products), batchSize);
        } finally {
            NativeThreads.configure(restoreThreads);
        }
    }

    /** FLOPs of all products of a step. */
    public long flopsPerStep() {
        return products.stream().mapToLong(p -> p.shape().flops()).sum();
    }

    /** Seconds the step's products take at their measured rates. */
    public double stepSeconds() {
        return products.stream().mapToDouble(Product::seconds).sum();
    }

    /** The step's FLOPs over its products' time: the ceiling for a trainer at these shapes. */
    @JsonProperty
    public double gflops() {
        return flopsPerStep() / stepSeconds() / 1e9;
    }

    /** Examples per second of a trainer that did nothing but these products. */
    @JsonProperty
    public double samplesPerSecond() {
        return batchSize / stepSeconds();
    }

    /** The share of the ceiling a trainer reaching {@code samplesPerSecond} achieves. */
    public double fraction(double samplesPerSecond) {
        return samplesPerSecond / samplesPerSecond();
    }

    private static double rate(GemmShape shape) {
        INDArray a =
                Nd4j.rand(
                        DataType.FLOAT,
                        shape.transposeA() ? shape.k() : shape.m(),
                        shape.transposeA() ? shape.m() : shape.k());
        INDArray b =
                Nd4j.rand(
                        DataType.FLOAT,
                        shape.transposeB() ? shape.n() : shape.k(),
                        shape.transposeB() ? shape.k() : shape.n());
        INDArray c = Nd4j.createUninitialized(DataType.FLOAT, shape.m(), shape.n());
        Nd4j.gemm(a, b, c, shape.transposeA(), shape.transposeB(), 1.0, 0.0);
        long start = System.nanoTime();
        long elapsed;
        int calls = 0;
        do {
            Nd4j.gemm(a, b, c, shape.transposeA(), shape.transposeB(), 1.0, 0.0);
            calls++;
            elapsed = System.nanoTime() - start;
        } while (calls < MIN_CALLS || elapsed < MEASURE_NANOS);
        return shape.flops() * (double) calls / elapsed;
    }
}
