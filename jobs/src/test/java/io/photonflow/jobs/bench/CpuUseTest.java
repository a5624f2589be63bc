package io.photonflow.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Core use from /proc's counters. */
class CpuUseTest {

    @Test
    void busyTicksAreAllButIdleAndIowait() {
        String stat =
                "cpu  688462 10 66144 408839 1439 5 955 267 0 0\n"
                        + "cpu0 344608 0 31909 205704 388 0 321 122 0 0\n";
        assertThat(CpuUse.busyTicks(stat)).isEqualTo(688462 + 10 + 66144 + 5 + 955 + 267);
        assertThatThrownBy(() -> CpuUse.busyTicks("intr 1 2 3"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void processTicksAreUserAndSystemTimeAfterANameWithSpacesAndParentheses() {
        String stat =
                "4242 (java (main) x) S 1 4242 4242 0 -1 4194304 101 0 0 0 1234 567 0 0 20 0 1 0"
                        + " 586282 3133440 418";
        assertThat(CpuUse.processTicks(stat)).isEqualTo(1234 + 567);
    }

    @Test
    void usesBetweenTwoSamplesInCores() {
        CpuUse.Sample from = new CpuUse.Sample(1000, 300, 50, 0);
        // Two seconds later: 360 busy ticks of which 240 this JVM's and 40 the broker's.
        CpuUse.Sample to = new CpuUse.Sample(1360, 540, 90, 2_000_000_000L);
        CpuUse use = CpuUse.between(from, to);
        assertThat(use.thisJvm()).isCloseTo(1.2, within(1e-12));
        assertThat(use.broker()).isCloseTo(0.2, within(1e-12));
        assertThat(use.others()).isCloseTo(0.4, within(1e-12));
        assertThat(CpuUse.between(null, to)).isEqualTo(CpuUse.UNKNOWN);
        assertThat(CpuUse.between(to, from)).isEqualTo(CpuUse.UNKNOWN);
    }

    @Test
    void thisMachinesCountersAreReadable() {
        CpuUse.Sample sample = CpuUse.sample(OptionalLong.of(ProcessHandle.current().pid()));
        if (sample != null) {
            assertThat(sample.busy()).isPositive();
            assertThat(sample.self()).isPositive();
            // The same process, read a moment later: its counter can only have grown, by a few
            // ticks at most (an exact match raced with the clock tick between the two reads).
            assertThat(sample.broker()).isBetween(sample.self(), sample.self() + 100);
        }
    }
}
