package io.photonflow.jobs.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine;

/**
 * One in-process run of the {@code photonflow} command line, as {@code jobs/photonflow} runs it but
 * without {@code System.exit}: the exit code and everything written to standard output and standard
 * error, by picocli (usage, parameter errors) and by the commands themselves.
 */
public record CliRun(int exitCode, String out, String err) {

    public static CliRun of(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        PrintStream capturedOut = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream capturedErr = new PrintStream(err, true, StandardCharsets.UTF_8);
        System.setOut(capturedOut);
        System.setErr(capturedErr);
        try {
            CommandLine cli = new CommandLine(new Photonflow());
            cli.setOut(new PrintWriter(capturedOut, true));
            cli.setErr(new PrintWriter(capturedErr, true));
            int code = cli.execute(args);
            capturedOut.flush();
            capturedErr.flush();
            return new CliRun(
                    code,
                    out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    /** The first line written to standard error: the one-line message of a failure. */
    public String firstErrLine() {
        List<String> lines = err.lines().toList();
        return lines.isEmpty() ? "" : lines.get(0);
    }

    /** Both streams, for assertion messages. */
    public String transcript() {
        return "exit code " + exitCode + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
    }
}
