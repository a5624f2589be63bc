package io.photonflow.data;

/**
 * The contents of an idx3 image file.
 *
 * @param count number of images
 * @param rows pixel rows per image
 * @param cols pixel columns per image
 * @param pixels unsigned grey levels, image after image, row-major
 */
public record IdxImages(int count, int rows, int cols, byte[] pixels) {

    /** Features per image. */
    public int pixelsPerImage() {
        return rows * cols;
    }
}
