package io.photonflow.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.photonflow.jobs.bench.OpuFidelity;
import io.photonflow.math.projection.OpuSettings;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

class FidelityChartTest {

    /**
     * The 8-bit rows by read noise, without and with shot noise, in noise order whatever the
     * table's; the 6-bit row is left to the table.
     */
    @Test
    void cosinesOverReadNoiseWithoutAndWithShotNoise() {
        OpuSettings off = OpuSettings.defaults().withNoise(false, 0);
        List<OpuFidelity.Row> rows =
                List.of(
                        new OpuFidelity.Row("8-bit, noise off", off, 0.99, 0.98),
                        new OpuFidelity.Row("read 4", off.withNoise(false, 4), 0.6, 0.5),
                        new OpuFidelity.Row("read 1", off.withNoise(false, 1), 0.9, 0.85),
                        new OpuFidelity.Row("shot", off.withNoise(true, 0), 0.97, 0.9),
                        new OpuFidelity.Row("shot + read 4", off.withNoise(true, 4), 0.55, 0.4),
                        new OpuFidelity.Row("6-bit", off.withBitDepth(6), 0.95, 0.9));

        XYChart chart = (XYChart) FidelityChart.of(rows).chart();

        XYSeries readOnly = chart.getSeriesMap().get("read noise only");
        assertThat(readOnly.getXData()).containsExactly(0, 1, 4);
        assertThat(readOnly.getYData()).containsExactly(0.99, 0.9, 0.6);
        XYSeries withShot = chart.getSeriesMap().get("shot + read noise");
        assertThat(withShot.getXData()).containsExactly(0, 4);
        assertThat(withShot.getYData()).containsExactly(0.97, 0.55);
    }
}
