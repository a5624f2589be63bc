package io.photonflow.math;

import java.util.function.IntToDoubleFunction;

/**
 * Counts of (true class, predicted class) over labelled examples, and the per-class precision,
 * recall and F1 they give. An undefined ratio (a class never predicted, or absent from the data) is
 * 0, as scikit-learn's {@code zero_division=0} has it, so that every figure is a number.
 */
public final class ConfusionMatrix {

    private final long[][] counts;

    /** An empty matrix over {@code classes} classes. */
    public ConfusionMatrix(int classes) {
        if (classes <= 0) {
            throw new IllegalArgumentException("classes must be positive, got " + classes);
        }
        this.counts = new long[classes][classes];
    }

    /** Counts one example of class {@code actual} predicted as {@code predicted}. */
    public void add(int actual, int predicted) {
        checkClass(actual, "actual");
        checkClass(predicted, "predicted");
        counts[actual][predicted]++;
    }

    public int classes() {
        return counts.length;
    }

    /** Examples of class {@code actual} predicted as {@code predicted}. */
    public long count(int actual, int predicted) {
        return counts[actual][predicted];
    }

    /** All examples counted: the sum of every cell. */
    public long total() {
        long total = 0;
        for (int c = 0; c < counts.length; c++) {
            total += support(c);
        }
        return total;
    }

    /** Examples of class {@code c}: its row sum. */
    public long support(int c) {
        long sum = 0;
        for (long count : counts[c]) {
            sum += count;
        }
        return sum;
    }

    /** Examples predicted as class {@code c}: its column sum. */
    public long predicted(int c) {
        long sum = 0;
        for (long[] row : counts) {
            sum += row[c];
        }
        return sum;
    }

    /** Examples on the diagonal. */
    public long correct() {
        long correct = 0;
        for (int c = 0; c < counts.length; c++) {
            correct += counts[c][c];
        }
        return correct;
    }

    /** Fraction of examples on the diagonal; NaN when there are none. */
    public double accuracy() {
        long total = total();
        return total == 0 ? Double.NaN : (double) correct() / total;
    }

    /** Of the examples predicted as {@code c}, the fraction that are of class {@code c}. */
    public double precision(int c) {
        return ratio(counts[c][c], predicted(c));
    }

    /** Of the examples of class {@code c}, the fraction predicted as {@code c}. */
    public double recall(int c) {
        return ratio(counts[c][c], support(c));
    }

    /** The harmonic mean of precision and recall of class {@code c}. */
    public double f1(int c) {
        // 2 TP / (2 TP + FP + FN): the same as 2 P R / (P + R), without dividing by 0 twice.
        return ratio(2 * counts[c][c], support(c) + predicted(c));
    }

    /** The mean precision over the classes that occur (in the data or the predictions). */
    public double macroPrecision() {
        return macro(this::precision);
    }

    /** The mean recall over the classes that occur (in the data or the predictions). */
    public double macroRecall() {
        return macro(this::recall);
    }

    /** The mean F1 over the classes that occur (in the data or the predictions). */
    public double macroF1() {
        return macro(this::f1);
    }

    private double macro(IntToDoubleFunction perClass) {
        double sum = 0;
        int occurring = 0;
        for (int c = 0; c < counts.length; c++) {
            if (support(c) + predicted(c) > 0) {
                sum += perClass.applyAsDouble(c);
                occurring++;
            }
        }
        return occurring == 0 ? Double.NaN : sum / occurring;
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? 0 : (double) numerator / denominator;
    }

    private void checkClass(int c, String what) {
        if (c < 0 || c >= counts.length) {
            throw new IllegalArgumentException(
                    what + " class " + c + " is outside [0, " + counts.length + ")");
        }
    }
}
