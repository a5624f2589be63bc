package io.photonflow.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScheduleTest {

    private final Schedule schedule = new Schedule(2, 3, 0, 2);

    @Test
    void eachEpochTrainsThenEvaluatesWithItsLastWeights() {
        assertThat(schedule.length()).isEqualTo(10);
        assertThat(schedule.totalSteps()).isEqualTo(6);
        assertThat(schedule.item(0)).isEqualTo(new Schedule.Item(Phase.TRAIN, 0, 0, 1, false));
        assertThat(schedule.item(2)).isEqualTo(new Schedule.Item(Phase.TRAIN, 0, 2, 3, true));
        assertThat(schedule.item(3)).isEqualTo(new Schedule.Item(Phase.TEST, 0, 0, 3, false));
        assertThat(schedule.item(4)).isEqualTo(new Schedule.Item(Phase.TEST, 0, 1, 3, false));
        assertThat(schedule.item(5)).isEqualTo(new Schedule.Item(Phase.TRAIN, 1, 0, 4, false));
        assertThat(schedule.item(9)).isEqualTo(new Schedule.Item(Phase.TEST, 1, 1, 6, false));
        assertThatThrownBy(() -> schedule.item(10)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void validationComesBeforeTest() {
        Schedule graph = new Schedule(3, 1, 1, 1);
        assertThat(graph.length()).isEqualTo(9);
        assertThat(graph.item(3)).isEqualTo(new Schedule.Item(Phase.TRAIN, 1, 0, 2, true));
        assertThat(graph.item(4)).isEqualTo(new Schedule.Item(Phase.VALIDATION, 1, 0, 2, false));
        assertThat(graph.item(5)).isEqualTo(new Schedule.Item(Phase.TEST, 1, 0, 2, false));
        assertThat(graph.batches(Phase.VALIDATION)).isEqualTo(1);
    }

    @Test
    void stalenessDecidesWhichVersionAForwardPassUses() {
        TrainingSpec synchronous = new TrainingSpec(8, 1, 0, 8);
        TrainingSpec stale = new TrainingSpec(8, 1, 2, 8);
        assertThat(synchronous.requiredVersion(1, 0)).isZero();
        assertThat(synchronous.requiredVersion(5, 0)).isEqualTo(4);
        assertThat(stale.requiredVersion(3, 0)).isZero();
        assertThat(stale.requiredVersion(4, 0)).isEqualTo(1);
        assertThat(stale.requiredVersion(10, 0)).isEqualTo(7);
    }

    /**
     * Epochs of 4 steps at staleness 2: the first steps of an epoch use the weights the epoch
     * started from (version 4 for steps 5 and 6, version 8 for steps 9 and 10), later steps the
     * stale version as usual (step 7: version 4, step 8: version 5).
     */
    @Test
    void stalenessReachesNoFurtherBackThanTheEpochsStart() {
        TrainingSpec stale = new TrainingSpec(8, 3, 2, 8);
        assertThat(stale.requiredVersion(3, 4)).isZero();
        assertThat(stale.requiredVersion(4, 4)).isEqualTo(1);
        assertThat(stale.requiredVersion(5, 4)).isEqualTo(4);
        assertThat(stale.requiredVersion(6, 4)).isEqualTo(4);
        assertThat(stale.requiredVersion(7, 4)).isEqualTo(4);
        assertThat(stale.requiredVersion(8, 4)).isEqualTo(5);
        assertThat(stale.requiredVersion(9, 4)).isEqualTo(8);
        assertThat(stale.requiredVersion(10, 4)).isEqualTo(8);
    }
}
