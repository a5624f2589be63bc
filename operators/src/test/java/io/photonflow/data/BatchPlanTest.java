package io.photonflow.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchPlanTest {

    private static final int SIZE = 103;
    private static final int BATCH = 10;

    @Test
    void countsAPartialLastBatchAsAStep() {
        assertThat(new BatchPlan(SIZE, BATCH, 1).stepsPerEpoch()).isEqualTo(11);
        assertThat(new BatchPlan(100, BATCH, 1).stepsPerEpoch()).isEqualTo(10);
        assertThat(new BatchPlan(3, BATCH, 1).stepsPerEpoch()).isEqualTo(1);
    }

    @Test
    void everyEpochVisitsEveryRowExactlyOnce() {
        BatchPlan plan = new BatchPlan(SIZE, BATCH, 42);
        for (int epoch = 0; epoch < 3; epoch++) {
            assertThat(epochOrder(plan, epoch))
                    .containsExactlyInAnyOrderElementsOf(IntStream.range(0, SIZE).boxed().toList());
        }
    }

    @Test
    void lastBatchHoldsTheRemainder() {
        BatchPlan plan = new BatchPlan(SIZE, BATCH, 42);

        assertThat(plan.batch(0, 0)).hasSize(BATCH);
        assertThat(plan.batch(0, 10)).hasSize(3);
    }

    @Test
    void sameSeedGivesTheSameOrder() {
        assertThat(epochOrder(new BatchPlan(SIZE, BATCH, 42), 2))
                .isEqualTo(epochOrder(new BatchPlan(SIZE, BATCH, 42), 2));
    }

    @Test
    void epochsAreShuffledDifferently() {
        BatchPlan plan = new BatchPlan(SIZE, BATCH, 42);

        assertThat(epochOrder(plan, 0)).isNotEqualTo(epochOrder(plan, 1));
        assertThat(epochOrder(plan, 0)).isNotEqualTo(IntStream.range(0, SIZE).boxed().toList());
    }

    @Test
    void seedsShuffleDifferently() {
        assertThat(epochOrder(new BatchPlan(SIZE, BATCH, 1), 0))
                .isNotEqualTo(epochOrder(new BatchPlan(SIZE, BATCH, 2), 0));
    }

    @Test
    void batchesDoNotDependOnTheOrderTheyAreAskedFor() {
        BatchPlan plan = new BatchPlan(SIZE, BATCH, 42);
        int[] fresh = new BatchPlan(SIZE, BATCH, 42).batch(0, 4);

        plan.batch(1, 7);
        plan.batch(0, 9);
        plan.batch(3, 0);

        assertThat(plan.batch(0, 4)).isEqualTo(fresh);
    }

    @Test
    void batchesAreCopiesOfTheCachedOrder() {
        BatchPlan plan = new BatchPlan(SIZE, BATCH, 42);
        int[] first = plan.batch(0, 0);
        int expected = first[0];
        first[0] = -1;

        assertThat(plan.batch(0, 0)[0]).isEqualTo(expected);
    }

    @Test
    void keepsItsOrderAcrossJavaSerialization() throws Exception {
        BatchPlan plan = new BatchPlan(SIZE, BATCH, 42);
        int[] before = plan.batch(1, 3);

        assertThat(roundTrip(plan).batch(1, 3)).isEqualTo(before);
    }

    @Test
    void rejectsStepsOutsideTheEpoch() {
        BatchPlan plan = new BatchPlan(SIZE, BATCH, 42);

        assertThatThrownBy(() -> plan.batch(0, 11))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("11 minibatches");
        assertThatThrownBy(() -> plan.batch(-1, 0)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void rejectsAnEmptyDatasetOrBatch() {
        assertThatThrownBy(() -> new BatchPlan(0, BATCH, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BatchPlan(SIZE, 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static List<Integer> epochOrder(BatchPlan plan, int epoch) {
        List<Integer> order = new ArrayList<>();
        for (int step = 0; step < plan.stepsPerEpoch(); step++) {
            for (int row : plan.batch(epoch, step)) {
                order.add(row);
            }
        }
        return order;
    }

    private static BatchPlan roundTrip(BatchPlan plan) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(plan);
        }
        try (ObjectInputStream in =
                new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (BatchPlan) in.readObject();
        }
    }
}
