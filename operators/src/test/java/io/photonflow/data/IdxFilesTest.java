package io.photonflow.data;

import static io.photonflow.data.IdxTestFiles.gzip;
import static io.photonflow.data.IdxTestFiles.images;
import static io.photonflow.data.IdxTestFiles.labels;
import static io.photonflow.data.IdxTestFiles.pixels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFilesTest {

    @TempDir Path dir;

    @Test
    void readsGzipImagesRowMajor() throws IOException {
        byte[] pixels = pixels(2 * 3 * 4, 250);
        Path file = write("images.gz", gzip(images(2, 3, 4, pixels)));

        IdxImages images = IdxFiles.readImages(file);

        assertThat(images.count()).isEqualTo(2);
        assertThat(images.rows()).isEqualTo(3);
        assertThat(images.cols()).isEqualTo(4);
        assertThat(images.featureCount()).isEqualTo(12);
        assertThat(images.pixels()).isEqualTo(pixels);
    }

    @Test
    void readsPlainImagesEvenUnderAGzName() throws IOException {
        byte[] pixels = pixels(6, 0);
        Path file = write("images-idx3-ubyte.gz", images(1, 2, 3, pixels));

        assertThat(IdxFiles.readImages(file).pixels()).isEqualTo(pixels);
    }

    @Test
    void readsLabelsAsUnsignedValues() throws IOException {
        Path file = write("labels.gz", gzip(labels(0, 9, 200, 255)));

        assertThat(IdxFiles.readLabels(file)).containsExactly(0, 9, 200, 255);
    }

    @Test
    void readsAnEmptyLabelFile() throws IOException {
        assertThat(IdxFiles.readLabels(write("labels", labels()))).isEmpty();
    }

    @Test
    void rejectsWrongMagicNamingTheFile() throws IOException {
        Path file = write("images.gz", gzip(images(0x123, 1, 2, 2, pixels(4, 0))));

        assertThatThrownBy(() -> IdxFiles.readImages(file))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(
                        file
                                + ": bad magic number 0x00000123, expected 0x00000803 (2051) for an"
                                + " idx3 image file");
    }

    @Test
    void rejectsALabelFileGivenAsImagesSayingWhatItIs() throws IOException {
        Path file = write("labels.gz", gzip(labels(1, 2)));

        assertThatThrownBy(() -> IdxFiles.readImages(file))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(file + ": bad magic number 0x00000801")
                .hasMessageEndingWith("this is an idx1 label file");
    }

    @Test
    void rejectsAGzNamedFileThatIsNeitherGzipNorIdx() throws IOException {
        Path file = write("labels.gz", "<html>not found</html>".getBytes());

        assertThatThrownBy(() -> IdxFiles.readLabels(file))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(file + ": not a gzip file, and bad magic number");
    }

    @Test
    void rejectsTruncatedImagesSayingHowManyArrived() throws IOException {
        byte[] complete = images(5, 2, 3, pixels(5 * 6, 0));
        Path file = write("images.gz", gzip(Arrays.copyOf(complete, complete.length - 8)));

        assertThatThrownBy(() -> IdxFiles.readImages(file))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(
                        file
                                + ": truncated: header says 5 images of 2x3 but the file ends after"
                                + " 3 of them");
    }

    @Test
    void rejectsTruncatedLabels() throws IOException {
        byte[] complete = labels(1, 2, 3, 4);
        Path file = write("labels", Arrays.copyOf(complete, complete.length - 1));

        assertThatThrownBy(() -> IdxFiles.readLabels(file))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(
                        file
                                + ": truncated: header says 4 labels but the file ends after 3 of"
                                + " them");
    }

    @Test
    void rejectsACutOffGzipStream() throws IOException {
        byte[] compressed = gzip(images(100, 28, 28, pixels(100 * 784, 7)));
        Path file = write("images.gz", Arrays.copyOf(compressed, compressed.length / 2));

        assertThatThrownBy(() -> IdxFiles.readImages(file))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(file + ": truncated");
    }

    @Test
    void rejectsCorruptGzipData() throws IOException {
        byte[] compressed = gzip(labels(1, 2, 3));
        // Keep the 10-byte gzip header, garble the deflate stream after it.
        Arrays.fill(compressed, 10, compressed.length, (byte) 0xff);
        Path file = write("labels.gz", compressed);

        assertThatThrownBy(() -> IdxFiles.readLabels(file))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(file + ": corrupt gzip data");
    }

    @Test
    void rejectsBytesAfterTheLastItem() throws IOException {
        byte[] complete = labels(1, 2, 3);
        Path file = write("labels.gz", gzip(Arrays.copyOf(complete, complete.length + 2)));

        assertThatThrownBy(() -> IdxFiles.readLabels(file))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(file + ": 2 unexpected bytes after the last item");
    }

    @Test
    void rejectsANegativeCount() throws IOException {
        Path file = write("images", images(-1, 28, 28, new byte[0]));

        assertThatThrownBy(() -> IdxFiles.readImages(file))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(file + ": negative image count -1 in the header");
    }

    @Test
    void rejectsZeroSizedImages() throws IOException {
        Path file = write("images", images(3, 0, 28, new byte[0]));

        assertThatThrownBy(() -> IdxFiles.readImages(file))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(file + ": images of 0x28 are empty");
    }

    @Test
    void rejectsAHeaderPromisingMoreThanAnArrayHolds() throws IOException {
        Path file = write("images", images(100_000, 1000, 1000, new byte[0]));

        assertThatThrownBy(() -> IdxFiles.readImages(file))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(file + ": header says 100000 images of 1000x1000");
    }

    @Test
    void rejectsImagesTooLargeForAnArrayEvenWhenThereAreNone() throws IOException {
        Path file = write("images", images(0, 65_536, 65_536, new byte[0]));

        assertThatThrownBy(() -> IdxFiles.readImages(file))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(file + ": header says 0 images of 65536x65536");
    }

    @Test
    void rejectsAFileEndingInsideItsHeader() throws IOException {
        Path file = write("labels", Arrays.copyOf(labels(1, 2), 6));

        assertThatThrownBy(() -> IdxFiles.readLabels(file))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(file + ": truncated: the file ends inside its header");
    }

    @Test
    void reportsAMissingFileWithItsPath() {
        Path file = dir.resolve("nowhere.gz");

        assertThatThrownBy(() -> IdxFiles.readImages(file))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(file.toString());
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }
}
