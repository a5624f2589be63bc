package io.photonflow.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureOutliersTest {

    @Test
    void findsTheExampleWithAFeatureFarBeyondTheTypicalLargestOne() {
        FeatureOutliers outliers = new FeatureOutliers();
        outliers.add(new float[] {0.5f, -2f, 1f}); // largest 2
        outliers.add(new float[] {3f, 0f, 0f}); // largest 3
        outliers.add(new float[] {0f, 0f, 3e38f});
        outliers.add(new float[] {1f, 1f, -4f}); // largest 4
        outliers.add(new float[] {-2500f, 1f, 1f}); // below 1000 times the median, 3

        List<FeatureOutliers.Outlier> found = outliers.find();

        // The median of 2, 3, 3e38, 4, 2500 is 4; 3e38 alone is over 4000.
        assertThat(found).containsExactly(new FeatureOutliers.Outlier(2, 2, 3e38f, 4));
        assertThat(found.get(0).reason())
                .isEqualTo(
                        "feature 2 is 3.0E38, over 1000 times the largest feature of a typical"
                                + " training example (4.0, the median): standardization would"
                                + " follow it alone");
    }

    @Test
    void theMedianLeavesOutAllZeroExamplesAndWithstandsSeveralOutliers() {
        FeatureOutliers outliers = new FeatureOutliers();
        for (int i = 0; i < 2000; i++) {
            outliers.add(new float[] {i % 2 == 0 ? 0f : 1f, 0f});
        }
        outliers.add(new float[] {0f, -1e6f});
        outliers.add(new float[] {2e5f, 0f});

        // 1,000 examples of largest 1 and two outliers: the median is 1.
        assertThat(outliers.find())
                .extracting(FeatureOutliers.Outlier::example, FeatureOutliers.Outlier::value)
                .containsExactly(tuple(2000, -1e6f), tuple(2001, 2e5f));
    }

    @Test
    void findsNoneAmongOrdinaryOrAllZeroExamples() {
        FeatureOutliers ordinary = new FeatureOutliers();
        ordinary.add(new float[] {1f, 2f});
        ordinary.add(new float[] {-900f, 2f});
        FeatureOutliers zeros = new FeatureOutliers();
        zeros.add(new float[] {0f, 0f});

        assertThat(ordinary.find()).isEmpty();
        assertThat(zeros.find()).isEmpty();
    }
}
