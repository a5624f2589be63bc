package io.photonflow.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.photonflow.avro.MetricsSplit;
import io.photonflow.avro.TrainingMetrics;
import io.photonflow.data.TestDataSets;
import io.photonflow.jobs.cli.CliRun;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The report of a real run (Fashion-MNIST, a small network, two epochs with a validation set and
 * alignment measured) opened in a real browser: Debian's chromium, headless, driven through its
 * chromedriver by Selenium. Every plot image has loaded at the size of the PNG drawn, and the
 * summary's figures are those of metrics.avro. A screenshot of the page is left in {@code
 * target/report-in-chromium.png}.
 *
 * <p>Without chromium and chromedriver ({@code apt-get install chromium chromium-driver}, as {@code
 * .ci/run} does) the test is skipped, and fails under CI.
 */
@Tag("slow")
class ReportInBrowserITCase {

    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

    @TempDir Path dir;

    @Test
    void everyPlotLoadsAndTheSummaryMatchesTheMetrics() throws Exception {
        requireChromium();
        Path mnist = TestDataSets.fashionMnist();
        Path output = dir.resolve("run");
        CliRun training =
                CliRun.of(
                        "train",
                        "data.train.images=" + mnist.resolve("train-images-idx3-ubyte.gz"),
                        "data.train.labels=" + mnist.resolve("train-labels-idx1-ubyte.gz"),
                        "data.test.images=" + mnist.resolve("t10k-images-idx3-ubyte.gz"),
                        "data.test.labels=" + mnist.resolve("t10k-labels-idx1-ubyte.gz"),
                        "data.train-limit=3000",
                        "data.test-limit=1000",
                        "data.validation-size=500",
                        "network.hidden=[64]",
                        "training.epochs=2",
                        "diagnostics.alignment-every=5",
                        "checkpointing.enabled=false",
                        "runtime.web-ui-port=0",
                        "output.directory=" + output);
        assertThat(training.exitCode()).as(training.out() + training.err()).isZero();
        Path report = output.resolve("report.html");
        assertThat(training.out()).contains("report: " + report);
        List<TrainingMetrics> metrics = metrics(output.resolve("metrics.avro"));

        ChromeDriver browser = browser();
        try {
            browser.get(report.toUri().toString());

            List<WebElement> images = browser.findElements(By.tagName("img"));
            try (var plots = Files.list(output.resolve("plots"))) {
                assertThat(images)
                        .hasSize((int) plots.filter(p -> p.toString().endsWith(".png")).count())
                        .hasSize(4);
            }
            for (WebElement image : images) {
                assertThat(
                                browser.executeScript(
                                        "const i = arguments[0];"
                                                + " return i.complete ? [i.naturalWidth,"
                                                + " i.naturalHeight] : null;",
                                        image))
                        .as("loaded size of %s", image.getDomAttribute("alt"))
                        .isEqualTo(List.of(800L, 450L));
                assertThat(image.getSize().getWidth()).isPositive();
            }

            List<TrainingMetrics> test = select(metrics, MetricsSplit.TEST);
            List<TrainingMetrics> validation = select(metrics, MetricsSplit.VALIDATION);
            List<TrainingMetrics> train = select(metrics, MetricsSplit.TRAIN);
            TrainingMetrics last = test.get(test.size() - 1);
            int best = 0;
            for (int i = 1; i < validation.size(); i++) {
                if (validation.get(i).getAccuracy() > validation.get(best).getAccuracy()) {
                    best = i;
                }
            }
            assertThat(text(browser, "final-test-accuracy")).isEqualTo(percent(last.getAccuracy()));
            assertThat(text(browser, "final-test-loss"))
                    .isEqualTo(String.format(Locale.ROOT, "%.4f", last.getLoss()));
            assertThat(text(browser, "epochs")).isEqualTo("2");
            assertThat(text(browser, "best-validation-epoch"))
                    .isEqualTo(Integer.toString(best + 1));
            assertThat(text(browser, "best-validation-accuracy"))
                    .isEqualTo(percent(validation.get(best).getAccuracy()));
            assertThat(text(browser, "test-accuracy-at-best-validation"))
                    .isEqualTo(percent(test.get(best).getAccuracy()));
            assertThat(text(browser, "training-steps"))
                    .isEqualTo(String.format(Locale.ROOT, "%,d", train.size()));
            assertThat(text(browser, "training-examples"))
                    .isEqualTo(
                            String.format(
                                    Locale.ROOT,
                                    "%,d",
                                    train.stream().mapToLong(TrainingMetrics::getExamples).sum()));
            assertThat(text(browser, "dead-letters")).isEqualTo("0");
            assertThat(browser.findElements(By.cssSelector("#epochs tbody tr"))).hasSize(2);
            assertThat(text(browser, "configuration")).contains("validation-size: 500");

            Path screenshot = browser.getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(
                    screenshot,
                    Path.of("target", "report-in-chromium.png"),
                    StandardCopyOption.REPLACE_EXISTING);
        } finally {
            browser.quit();
        }
    }

    private ChromeDriver browser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1000,3000",
                "--user-data-dir=" + dir.resolve("chromium-profile"));
        ChromeDriverService service =
                new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).build();
        return new ChromeDriver(service, options);
    }

    private static String text(ChromeDriver browser, String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
    }

    private static List<TrainingMetrics> select(List<TrainingMetrics> metrics, MetricsSplit split) {
        return metrics.stream().filter(m -> m.getSplit() == split).toList();
    }

    private static List<TrainingMetrics> metrics(Path file) throws Exception {
        List<TrainingMetrics> records = new ArrayList<>();
        try (DataFileReader<TrainingMetrics> reader =
                new DataFileReader<>(
                        file.toFile(), new SpecificDatumReader<>(TrainingMetrics.class))) {
            reader.forEach(records::add);
        }
        return records;
    }

    private static void requireChromium() {
        boolean present = CHROMIUM.canExecute() && CHROMEDRIVER.canExecute();
        String problem =
                "chromium or chromedriver is missing ("
                        + CHROMIUM
                        + ", "
                        + CHROMEDRIVER
                        + "): apt-get install chromium chromium-driver";
        if (!present && TestDataSets.underCi()) {
            throw new AssertionError(problem + ". CI=true: the test fails rather than skips.");
        }
        Assumptions.assumeTrue(present, problem);
    }
}
