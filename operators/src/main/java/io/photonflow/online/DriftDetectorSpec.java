package io.photonflow.online;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which drift detector to run, with its parameters; settings of the kind not chosen are ignored (as
 * in a configuration that names a kind and may carry both kinds' parameters).
 *
 * @param kind page-hinkley or adwin
 * @param pageHinkley Page-Hinkley's settings
 * @param adwin ADWIN's settings
 */
public record DriftDetectorSpec(Kind kind, PageHinkley.Settings pageHinkley, Adwin.Settings adwin)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Available detectors. */
    public enum Kind {
        PAGE_HINKLEY,
        ADWIN;

        /** The kind's name in a configuration: page-hinkley or adwin. */
        public String configName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** The kind named {@code name} (page-hinkley, adwin; any case), or null when none is. */
        public static Kind parse(String name) {
            for (Kind kind : values()) {
                if (kind.configName().equalsIgnoreCase(name)) {
                    return kind;
                }
            }
            return null;
        }
    }

    /** Page-Hinkley with River's defaults. */
    public static DriftDetectorSpec pageHinkleyDefaults() {
        return of(PageHinkley.Settings.defaults());
    }

    /** ADWIN with River's defaults. */
    public static DriftDetectorSpec adwinDefaults() {
        return of(Adwin.Settings.defaults());
    }

    /** Page-Hinkley with these settings (ADWIN's at their defaults). */
    public static DriftDetectorSpec of(PageHinkley.Settings settings) {
        return new DriftDetectorSpec(Kind.PAGE_HINKLEY, settings, Adwin.Settings.defaults());
    }

    /** ADWIN with these settings (Page-Hinkley's at their defaults). */
    public static DriftDetectorSpec of(Adwin.Settings settings) {
        return new DriftDetectorSpec(Kind.ADWIN, PageHinkley.Settings.defaults(), settings);
    }

    /** A fresh detector of this kind; the spec must be valid ({@link #problems} empty). */
    public DriftDetector create() {
        return switch (checked().kind) {
            case PAGE_HINKLEY -> new PageHinkley(pageHinkley);
            case ADWIN -> new Adwin(adwin);
        };
    }

    /**
     * A detector of this kind resumed from {@code state}, which must be a state of the same kind
     * ({@link DriftDetector#state()}).
     */
    public DriftDetector restore(DriftDetector.State state) {
        checked();
        if (kind == Kind.PAGE_HINKLEY && state instanceof PageHinkley.State pageHinkleyState) {
            return new PageHinkley(pageHinkley, pageHinkleyState);
        }
        if (kind == Kind.ADWIN && state instanceof Adwin.State adwinState) {
            return new Adwin(adwin, adwinState);
        }
        throw new IllegalArgumentException(
                kind.configName()
                        + " cannot resume from "
                        + (state == null ? "no state" : "the state of " + kindOf(state)));
    }

    private static String kindOf(DriftDetector.State state) {
        return state instanceof PageHinkley.State
                ? Kind.PAGE_HINKLEY.configName()
                : Kind.ADWIN.configName();
    }

    /** Problems with these settings, each prefixed by {@code path}; empty when valid. */
    public List<String> problems(String path) {
        List<String> problems = new ArrayList<>();
        if (kind == null) {
            problems.add(path + ".kind must be one of page-hinkley, adwin");
        } else if (kind == Kind.PAGE_HINKLEY) {
            if (pageHinkley == null) {
                problems.add(path + ".page-hinkley is missing");
            } else {
                problems.addAll(pageHinkley.problems(path + ".page-hinkley"));
            }
        } else if (adwin == null) {
            problems.add(path + ".adwin is missing");
        } else {
            problems.addAll(adwin.problems(path + ".adwin"));
        }
        return problems;
    }

    private DriftDetectorSpec checked() {
        List<String> problems = problems("drift");
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return this;
    }
}
