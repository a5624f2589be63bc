package io.photonflow.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

/**
 * Builds idx file contents, well-formed or deliberately broken, for tests (also the jobs tests,
 * through the test jar).
 */
public final class IdxTestFiles {

    private IdxTestFiles() {}

    /** An idx3 image file: the header as given, then {@code pixels} as they are. */
    static byte[] images(int magic, int count, int rows, int cols, byte[] pixels) {
        return bytes(new int[] {magic, count, rows, cols}, pixels);
    }

    public static byte[] images(int count, int rows, int cols, byte[] pixels) {
        return images(IdxFiles.IMAGES_MAGIC, count, rows, cols, pixels);
    }

    /** An idx1 label file with one byte per label. */
    public static byte[] labels(int... labels) {
        byte[] bytes = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            bytes[i] = (byte) labels[i];
        }
        return bytes(new int[] {IdxFiles.LABELS_MAGIC, labels.length}, bytes);
    }

    public static byte[] gzip(byte[] content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** {@code count} pixels counting up from {@code first}, wrapping past 255. */
    public static byte[] pixels(int count, int first) {
        byte[] pixels = new byte[count];
        for (int i = 0; i < count; i++) {
            pixels[i] = (byte) (first + i);
        }
        return pixels;
    }

    private static byte[] bytes(int[] header, byte[] body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            for (int value : header) {
                out.writeInt(value);
            }
            out.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
