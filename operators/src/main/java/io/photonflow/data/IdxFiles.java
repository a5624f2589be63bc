package io.photonflow.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the idx format of MNIST and Fashion-MNIST (big-endian header, then unsigned bytes),
 * gzip-compressed or plain; compression is recognised by the gzip magic number, not by the file
 * name. Anything that does not match the header exactly, trailing bytes included, is a {@link
 * DataFormatException}: a silently shortened or shifted data set would train without complaint.
 */
public final class IdxFiles {

    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;

    private static final int GZIP_MAGIC = 0x1f8b;
    private static final int BUFFER_SIZE = 1 << 16;
    // The largest Java array; a header promising more describes a corrupt file, not a big one.
    private static final long MAX_ITEMS_BYTES = Integer.MAX_VALUE - 8;

    private IdxFiles() {}

    /** Reads an idx3 image file (magic 2051: count, rows, cols, then the pixels). */
    public static IdxImages readImages(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            checkMagic(file, in, IMAGES_MAGIC, "an idx3 image file");
            int count = readDimension(file, in, "image count");
            int rows = readDimension(file, in, "row count");
            int cols = readDimension(file, in, "column count");
            String shape = rows + "x" + cols;
            if (rows == 0 || cols == 0) {
                throw new DataFormatException(file, "images of " + shape + " are empty");
            }
            byte[] pixels = readItems(file, in, count, (long) rows * cols, "images of " + shape);
            return new IdxImages(count, rows, cols, pixels);
        } catch (ZipException | EOFException e) {
            throw unreadable(file, e);
        }
    }

    /** Reads an idx1 label file (magic 2049: count, then one unsigned byte per label). */
    public static int[] readLabels(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            checkMagic(file, in, LABELS_MAGIC, "an idx1 label file");
            int count = readDimension(file, in, "label count");
            byte[] bytes = readItems(file, in, count, 1, "labels");
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = bytes[i] & 0xFF;
            }
            return labels;
        } catch (ZipException | EOFException e) {
            throw unreadable(file, e);
        }
    }

    /**
     * Reads the idx1 label file of {@code images} (read from {@code imagesFile}), which must hold
     * one label per image.
     */
    public static int[] readLabels(Path labelsFile, Path imagesFile, IdxImages images)
            throws IOException {
        int[] labels = readLabels(labelsFile);
        if (labels.length != images.count()) {
            throw new DataFormatException(
                    imagesFile
                            + " has "
                            + images.count()
                            + " images but "
                            + labelsFile
                            + " has "
                            + labels.length
                            + " labels");
        }
        return labels;
    }

    private static DataInputStream open(Path file) throws IOException {
        BufferedInputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER_SIZE);
        try {
            raw.mark(2);
            boolean gzip = startsWithGzipMagic(raw);
            raw.reset();
            InputStream content = gzip ? new GZIPInputStream(raw, BUFFER_SIZE) : raw;
            return new DataInputStream(content);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    private static boolean startsWithGzipMagic(InputStream in) throws IOException {
        int first = in.read();
        int second = in.read();
        return ((first << 8) | second) == GZIP_MAGIC;
    }

    private static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return startsWithGzipMagic(in);
        }
    }

    private static void checkMagic(Path file, DataInputStream in, int expected, String kind)
            throws IOException {
        int magic = readHeaderInt(file, in);
        if (magic == expected) {
            return;
        }
        String problem =
                String.format(
                        "bad magic number 0x%08x, expected 0x%08x (%d) for %s",
                        magic, expected, expected, kind);
        if (magic == IMAGES_MAGIC) {
            problem += "; this is an idx3 image file";
        } else if (magic == LABELS_MAGIC) {
            problem += "; this is an idx1 label file";
        } else if (file.getFileName().toString().endsWith(".gz") && !isGzip(file)) {
            // A .gz name on content that is neither gzip nor idx is the likelier mistake.
            problem = "not a gzip file, and " + problem;
        }
        throw new DataFormatException(file, problem);
    }

    private static int readDimension(Path file, DataInputStream in, String what)
            throws IOException {
        int value = readHeaderInt(file, in);
        if (value < 0) {
            throw new DataFormatException(
                    file, "negative " + what + " " + value + " in the header");
        }
        return value;
    }

    private static int readHeaderInt(Path file, DataInputStream in) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw new DataFormatException(file, "truncated: the file ends inside its header", e);
        }
    }

    /** Reads {@code count} items of {@code itemBytes} each and checks nothing follows them. */
    private static byte[] readItems(
            Path file, InputStream in, int count, long itemBytes, String what) throws IOException {
        // Checking the item size first keeps the product below overflow.
        if (itemBytes > MAX_ITEMS_BYTES || count * itemBytes > MAX_ITEMS_BYTES) {
            throw new DataFormatException(
                    file,
                    "header says "
                            + count
                            + " "
                            + what
                            + ", more than "
                            + MAX_ITEMS_BYTES
                            + " bytes, the most this reader accepts");
        }
        long total = count * itemBytes;
        byte[] items = new byte[(int) total];
        int read = readUpTo(in, items);
        if (read < items.length) {
            throw new DataFormatException(
                    file,
                    "truncated: header says "
                            + count
                            + " "
                            + what
                            + " but the file ends after "
                            + read / itemBytes
                            + " of them");
        }
        long extra = in.transferTo(OutputStream.nullOutputStream());
        if (extra > 0) {
            throw new DataFormatException(file, extra + " unexpected bytes after the last item");
        }
        return items;
    }

    /** Fills {@code buffer} as far as the stream goes; a cut-off gzip stream counts as its end. */
    private static int readUpTo(InputStream in, byte[] buffer) throws IOException {
        int total = 0;
        try {
            while (total < buffer.length) {
                int read = in.read(buffer, total, buffer.length - total);
                if (read < 0) {
                    break;
                }
                total += read;
            }
        } catch (EOFException e) {
            // GZIPInputStream reports a truncated stream this way; the bytes so far are valid.
        }
        return total;
    }

    private static DataFormatException unreadable(Path file, IOException e) {
        String problem =
                e instanceof ZipException
                        ? "corrupt gzip data (" + e.getMessage() + ")"
                        : "truncated: the gzip stream ends early (" + e.getMessage() + ")";
        return new DataFormatException(file, problem, e);
    }
}
