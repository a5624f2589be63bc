package io.photonflow.data;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * A read-only {@code List<Float>} over a {@code float[]}: what an Avro {@code array<float>} field
 * of a generated record holds here, so that features and weights are not boxed one by one (a model
 * snapshot of the default network would be 5.6 million {@code Float}s, an example 784). {@link
 * FloatListWriter} writes it without boxing, {@link FloatListReader} reads such fields into it; any
 * other {@code List<Float>} still works wherever one does.
 */
public final class FloatList extends AbstractList<Float> implements RandomAccess {

    private final float[] values;

    private FloatList(float[] values) {
        this.values = values;
    }

    /** A view of {@code values}, which the caller must no longer change. */
    public static FloatList of(float[] values) {
        return new FloatList(values);
    }

    /** The values of {@code list} as an array of their own. */
    public static float[] toArray(List<Float> list) {
        if (list instanceof FloatList floats) {
            return floats.values.clone();
        }
        float[] array = new float[list.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = list.get(i);
        }
        return array;
    }

    /**
     * Copies {@code length} values of {@code list} from {@code from} into {@code target} at {@code
     * at}, as {@link System#arraycopy} does, without a copy of the list's own.
     */
    public static void copy(List<Float> list, int from, float[] target, int at, int length) {
        if (list instanceof FloatList floats) {
            System.arraycopy(floats.values, from, target, at, length);
            return;
        }
        for (int i = 0; i < length; i++) {
            target[at + i] = list.get(from + i);
        }
    }

    @Override
    public Float get(int index) {
        return values[index];
    }

    @Override
    public int size() {
        return values.length;
    }

    /** The value at {@code index}, unboxed. */
    public float getFloat(int index) {
        return values[index];
    }
}
