package io.photonflow.jobs.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The parameter of every command that acts on a running cluster job: which job. */
final class JobIdParameter {

    // Optional to picocli, so that an unknown option is reported before a missing job id.
    @Parameters(
            paramLabel = "JOB_ID",
            arity = "0..1",
            description = "The job, as submit printed it.")
    String jobId;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /** The job id; a usage error of the command when it was left out. */
    String required() {
        if (jobId == null) {
            throw new ParameterException(
                    spec.commandLine(), "Missing required parameter: 'JOB_ID'");
        }
        return jobId;
    }
}
