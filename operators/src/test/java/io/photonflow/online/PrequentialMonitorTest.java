package io.photonflow.online;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PrequentialMonitorTest {

    private static final int BATCH = 50;

    @Test
    void aFallingErrorIsLearningAndARisingOneIsDrift() {
        PrequentialMonitor monitor = monitor(DriftReaction.none());
        Random random = new Random(3);
        List<Long> detectedAtSteps = new ArrayList<>();
        // Error falls from 0.9 to 0.2 over 40 steps (the model learns), then jumps to 0.95.
        for (int step = 1; step <= 60; step++) {
            double error = step <= 40 ? 0.9 - 0.7 * (step - 1) / 39.0 : 0.95;
            for (PrequentialMonitor.Detection d :
                    observe(monitor, step, error, random).detections()) {
                detectedAtSteps.add(d.step());
            }
        }
        assertThat(detectedAtSteps).isNotEmpty().allMatch(step -> step > 40);
        assertThat(detectedAtSteps.get(0))
                .as("first detection within 10 steps of the rise")
                .isLessThanOrEqualTo(50);
    }

    @Test
    void theReactionOfADetectionStepAppliesToThatStep() {
        PrequentialMonitor reset = monitor(DriftReaction.resetOptimizer());
        PrequentialMonitor boost = monitor(DriftReaction.boostLearningRate(3, 2));
        Random resetRandom = new Random(5);
        Random boostRandom = new Random(5);
        long detection = 0;
        for (int step = 1; step <= 40 && detection == 0; step++) {
            double error = step <= 20 ? 0.1 : 0.9;
            PrequentialMonitor.Step resetStep = observe(reset, step, error, resetRandom);
            PrequentialMonitor.Step boostStep = observe(boost, step, error, boostRandom);
            assertThat(resetStep.detections()).isEqualTo(boostStep.detections());
            if (!resetStep.detections().isEmpty()) {
                detection = step;
                assertThat(resetStep.resetOptimizer()).isTrue();
                assertThat(boostStep.learningRateMultiplier()).isEqualTo(3.0);
            } else {
                assertThat(resetStep.resetOptimizer()).isFalse();
                assertThat(boostStep.learningRateMultiplier()).isEqualTo(1.0);
            }
        }
        assertThat(detection).isPositive();
        PrequentialMonitor.Step next = observe(boost, detection + 1, 0.9, boostRandom);
        assertThat(next.learningRateMultiplier()).as("the boost lasts 2 steps").isEqualTo(3.0);
        PrequentialMonitor.Step after = observe(boost, detection + 2, 0.9, boostRandom);
        assertThat(after.learningRateMultiplier()).isEqualTo(1.0);
    }

    @Test
    void aRestoredMonitorGoesOnExactlyAsTheOriginal() {
        PrequentialMonitor original = monitor(DriftReaction.resetOptimizer());
        Random random = new Random(9);
        for (int step = 1; step <= 15; step++) {
            observe(original, step, 0.15, random);
        }
        PrequentialMonitor restored =
                new PrequentialMonitor(settings(DriftReaction.resetOptimizer()), original.state());
        Random a = new Random(11);
        Random b = new Random(11);
        for (int step = 16; step <= 40; step++) {
            double error = step <= 25 ? 0.15 : 0.85;
            assertThat(observe(restored, step, error, b))
                    .isEqualTo(observe(original, step, error, a));
            assertThat(restored.countWindow().accuracy())
                    .isEqualTo(original.countWindow().accuracy());
        }
        assertThat(restored.state()).isEqualTo(original.state());
    }

    @Test
    void theWindowsKeepTheLastExamplesAndTheLastMillisecondsOfEventTime() {
        PrequentialMonitor monitor =
                new PrequentialMonitor(
                        new PrequentialMonitor.Settings(4, 100, null, DriftReaction.none()));
        monitor.observe(
                1,
                new boolean[] {true, true, false, false, true, true},
                new double[] {1, 1, 3, 3, 1, 1},
                new long[] {0, 10, 20, 150, 160, 170});
        assertThat(monitor.countWindow().size()).isEqualTo(4);
        assertThat(monitor.countWindow().accuracy()).isEqualTo(0.5);
        assertThat(monitor.countWindow().meanLoss()).isEqualTo(2.0);
        assertThat(monitor.timeWindow().size()).as("times in (70, 170]").isEqualTo(3);
        assertThat(monitor.timeWindow().accuracy()).isEqualTo(2.0 / 3);
    }

    private static PrequentialMonitor monitor(DriftReaction reaction) {
        return new PrequentialMonitor(settings(reaction));
    }

    private static PrequentialMonitor.Settings settings(DriftReaction reaction) {
        return new PrequentialMonitor.Settings(
                200, 60_000, DriftDetectorSpec.adwinDefaults(), reaction);
    }

    private static PrequentialMonitor.Step observe(
            PrequentialMonitor monitor, long step, double error, Random random) {
        boolean[] correct = new boolean[BATCH];
        double[] losses = new double[BATCH];
        long[] times = new long[BATCH];
        for (int i = 0; i < BATCH; i++) {
            correct[i] = random.nextDouble() >= error;
            losses[i] = correct[i] ? 0.1 : 2.0;
            times[i] = step * BATCH + i;
        }
        return monitor.observe(step, correct, losses, times);
    }
}
