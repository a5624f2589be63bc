package io.photonflow.jobs.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.photonflow.avro.MetricsSplit;
import io.photonflow.avro.TrainingMetrics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EpochProgressBarTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    /**
     * Two epochs of four steps: a bar per epoch, each left at 4/4 steps with its rate and the last
     * step's loss and accuracy, and the evaluation line between them.
     */
    @Test
    void aBarPerEpochWithTheEvaluationsBetween() {
        EpochProgressBar bars = new EpochProgressBar(out, 120, 8, 2);
        for (int step = 1; step <= 4; step++) {
            bars.step(train(step, 1));
        }
        bars.line("epoch 1/2  test loss 0.5000  test accuracy 80.00%");
        for (int step = 5; step <= 8; step++) {
            bars.step(train(step, 2));
        }
        bars.close();

        String text = bytes.toString(StandardCharsets.UTF_8);
        String[] lines = text.split("\n");
        assertThat(lines).hasSize(3);
        assertThat(finalState(lines[0]))
                .startsWith("epoch 1/2 100%")
                .contains("4/4 steps")
                .contains(" steps/s")
                .endsWith(" loss 0.6000  accuracy 40.00%");
        assertThat(lines[1]).isEqualTo("epoch 1/2  test loss 0.5000  test accuracy 80.00%");
        assertThat(finalState(lines[2]))
                .startsWith("epoch 2/2 100%")
                .contains("4/4 steps")
                .endsWith(" loss 0.2000  accuracy 80.00%");
    }

    /** One step per epoch (full-batch graphs): one bar over the whole run, named training. */
    @Test
    void oneBarForRunsOfOneStepPerEpoch() {
        EpochProgressBar bars = new EpochProgressBar(out, 120, 3, 3);
        for (int step = 1; step <= 3; step++) {
            bars.step(train(step, step));
        }
        bars.close();

        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(1);
        assertThat(finalState(lines[0])).startsWith("training 100%").contains("3/3 steps");
        assertThat(bars.perEpoch()).isFalse();
    }

    /** The bar redraws itself after a carriage return; the last drawing is what the user sees. */
    private static String finalState(String line) {
        String[] drawings = line.split("\r");
        return drawings[drawings.length - 1].replace("\033[K", "").strip();
    }

    private static TrainingMetrics train(long step, int epoch) {
        return TrainingMetrics.newBuilder()
                .setSplit(MetricsSplit.TRAIN)
                .setStep(step)
                .setEpoch(epoch)
                .setExamples(10)
                .setLoss(1.0 - step / 10.0)
                .setAccuracy(step / 10.0)
                .setSamplesPerSecond(1000)
                .setTimestampMillis(step)
                .build();
    }
}
