package io.photonflow.data;

import java.nio.file.Path;

/**
 * The content of an idx3 image file.
 *
 * @param count number of images
 * @param rows height of every image
 * @param cols width of every image
 * @param pixels unsigned bytes, image after image, each row-major ({@code count * rows * cols})
 */
public record IdxImages(int count, int rows, int cols, byte[] pixels) {

    public IdxImages {
        if (count < 0 || rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException(
                    "invalid image shape: " + count + " images of " + rows + "x" + cols);
        }
        if (pixels.length != (long) count * rows * cols) {
            throw new IllegalArgumentException(
                    count
                            + " images of "
                            + rows
                            + "x"
                            + cols
                            + " need "
                            + (long) count * rows * cols
                            + " pixels, got "
                            + pixels.length);
        }
    }

    /** Pixels per image: the feature count of an example built from one. */
    public int featureCount() {
        return rows * cols;
    }

    /**
     * Fails unless every image has {@code expected} pixels.
     *
     * @param file where the images were read from, for the message
     * @param input what expects them, e.g. "the network input"
     */
    public void requireFeatureCount(Path file, int expected, String input) {
        if (featureCount() != expected) {
            throw new IllegalArgumentException(
                    file
                            + ": images are "
                            + rows
                            + "x"
                            + cols
                            + " = "
                            + featureCount()
                            + " features but "
                            + input
                            + " is "
                            + expected);
        }
    }

    /** Writes image {@code image}'s pixels into {@code row} as features in [0, 1]. */
    public void features(int image, float[] row) {
        int offset = image * featureCount();
        for (int j = 0; j < row.length; j++) {
            row[j] = (pixels[offset + j] & 0xFF) / 255f;
        }
    }
}
