package io.photonflow.math;

import java.nio.FloatBuffer;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adam (Kingma and Ba, 2015) with bias correction, in the paper's arrangement of the arithmetic:
 * {@code p -= lr sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + eps)}. Slot 0 is the first moment m,
 * slot 1 the second moment v.
 */
public final class Adam implements Optimizer {

    /**
     * Values moved to the heap and back per round: on heap arrays the JIT vectorizes the loop,
     * through a direct buffer it reads and writes one value at a time; 4 x 16 KiB stay in cache.
     */
    private static final int CHUNK = 4096;

    private final double learningRate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final LearningRateSchedule schedule;

    public Adam(
            double learningRate,
            double beta1,
            double beta2,
            double epsilon,
            LearningRateSchedule schedule) {
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.schedule = schedule;
    }

    @Override
    public ParameterState initialState(long... shape) {
        return new ParameterState(
                0, List.of(Nd4j.zeros(DataType.FLOAT, shape), Nd4j.zeros(DataType.FLOAT, shape)));
    }

    /**
     * Leaves {@code gradient} as it was.
     *
     * <p>One pass in Java over the arrays' own memory, in cache-sized chunks, rather than ND4J's
     * fused {@code AdamUpdater} kernel followed by a subtraction: at a layer's 10^6 parameters the
     * kernel took 7 ns per parameter, a plain loop over the buffers 1.7 (measured side by side),
     * and Adam was a fifth of an online job's time. Java's float arithmetic is IEEE single
     * precision without contractions, so every machine computes the same bits.
     */
    @Override
    public void stepInPlace(INDArray parameter, INDArray gradient, ParameterState state) {
        long t = state.advance();
        float stepSize =
                (float)
                        (learningRate
                                * schedule.factor(t)
                                * Math.sqrt(1 - Math.pow(beta2, t))
                                / (1 - Math.pow(beta1, t)));
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float c1 = (float) (1 - beta1);
        float c2 = (float) (1 - beta2);
        float eps = (float) epsilon;
        FloatBuffer p = NdArrays.values(parameter);
        FloatBuffer g = NdArrays.values(gradient);
        FloatBuffer m = NdArrays.values(state.slot(0));
        FloatBuffer v = NdArrays.values(state.slot(1));
        int n = p.limit();
        if (g.limit() != n || m.limit() != n || v.limit() != n) {
            throw new IllegalArgumentException(
                    "Adam: a parameter of "
                            + n
                            + " values with a gradient of "
                            + g.limit()
                            + " and moments of "
                            + m.limit()
                            + " and "
                            + v.limit());
        }
        float[] pc = new float[Math.min(CHUNK, n)];
        float[] gc = new float[pc.length];
        float[] mc = new float[pc.length];
        float[] vc = new float[pc.length];
        for (int start = 0; start < n; start += CHUNK) {
            int length = Math.min(CHUNK, n - start);
            p.get(start, pc, 0, length);
            g.get(start, gc, 0, length);
            m.get(start, mc, 0, length);
            v.get(start, vc, 0, length);
            for (int i = 0; i < length; i++) {
                float mi = b1 * mc[i] + c1 * gc[i];
                float vi = b2 * vc[i] + c2 * gc[i] * gc[i];
                mc[i] = mi;
                vc[i] = vi;
                pc[i] -= stepSize * mi / ((float) Math.sqrt(vi) + eps);
            }
            p.put(start, pc, 0, length);
            m.put(start, mc, 0, length);
            v.put(start, vc, 0, length);
        }
    }
}
