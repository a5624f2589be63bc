package io.photonflow.math.kernels;

/**
 * The implementation picked once per JVM. The vector class is only loaded when its module is
 * present: loading it without the module fails.
 */
final class Choice {

    static final Kernels SCALAR = new ScalarKernels();

    static final Kernels BEST = vectorApiPresent() ? new VectorKernels() : SCALAR;

    private Choice() {}

    static boolean vectorApiPresent() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }
}
