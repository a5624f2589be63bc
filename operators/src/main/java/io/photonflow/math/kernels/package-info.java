/**
 * The element-wise loops of a training step (Adam, tanh with its derivative, column sums, the
 * finiteness check) over the memory of ND4J arrays, seen as native-order byte buffers. ND4J runs
 * each of these as one or more native calls whose overheads and passes cost more than the work;
 * here each is one pass.
 *
 * <p>Two implementations compute the same bits: {@link VectorKernels}, on the JDK's vector API (the
 * incubating module {@code jdk.incubator.vector}), and {@link ScalarKernels}, plain loops for a JVM
 * started without that module. Every operation is an IEEE single-precision add, multiply, divide,
 * square root, minimum or maximum, in the same order in both, with no fused multiply-adds, so the
 * lane width of the machine and the choice of implementation never change a result.
 */
package io.photonflow.math.kernels;
