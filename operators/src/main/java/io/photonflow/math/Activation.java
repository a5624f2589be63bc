package io.photonflow.math;

import io.photonflow.math.kernels.Kernels;
import io.photonflow.math.kernels.RationalTanh;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Element-wise non-linearities and their derivatives. */
public enum Activation {
    /** tanh as {@link RationalTanh} computes it, in one pass with its derivative. */
    TANH {
        @Override
        public INDArray apply(INDArray preActivation) {
            return forward(preActivation, Nd4j.zeros(DataType.FLOAT, columns(preActivation)), false)
                    .output();
        }

        @Override
        public ForwardResult forward(INDArray product, INDArray bias, boolean training) {
            int cols = columns(product);
            int rows = Math.toIntExact(product.length() / Math.max(cols, 1));
            INDArray output = Nd4j.createUninitialized(DataType.FLOAT, product.shape());
            INDArray derivative =
                    training ? Nd4j.createUninitialized(DataType.FLOAT, product.shape()) : null;
            Kernels.best()
                    .tanh(
                            NdArrays.bytes(product),
                            NdArrays.bytes(bias),
                            rows,
                            cols,
                            NdArrays.bytes(output),
                            derivative == null ? null : NdArrays.bytes(derivative));
            return new ForwardResult(output, derivative);
        }

        @Override
        public INDArray derivative(INDArray preActivation, INDArray output) {
            // tanh'(a) = 1 - tanh(a)^2, from the output we already have.
            return output.mul(output).rsubi(1.0);
        }
    },
    RELU {
        @Override
        public INDArray apply(INDArray preActivation) {
            return Transforms.relu(preActivation, true);
        }

        @Override
        public INDArray derivative(INDArray preActivation, INDArray output) {
            // The derivative at exactly 0 is taken as 0, as in PyTorch and DL4J.
            return preActivation.gt(0.0).castTo(DataType.FLOAT);
        }
    },
    SIGMOID {
        @Override
        public INDArray apply(INDArray preActivation) {
            return Transforms.sigmoid(preActivation, true);
        }

        @Override
        public INDArray derivative(INDArray preActivation, INDArray output) {
            return output.rsub(1.0).muli(output);
        }
    },
    /** No non-linearity: the classifier's logits. */
    IDENTITY {
        @Override
        public INDArray apply(INDArray preActivation) {
            return preActivation.dup();
        }

        @Override
        public INDArray derivative(INDArray preActivation, INDArray output) {
            return Nd4j.onesLike(preActivation);
        }
    };

    /**
     * A layer's forward pass after its matrix product: a = product + bias (each row plus the bias),
     * f(a) and, when training, f'(a). {@code product} may be overwritten.
     */
    public ForwardResult forward(INDArray product, INDArray bias, boolean training) {
        INDArray preActivation = product.addiRowVector(bias);
        INDArray output = apply(preActivation);
        return new ForwardResult(output, training ? derivative(preActivation, output) : null);
    }

    /** Returns f(a) as a new array; {@code preActivation} is left unchanged. */
    public abstract INDArray apply(INDArray preActivation);

    /** Returns f'(a) as a new array, given a and f(a). */
    public abstract INDArray derivative(INDArray preActivation, INDArray output);

    /** The columns of a matrix, or the length of a vector (one row). */
    private static int columns(INDArray array) {
        return Math.toIntExact(array.rank() < 2 ? array.length() : array.columns());
    }
}
