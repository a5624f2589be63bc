package io.photonflow.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.photonflow.jobs.training.SyntheticExamples;
import io.photonflow.math.Algorithm;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The communication ledger on local clusters of one-slot TaskManagers: Flink's counters of the
 * bytes received from other TaskManagers match the count from the shapes, and show the seed paper's
 * claim: DFA's backward bytes per step do not grow with the layers' widths, BP's do, and the
 * forward bytes are the same for both.
 */
class CommunicationLedgerITCase {

    /**
     * Measured against counted: the records' framing (some 50 bytes a record, against the 2,000
     * bytes of e at batch 50) and a step's worth of sampling jitter over the 72 steps measured.
     */
    private static final double TOLERANCE = 0.08;

    @Test
    void dfaBackwardBytesStayWhileBpsGrowWithTheWidths(@TempDir Path out) throws Exception {
        List<CommunicationLedger.Row> narrow = ledger(out.resolve("narrow"), "[64,32]");
        List<CommunicationLedger.Row> wide = ledger(out.resolve("wide"), "[128,64]");

        for (List<CommunicationLedger.Row> rows : List.of(narrow, wide)) {
            for (CommunicationLedger.Row row : rows) {
                assertThat(row.forward())
                        .as("%s, %d shards: forward", row.algorithm(), row.shards())
                        .isCloseTo(row.forwardModel(), within(TOLERANCE * row.forwardModel()));
                assertThat(row.backward())
                        .as("%s, %d shards: backward", row.algorithm(), row.shards())
                        .isCloseTo(row.backwardModel(), within(TOLERANCE * row.backwardModel()));
            }
        }
        // Rows: bp at 1 and 2 shards, then dfa at 1 and 2.
        for (int i = 0; i < 2; i++) {
            assertThat(wide.get(i + 2).backwardModel())
                    .as("DFA backward, %d shards", i + 1)
                    .isEqualTo(narrow.get(i + 2).backwardModel());
            assertThat(wide.get(i).backwardModel())
                    .as("BP backward, %d shards", i + 1)
                    .isEqualTo(2 * narrow.get(i).backwardModel());
            assertThat(wide.get(i).forwardModel()).isEqualTo(wide.get(i + 2).forwardModel());
        }
        assertThat(narrow.get(3).backwardModel())
                .as("DFA backward: e once per shard")
                .isEqualTo(2 * narrow.get(2).backwardModel());
    }

    private static List<CommunicationLedger.Row> ledger(Path out, String hidden) throws Exception {
        SyntheticExampleFiles.Splits data =
                SyntheticExampleFiles.write(
                        out.resolve("data"),
                        6000,
                        100,
                        SyntheticExamples.FEATURES,
                        SyntheticExamples.CLASSES,
                        1);
        List<String> overrides =
                new ArrayList<>(
                        List.of(
                                "data.train={avro: " + data.train() + "}",
                                "data.test={avro: " + data.test() + "}",
                                "data.train-limit=6000",
                                "data.test-limit=100",
                                "network.hidden=" + hidden,
                                "training.batch-size=50",
                                "output.directory=" + out.resolve("output")));
        return new CommunicationLedger(
                        null, overrides, new LocalTrafficMeter(), new PrintStream(System.out, true))
                .run(List.of(Algorithm.BP, Algorithm.DFA), List.of(1, 2));
    }
}
