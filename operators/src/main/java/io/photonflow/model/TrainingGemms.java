package io.photonflow.model;

import io.photonflow.math.Algorithm;
import io.photonflow.math.GemmShape;
import io.photonflow.math.LayerShape;
import java.util.ArrayList;
import java.util.List;

/**
 * The matrix products of one training step of a dense network, in the shapes the layers and the
 * projection compute them: per layer the forward pass and the weight gradient; under DFA one
 * product of the output error with the feedback matrix for all hidden layers at once (a dense
 * Gaussian projection; structured and optical projections compute the same product otherwise);
 * under backprop the error passed down through every layer but the first. Elementwise work
 * (activations, softmax, Adam) is left out: it is not what a GEMM ceiling measures.
 */
public final class TrainingGemms {

    private TrainingGemms() {}

    /** The products of one step of {@code batchSize} examples. */
    public static List<GemmShape> of(NetworkSpec network, Algorithm algorithm, int batchSize) {
        if (network.kind() != NetworkSpec.Kind.DENSE) {
            throw new IllegalArgumentException(
                    "GEMM shapes are for dense networks; " + network.describe() + " is a GCN");
        }
        List<GemmShape> products = new ArrayList<>();
        for (LayerShape layer : network.layers()) {
            int in = layer.inputSize();
            int out = layer.outputSize();
            int number = layer.index() + 1;
            products.add(new GemmShape("forward " + number, batchSize, in, out, false, false));
            products.add(
                    new GemmShape("weight gradient " + number, in, batchSize, out, true, false));
            if (algorithm == Algorithm.BP && layer.index() > 0) {
                products.add(new GemmShape("backprop " + number, batchSize, out, in, false, true));
            }
        }
        if (algorithm == Algorithm.DFA && network.totalHiddenWidth() > 0) {
            products.add(
                    new GemmShape(
                            "projection",
                            batchSize,
                            network.classes(),
                            network.totalHiddenWidth(),
                            false,
                            false));
        }
        return products;
    }

    /** FLOPs of the products of one step, per example. */
    public static double flopsPerExample(NetworkSpec network, Algorithm algorithm, int batchSize) {
        return of(network, algorithm, batchSize).stream().mapToLong(GemmShape::flops).sum()
                / (double) batchSize;
    }
}
