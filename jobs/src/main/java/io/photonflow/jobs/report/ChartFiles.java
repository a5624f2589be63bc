package io.photonflow.jobs.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;

/**
 * Draws figures into files: each as {@code NAME.png} and {@code NAME.svg}.
 *
 * <p>The charts are XChart's: a small, maintained Java library (Apache 2.0, no dependency beyond
 * its SVG writer) whose charts render straight to PNG and, through VectorGraphics2D, to SVG, with
 * error bars and annotation lines built in. JFreeChart would need JFreeSVG besides and more code
 * per chart for the same plots.
 */
public final class ChartFiles {

    private ChartFiles() {}

    /**
     * A figure drawn into files.
     *
     * @param name the file stem
     * @param caption what it shows
     * @param png the PNG file
     * @param svg the SVG file
     */
    public record Plot(String name, String caption, Path png, Path svg) {}

    /** Draws every figure into {@code directory} (created when missing). */
    public static List<Plot> write(Path directory, List<Figure> figures) throws IOException {
        List<Plot> plots = new ArrayList<>();
        for (Figure figure : figures) {
            plots.add(write(directory, figure));
        }
        return plots;
    }

    /** Draws {@code figure} into {@code directory} (created when missing). */
    public static Plot write(Path directory, Figure figure) throws IOException {
        Files.createDirectories(directory);
        Path png = directory.resolve(figure.name() + ".png");
        Path svg = directory.resolve(figure.name() + ".svg");
        try (OutputStream out = Files.newOutputStream(png)) {
            BitmapEncoder.saveBitmap(figure.chart(), out, BitmapEncoder.BitmapFormat.PNG);
        }
        try (OutputStream out = Files.newOutputStream(svg)) {
            VectorGraphicsEncoder.saveVectorGraphic(
                    figure.chart(), out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        }
        return new Plot(figure.name(), figure.caption(), png, svg);
    }
}
