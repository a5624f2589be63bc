package io.photonflow.math.kernels;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;

/**
 * The kernels as plain loops, for a JVM without the vector API. Adam moves its values to the heap
 * in cache-sized chunks: on heap arrays the JIT vectorizes the loop, through a direct buffer it
 * reads and writes one value at a time.
 */
final class ScalarKernels implements Kernels {

    private static final int CHUNK = 4096;

    @Override
    public void adam(
            ByteBuffer p,
            ByteBuffer g,
            ByteBuffer m,
            ByteBuffer v,
            ByteBuffer updated,
            AdamStep step) {
        FloatBuffer pb = Buffers.floats(p);
        FloatBuffer gb = Buffers.floats(g);
        FloatBuffer mb = Buffers.floats(m);
        FloatBuffer vb = Buffers.floats(v);
        FloatBuffer ub = Buffers.floats(updated);
        int n = Buffers.sameLength(pb, gb, mb, vb, ub);
        float ss = step.stepSize();
        float b1 = step.beta1();
        float b2 = step.beta2();
        float c1 = step.oneMinusBeta1();
        float c2 = step.oneMinusBeta2();
        float eps = step.epsilon();
        float[] pc = new float[Math.min(CHUNK, n)];
        float[] gc = new float[pc.length];
        float[] mc = new float[pc.length];
        float[] vc = new float[pc.length];
        for (int start = 0; start < n; start += CHUNK) {
            int length = Math.min(CHUNK, n - start);
            pb.get(start, pc, 0, length);
            gb.get(start, gc, 0, length);
            mb.get(start, mc, 0, length);
            vb.get(start, vc, 0, length);
            for (int i = 0; i < length; i++) {
                float mi = b1 * mc[i] + c1 * gc[i];
                float vi = b2 * vc[i] + c2 * gc[i] * gc[i];
                mc[i] = mi;
                vc[i] = vi;
                pc[i] -= ss * mi / ((float) Math.sqrt(vi) + eps);
            }
            ub.put(start, pc, 0, length);
            mb.put(start, mc, 0, length);
            vb.put(start, vc, 0, length);
        }
    }

    @Override
    public void tanh(
            ByteBuffer product,
            ByteBuffer bias,
            int rows,
            int cols,
            ByteBuffer output,
            ByteBuffer derivative) {
        FloatBuffer a = Buffers.floats(product);
        FloatBuffer b = Buffers.floats(bias);
        FloatBuffer y = Buffers.floats(output);
        FloatBuffer d = derivative == null ? null : Buffers.floats(derivative);
        Buffers.checkMatrix(a, rows, cols, b, y, d);
        for (int i = 0; i < rows * cols; i++) {
            float value = RationalTanh.of(a.get(i) + b.get(i % cols));
            y.put(i, value);
            if (d != null) {
                d.put(i, 1f - value * value);
            }
        }
    }

    @Override
    public void columnSums(ByteBuffer matrix, int rows, int cols, ByteBuffer sums) {
        FloatBuffer a = Buffers.floats(matrix);
        FloatBuffer s = Buffers.floats(sums);
        Buffers.checkMatrix(a, rows, cols, s, null, null);
        for (int j = 0; j < cols; j++) {
            float sum = 0f;
            for (int i = 0; i < rows; i++) {
                sum += a.get(i * cols + j);
            }
            s.put(j, sum);
        }
    }

    @Override
    public void addScaledRow(
            float scale, float[] row, int rowFrom, float[] target, int targetFrom, int width) {
        for (int j = 0; j < width; j++) {
            target[targetFrom + j] += scale * row[rowFrom + j];
        }
    }

    @Override
    public boolean allFinite(ByteBuffer values) {
        FloatBuffer a = Buffers.floats(values);
        for (int i = 0; i < a.limit(); i++) {
            if (!Float.isFinite(a.get(i))) {
                return false;
            }
        }
        return true;
    }
}
