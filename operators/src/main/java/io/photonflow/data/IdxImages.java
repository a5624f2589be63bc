package io.photonflow.data;

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
}
