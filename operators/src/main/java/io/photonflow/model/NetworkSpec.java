package io.photonflow.model;

import io.photonflow.math.Activation;
import io.photonflow.math.LayerShape;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A classifier {@code input -> hidden[0] -> ... -> classes}, of fully connected layers or of graph
 * convolutions over all nodes of a graph. Hidden layers use {@code activation}; the last layer
 * produces logits for a softmax cross-entropy loss.
 *
 * @param kind dense (fully connected, minibatches of examples) or gcn (graph convolutions,
 *     full-batch over a graph's nodes)
 * @param input width of the input features
 * @param hidden widths of the hidden layers, input to output
 * @param activation non-linearity of every hidden layer
 * @param classes number of output classes
 * @param dropout gcn: probability of dropping each input entry of every layer while training
 */
public record NetworkSpec(
        Kind kind,
        int input,
        List<Integer> hidden,
        Activation activation,
        int classes,
        double dropout)
        implements Serializable {

    /** Kinds of networks. */
    public enum Kind {
        /** Fully connected layers. */
        DENSE,
        /**
         * Graph convolutions (Kipf and Welling 2017); weight decay applies to the first layer only,
         * as in their model.
         */
        GCN
    }

    public NetworkSpec {
        hidden = hidden == null ? List.of() : List.copyOf(hidden);
    }

    /** Shapes of all layers, the classifier last. */
    public List<LayerShape> layers() {
        List<LayerShape> layers = new ArrayList<>();
        int in = input;
        for (int width : hidden) {
            layers.add(new LayerShape(layers.size(), in, width, activation));
            in = width;
        }
        layers.add(new LayerShape(layers.size(), in, classes, Activation.IDENTITY));
        return layers;
    }

    /** Number of weight layers, the classifier included. */
    public int depth() {
        return hidden.size() + 1;
    }

    /** Sum of the hidden widths: the size of the projected feedback for DFA. */
    public int totalHiddenWidth() {
        return hidden.stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * The network in the usual short form, e.g. "784-1024-1024-10 tanh" or "gcn 1433-16-7 relu".
     */
    public String describe() {
        StringBuilder widths = new StringBuilder(kind == Kind.GCN ? "gcn " : "").append(input);
        hidden.forEach(width -> widths.append('-').append(width));
        return widths.append('-')
                .append(classes)
                .append(' ')
                .append(activation.name().toLowerCase())
                .toString();
    }

    /** Problems with this network, each prefixed by {@code path}; empty when valid. */
    public List<String> problems(String path) {
        List<String> problems = new ArrayList<>();
        if (kind == null) {
            problems.add(path + ".kind must be one of dense, gcn");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            problems.add(path + ".dropout must be in [0, 1), got " + dropout);
        } else if (dropout > 0 && kind == Kind.DENSE) {
            problems.add(path + ".dropout applies to gcn networks only, got " + dropout);
        }
        if (input <= 0) {
            problems.add(path + ".input must be a positive width, got " + input);
        }
        if (classes < 2) {
            problems.add(path + ".classes must be at least 2, got " + classes);
        }
        for (int i = 0; i < hidden.size(); i++) {
            if (hidden.get(i) == null || hidden.get(i) <= 0) {
                problems.add(
                        path + ".hidden[" + i + "] must be a positive width, got " + hidden.get(i));
            }
        }
        if (activation == null || activation == Activation.IDENTITY) {
            problems.add(
                    path + ".activation must be one of tanh, relu, sigmoid, got " + activation);
        }
        return problems;
    }
}
