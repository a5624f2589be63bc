package io.photonflow.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

public class ChartFilesTest {

    @TempDir Path dir;

    @Test
    void batchRunDrawsLossAccuracyEpochAndAlignmentCharts() throws Exception {
        List<ChartFiles.Plot> plots =
                ChartFiles.write(
                        dir.resolve("plots"),
                        RunCharts.of(RunSeries.of(RunRecordsFixture.batchRun(dir))));

        assertThat(plots)
                .extracting(ChartFiles.Plot::name)
                .containsExactly(
                        "training-loss", "training-accuracy", "epoch-accuracy", "alignment");
        for (ChartFiles.Plot plot : plots) {
            assertDrawn(plot);
        }
    }

    @Test
    void onlineRunDrawsThePrequentialAccuracy() throws Exception {
        List<ChartFiles.Plot> plots =
                ChartFiles.write(
                        dir.resolve("plots"),
                        RunCharts.of(RunSeries.of(RunRecordsFixture.onlineRun(dir))));

        assertThat(plots)
                .extracting(ChartFiles.Plot::name)
                .containsExactly("training-loss", "training-accuracy", "prequential-accuracy");
        for (ChartFiles.Plot plot : plots) {
            assertDrawn(plot);
        }
    }

    /** The PNG decodes to the charts' size; the SVG parses as XML, an svg element of that size. */
    public static void assertDrawn(ChartFiles.Plot plot) throws Exception {
        BufferedImage image = ImageIO.read(plot.png().toFile());
        assertThat(image).as("%s decodes", plot.png()).isNotNull();
        assertThat(image.getWidth()).isEqualTo(800);
        assertThat(image.getHeight()).isEqualTo(450);
        Element svg = parseXml(plot.svg());
        assertThat(svg.getTagName()).isEqualTo("svg");
        assertThat(svg.getAttribute("width")).isEqualTo("800px");
        assertThat(svg.getAttribute("height")).isEqualTo("450px");
        assertThat(svg.getElementsByTagName("path").getLength()).isPositive();
    }

    private static Element parseXml(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        // The file names the SVG 1.1 DTD; parsing must not fetch it.
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        try {
            return factory.newDocumentBuilder().parse(file.toFile()).getDocumentElement();
        } catch (IOException e) {
            throw new AssertionError(file + " is not readable XML", e);
        }
    }
}
