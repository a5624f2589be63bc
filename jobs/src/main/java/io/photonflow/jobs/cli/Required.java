package io.photonflow.jobs.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Required arguments checked after parsing rather than by picocli, so that an unknown option is
 * still reported first (as by every other command); a missing one is a usage error all the same.
 */
final class Required {

    private Required() {}

    static void option(CommandSpec spec, Object value, String name) {
        if (value == null) {
            throw new ParameterException(
                    spec.commandLine(),
                    "Missing required "
                            + (name.startsWith("-")
                                    ? "option: '" + name + "'"
                                    : "parameter: '" + name + "'"));
        }
    }
}
