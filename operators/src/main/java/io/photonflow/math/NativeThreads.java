package io.photonflow.math;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * How many threads ND4J's native code may use, process-wide. In a dataflow every operator is a
 * thread already; letting each native call fan out over all cores as well makes them compete.
 */
public final class NativeThreads {

    private NativeThreads() {}

    /**
     * Limits BLAS and ND4J's own operations to {@code threads} threads per call. OpenMP's limit is
     * the calling thread's own, so every thread that runs ND4J calls this: left at one per core,
     * ND4J's OpenMP loops (softmax among them) woke a worker per core, and the workers spun on
     * after each loop, taking a core from the dataflow (9% of a Cora run's CPU). Also pins ND4J's
     * class loader ({@link Nd4jClassLoader#pin}), which every operator must do before its first
     * ND4J call.
     */
    public static void configure(int threads) {
        Nd4jClassLoader.pin();
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
    }
}
