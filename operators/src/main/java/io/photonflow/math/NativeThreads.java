package io.photonflow.math;

import org.nd4j.linalg.factory.Nd4j;

/**
 * How many threads ND4J's native code may use, process-wide. In a dataflow every operator is a
 * thread already; letting each native call fan out over all cores as well makes them compete.
 */
public final class NativeThreads {

    private NativeThreads() {}

    /** Limits BLAS and ND4J's own operations to {@code threads} threads per call. */
    public static void configure(int threads) {
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }
}
