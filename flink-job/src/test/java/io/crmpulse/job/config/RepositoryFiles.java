package io.crmpulse.job.config;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files at the repository root, found from the module or the root directory. */
public final class RepositoryFiles {

    private RepositoryFiles() {}

    public static Path find(String name) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(name);
            if (Files.isRegularFile(candidate) && Files.isDirectory(dir.resolve("flink-job"))) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                name + " not found in " + Path.of("").toAbsolutePath() + " or above");
    }
}
