package io.photonflow.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the idx format of MNIST and Fashion-MNIST: a big-endian magic number (2051 for images,
 * 2049 for labels), the dimensions, then unsigned bytes. Files may be gzip-compressed or plain.
 */
public final class IdxFiles {

    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;
    private static final int MAX_ITEMS = 100_000_000;
    private static final int MAX_SIDE = 65_536;

    private IdxFiles() {}

    /** Reads an idx3 image file. */
    public static IdxImages readImages(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            checkMagic(file, in, IMAGES_MAGIC, "idx3 image");
            int count = dimension(file, in, "image count", MAX_ITEMS);
            int rows = dimension(file, in, "row count", MAX_SIDE);
            int cols = dimension(file, in, "column count", MAX_SIDE);
            long size = (long) count * rows * cols;
            if (size > Integer.MAX_VALUE - 8) {
                throw new DataFormatException(
                        file, count + " images of " + rows + "x" + cols + " do not fit in memory");
            }
            byte[] pixels = new byte[(int) size];
            int read = in.readNBytes(pixels, 0, pixels.length);
            if (read < pixels.length) {
                throw new DataFormatException(
                        file,
                        "truncated: the header announces " + count + " images of " + rows + "x"
                                + cols + " but the file ends after " + read / ((long) rows * cols)
                                + " of them");
            }
            checkEnd(file, in);
            return new IdxImages(count, rows, cols, pixels);
        }
    }

    /** Reads an idx1 label file. */
    public static int[] readLabels(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            checkMagic(file, in, LABELS_MAGIC, "idx1 label");
            int count = dimension(file, in, "label count", MAX_ITEMS);
            byte[] bytes = new byte[count];
            int read = in.readNBytes(bytes, 0, count);
            if (read < count) {
                throw new DataFormatException(
                        file,
                        "truncated: the header announces " + count
                                + " labels but the file ends after " + read);
            }
            checkEnd(file, in);
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = Byte.toUnsignedInt(bytes[i]);
            }
            return labels;
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int first = raw.read();
        int second = raw.read();
        raw.reset();
        boolean gzip = first == 0x1f && second == 0x8b;
        try {
            return new DataInputStream(
                    gzip ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw);
        } catch (IOException e) {
            raw.close();
            throw new DataFormatException(file, "corrupt gzip header: " + e.getMessage());
        }
    }

    private static void checkMagic(Path file, DataInputStream in, int expected, String kind)
            throws IOException {
        int magic = readInt(file, in, "magic number");
        if (magic != expected) {
            throw new DataFormatException(
                    file,
                    String.format(
                            "bad magic number 0x%08x, expected 0x%08x (%d) for an %s file",
                            magic, expected, expected, kind));
        }
    }

    private static int dimension(Path file, DataInputStream in, String what, int max)
            throws IOException {
        int value = readInt(file, in, what);
        if (value < 0 || value > max) {
            throw new DataFormatException(file, "implausible " + what + " " + value + " in the header");
        }
        return value;
    }

    private static int readInt(Path file, DataInputStream in, String what) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw new DataFormatException(file, "truncated: the file ends inside the header (" + what + ")");
        }
    }

    private static void checkEnd(Path file, DataInputStream in) throws IOException {
        long extra = 0;
        while (in.read() >= 0) {
            extra++;
            if (extra > 1 << 20) {
                break;
            }
        }
        if (extra > 0) {
            throw new DataFormatException(
                    file, (extra > 1 << 20 ? "more than " + (1 << 20) : extra)
                            + " unexpected bytes after the last item");
        }
    }
}
