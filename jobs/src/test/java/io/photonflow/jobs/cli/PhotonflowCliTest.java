package io.photonflow.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class PhotonflowCliTest {

    @Test
    void invalidConfigurationExitsWithCodeTwoNamingEveryKey() {
        Run run = run("train", "training.epochs=0", "runtime.progress-every=0");
        assertThat(run.exitCode()).isEqualTo(Failures.CONFIG);
        assertThat(run.err())
                .contains("invalid configuration")
                .contains("training.epochs must be positive, got 0")
                .contains("runtime.progress-every must be at least 1, got 0");
    }

    @Test
    void missingDataFileExitsWithCodeThreeNamingTheFile() {
        Run run = run("train", "data.train.images=/nonexistent/images.gz");
        assertThat(run.exitCode()).isEqualTo(Failures.DATA);
        assertThat(run.err()).contains("data file not found: /nonexistent/images.gz");
    }

    @Test
    void helpListsTheCommands() {
        Run run = run("--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("train").contains("benchmark");
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            CommandLine cli = new CommandLine(new Photonflow());
            cli.setOut(new java.io.PrintWriter(out, true, StandardCharsets.UTF_8));
            int code = cli.execute(args);
            return new Run(
                    code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(originalErr);
        }
    }

    private record Run(int exitCode, String out, String err) {}
}
