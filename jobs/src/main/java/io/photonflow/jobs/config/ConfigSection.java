package io.photonflow.jobs.config;

import java.util.List;

/** A section of the job configuration that checks its own values. */
interface ConfigSection {

    /** Problems with this section, each naming its key under {@code path}; empty when valid. */
    List<String> problems(String path);
}
