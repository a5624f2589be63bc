package io.photonflow.math;

/**
 * One matrix product C (m x n) = op(A) (m x k) op(B) (k x n) of a training step, as the layers call
 * ND4J's gemm: with op a transpose where {@code transposeA} or {@code transposeB} says so.
 *
 * @param role what the product computes, e.g. "forward 1"
 * @param m rows of C
 * @param k the inner dimension
 * @param n columns of C
 * @param transposeA whether A is stored k x m
 * @param transposeB whether B is stored n x k
 */
public record GemmShape(String role, int m, int k, int n, boolean transposeA, boolean transposeB) {

    /** Multiplications and additions: 2 m k n. */
    public long flops() {
        return 2L * m * k * n;
    }
}
