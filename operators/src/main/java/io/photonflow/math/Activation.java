package io.photonflow.math;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Element-wise non-linearities and their derivatives. */
public enum Activation {
    TANH {
        @Override
        public INDArray apply(INDArray preActivation) {
            return Transforms.tanh(preActivation, true);
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

    /** Returns f(a) as a new array; {@code preActivation} is left unchanged. */
    public abstract INDArray apply(INDArray preActivation);

    /** Returns f'(a) as a new array, given a and f(a). */
    public abstract INDArray derivative(INDArray preActivation, INDArray output);
}
