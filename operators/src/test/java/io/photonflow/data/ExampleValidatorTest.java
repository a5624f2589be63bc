package io.photonflow.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExampleValidatorTest {

    private final ExampleValidator validator = new ExampleValidator(4, 10);

    @Test
    void acceptsAFiniteExampleWithAKnownLabel() {
        assertThat(validator.check(new float[] {0, -1.5f, 3, Float.MAX_VALUE}, 9)).isEmpty();
        assertThat(validator.check(new float[4], 0)).isEmpty();
    }

    @Test
    void rejectsTheWrongNumberOfFeatures() {
        assertThat(validator.check(new float[3], 1)).hasValue("has 3 features, expected 4");
        assertThat(validator.check(new float[5], 1)).hasValue("has 5 features, expected 4");
    }

    @Test
    void rejectsNaNNamingTheFeature() {
        assertThat(validator.check(new float[] {0, 0, Float.NaN, 0}, 1))
                .hasValue("feature 2 is NaN");
    }

    @Test
    void rejectsInfinitiesNamingTheFeature() {
        assertThat(validator.check(new float[] {0, 0, 0, Float.POSITIVE_INFINITY}, 1))
                .hasValue("feature 3 is Infinity");
        assertThat(validator.check(new float[] {Float.NEGATIVE_INFINITY, 0, 0, 0}, 1))
                .hasValue("feature 0 is -Infinity");
    }

    @Test
    void rejectsLabelsOutsideTheClasses() {
        assertThat(validator.check(new float[4], 12)).hasValue("label 12 is outside [0, 10)");
        assertThat(validator.check(new float[4], 10)).hasValue("label 10 is outside [0, 10)");
        assertThat(validator.check(new float[4], -1)).hasValue("label -1 is outside [0, 10)");
    }

    @Test
    void checksFeaturesAloneForExamplesWithoutALabel() {
        assertThat(validator.checkFeatures(new float[4])).isEmpty();
        assertThat(validator.checkFeatures(new float[3])).hasValue("has 3 features, expected 4");
        assertThat(validator.checkFeatures(new float[] {0, Float.NaN, 0, 0}))
                .hasValue("feature 1 is NaN");
    }

    @Test
    void checksALabelAlone() {
        assertThat(validator.checkLabel(0)).isEmpty();
        assertThat(validator.checkLabel(9)).isEmpty();
        assertThat(validator.checkLabel(10)).hasValue("label 10 is outside [0, 10)");
    }

    @Test
    void reportsFeaturesBeforeTheLabel() {
        assertThat(validator.check(new float[3], 12)).hasValue("has 3 features, expected 4");
    }
}
