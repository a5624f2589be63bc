package io.photonflow.data;

import io.photonflow.avro.Example;
import java.util.ArrayList;
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

    /** The features of {@code example}, whatever their number. */
    public static float[] features(Example example) {
        List<Float> boxed = example.getFeatures();
        float[] features = new float[boxed.size()];
        for (int i = 0; i < features.length; i++) {
            features[i] = boxed.get(i);
        }
        return features;
    }

    private static List<Float> boxed(float[] features) {
        List<Float> boxed = new ArrayList<>(features.length);
        for (float feature : features) {
            boxed.add(feature);
        }
        return boxed;
    }
}
