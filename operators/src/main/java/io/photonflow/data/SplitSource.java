package io.photonflow.data;

import java.io.Serializable;
import java.util.List;

/**
 * Where the examples of one split (train, test) are read from: either a pair of idx files or an
 * Avro container file of {@code io.photonflow.avro.Example} records. Bound from job configs.
 *
 * @param images path of the idx3 image file (plain or gzip), with {@code labels}
 * @param labels path of the idx1 label file (plain or gzip), with {@code images}
 * @param avro path of an Avro container file of examples, instead of the idx pair
 */
public record SplitSource(String images, String labels, String avro) implements Serializable {

    /** Whether this split is read from an Avro file rather than an idx pair. */
    public boolean usesAvro() {
        return given(avro);
    }

    /** Problems with this configuration, each prefixed by {@code path}; empty when valid. */
    public List<String> problems(String path) {
        boolean idx = given(images) || given(labels);
        if (usesAvro() && idx) {
            return List.of(path + ": give either images and labels (idx files) or avro, not both");
        }
        if (!usesAvro() && !idx) {
            return List.of(path + ": give either images and labels (idx files) or avro");
        }
        if (usesAvro() || given(images) && given(labels)) {
            return List.of();
        }
        return List.of(path + (given(images) ? ".labels" : ".images") + " is missing");
    }

    private static boolean given(String value) {
        return value != null && !value.isBlank();
    }
}
