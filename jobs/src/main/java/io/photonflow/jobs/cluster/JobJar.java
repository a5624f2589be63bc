package io.photonflow.jobs.cluster;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the job jar the build makes is: jobs/target/photonflow-jobs-VERSION-job.jar. */
public final class JobJar {

    private JobJar() {}

    /** The job jar of the project {@code from} is in (or below). */
    public static Path find(Path from) throws IOException {
        for (Path dir = from.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path target = dir.resolve("jobs/target");
            if (Files.isDirectory(target)) {
                try (DirectoryStream<Path> jars =
                        Files.newDirectoryStream(target, "photonflow-jobs-*-job.jar")) {
                    for (Path jar : jars) {
                        return jar;
                    }
                }
            }
        }
        throw new ClusterException(
                "no job jar (jobs/target/photonflow-jobs-*-job.jar) above "
                        + from.toAbsolutePath()
                        + ": build it (mvn -B -q package -DskipTests, or any jobs/photonflow"
                        + " command), or pass --jar");
    }
}
