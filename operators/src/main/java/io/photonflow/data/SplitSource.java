package io.photonflow.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The file(s) of one split: an idx pair ({@code images} and {@code labels}) or an Avro container
 * file of {@link io.photonflow.avro.Example} records ({@code avro}).
 *
 * @param images idx3 image file (gzip or plain)
 * @param labels idx1 label file (gzip or plain)
 * @param avro Avro container file of Example records
 */
public record SplitSource(String images, String labels, String avro) implements Serializable {

    /** Whether this split is an Avro file rather than an idx pair. */
    public boolean isAvro() {
        return avro != null;
    }

    /** Problems with this source, each prefixed by {@code path}; empty when valid. */
    public List<String> problems(String path) {
        List<String> problems = new ArrayList<>();
        boolean idx = images != null || labels != null;
        if (idx && avro != null) {
            problems.add(path + ": give either images and labels (idx files) or avro, not both");
        } else if (avro == null) {
            if (images == null) {
                problems.add(path + ".images is missing");
            }
            if (labels == null) {
                problems.add(path + ".labels is missing");
            }
        }
        return problems;
    }
}
