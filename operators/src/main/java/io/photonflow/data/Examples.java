package io.photonflow.data;

import io.photonflow.avro.Example;
import java.util.List;

/** Conversions between {@link Example} records and the float arrays the math works on. */
public final class Examples {

    private Examples() {}

    public static Example toExample(String id, float[] features, int label) {
        return new Example(id, boxed(features), label);
    }

    /** An example without a label, as a stream may carry to predict on. */
    public static Example unlabelled(String id, float[] features) {
        return new Example(id, boxed(features), null);
    }

    /** The features of {@code example}, whatever their number, as an array of their own. */
    public static float[] features(Example example) {
        return FloatList.toArray(example.getFeatures());
    }

    private static List<Float> boxed(float[] features) {
        return FloatList.of(features.clone());
    }
}
