package io.photonflow.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DriftDetectorSpecTest {

    @Test
    void createsTheDetectorOfItsKind() {
        DriftDetector pageHinkley = DriftDetectorSpec.pageHinkleyDefaults().create();
        assertThat(pageHinkley).isInstanceOf(PageHinkley.class);
        assertThat(pageHinkley.name()).isEqualTo("page-hinkley");
        assertThat(((PageHinkley) pageHinkley).settings())
                .isEqualTo(PageHinkley.Settings.defaults());

        DriftDetector adwin = DriftDetectorSpec.adwinDefaults().create();
        assertThat(adwin).isInstanceOf(Adwin.class);
        assertThat(adwin.name()).isEqualTo("adwin");

        Adwin.Settings fast = new Adwin.Settings(0.01, 1, 5, 5, 10);
        assertThat(((Adwin) DriftDetectorSpec.of(fast).create()).settings()).isEqualTo(fast);
        PageHinkley.Settings up = new PageHinkley.Settings(10, 0.1, 5, 1, PageHinkley.Mode.UP);
        assertThat(((PageHinkley) DriftDetectorSpec.of(up).create()).settings()).isEqualTo(up);
    }

    @Test
    void restoresOnlyAStateOfItsKind() {
        DriftDetector adwin = DriftDetectorSpec.adwinDefaults().create();
        for (int i = 0; i < 100; i++) {
            adwin.update(i % 3);
        }
        DriftDetector restored = DriftDetectorSpec.adwinDefaults().restore(adwin.state());
        assertThat(restored.state()).isEqualTo(adwin.state());
        assertThatThrownBy(() -> DriftDetectorSpec.pageHinkleyDefaults().restore(adwin.state()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("page-hinkley cannot resume from the state of adwin");
        assertThatThrownBy(() -> DriftDetectorSpec.adwinDefaults().restore(null))
                .hasMessage("adwin cannot resume from no state");
    }

    @Test
    void checksTheSettingsOfItsKindOnly() {
        PageHinkley.Settings badPageHinkley =
                new PageHinkley.Settings(30, 0.005, -1, 1, PageHinkley.Mode.BOTH);
        DriftDetectorSpec adwin =
                new DriftDetectorSpec(
                        DriftDetectorSpec.Kind.ADWIN, badPageHinkley, Adwin.Settings.defaults());
        assertThat(adwin.problems("online.drift")).isEmpty();
        DriftDetectorSpec pageHinkley =
                new DriftDetectorSpec(
                        DriftDetectorSpec.Kind.PAGE_HINKLEY,
                        badPageHinkley,
                        Adwin.Settings.defaults());
        assertThat(pageHinkley.problems("online.drift"))
                .containsExactly(
                        "online.drift.page-hinkley.threshold must be a positive number, got -1.0");
        assertThatThrownBy(pageHinkley::create)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("threshold");
        assertThat(new DriftDetectorSpec(null, null, null).problems("d"))
                .containsExactly("d.kind must be one of page-hinkley, adwin");
        assertThat(new DriftDetectorSpec(DriftDetectorSpec.Kind.ADWIN, null, null).problems("d"))
                .containsExactly("d.adwin is missing");
    }

    @Test
    void parsesKindNames() {
        assertThat(DriftDetectorSpec.Kind.PAGE_HINKLEY.configName()).isEqualTo("page-hinkley");
        assertThat(DriftDetectorSpec.Kind.parse("page-hinkley"))
                .isEqualTo(DriftDetectorSpec.Kind.PAGE_HINKLEY);
        assertThat(DriftDetectorSpec.Kind.parse("ADWIN")).isEqualTo(DriftDetectorSpec.Kind.ADWIN);
        assertThat(DriftDetectorSpec.Kind.parse("ddm")).isNull();
    }
}
