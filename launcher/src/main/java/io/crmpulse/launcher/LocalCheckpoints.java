package io.crmpulse.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoints of a local run, in {@code PULSE_STATE_DIR/checkpoints}: kept when the run is
 * stopped, killed or crashes, and restored by the next run, which then resumes where the last
 * checkpoint was instead of reading the whole CRM again. A run with {@code --until-caught-up} ends
 * with a savepoint in the same folder, which the next run resumes from in the same way.
 */
public final class LocalCheckpoints {

    private static final Logger LOG = LoggerFactory.getLogger(LocalCheckpoints.class);

    /** Kept after a cancel (Ctrl-C, SIGTERM) or a crash; Flink discards them when a job ends. */
    private static final String RETENTION_KEY =
            "execution.checkpointing.externalized-checkpoint-retention";

    private final Path directory;

    private LocalCheckpoints(Path directory) {
        this.directory = directory.toAbsolutePath();
    }

    public static LocalCheckpoints in(Path stateDirectory) {
        return new LocalCheckpoints(stateDirectory.resolve("checkpoints"));
    }

    public Path directory() {
        return directory;
    }

    /**
     * The newest complete checkpoint of an earlier run (a {@code chk-N} with its metadata) or
     * savepoint (a {@code savepoint-...} that a run caught up with {@code --until-caught-up} left).
     */
    public Optional<Path> latest() {
        if (!Files.isDirectory(directory)) {
            return Optional.empty();
        }
        try (Stream<Path> runs = Files.list(directory)) {
            return runs.filter(Files::isDirectory)
                    .flatMap(LocalCheckpoints::restorable)
                    .max(Comparator.comparing(LocalCheckpoints::lastModified));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the checkpoints in " + directory, e);
        }
    }

    /**
     * Settings for a run: retained checkpoints in this directory and, when there is one, the
     * checkpoint or savepoint to restore. Every other run's checkpoints and savepoints are deleted.
     */
    public Configuration configure(Configuration conf) {
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, directory.toUri().toString());
        conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 3);
        conf.setString(RETENTION_KEY, "RETAIN_ON_CANCELLATION");
        Optional<Path> restore = latest();
        if (restore.isPresent()) {
            deleteAllBut(isSavepoint(restore.get()) ? restore.get() : restore.get().getParent());
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, restore.get().toUri().toString());
            LOG.info(
                    "Resuming from the checkpoint {} ({} MiB)",
                    restore.get(),
                    String.format(Locale.ROOT, "%.1f", sizeInBytes(restore.get()) / 1048576.0));
        } else {
            LOG.info("No checkpoint in {}: the first poll reads the whole CRM", directory);
        }
        return conf;
    }

    /**
     * The bytes a restore reads: the checkpoint's or savepoint's folder and, for a checkpoint, its
     * run's {@code shared} folder, where incremental checkpoints (RocksDB) keep the files that
     * several checkpoints share: what a restart reads back, logged so that a slow restart can be
     * told from a large state.
     */
    public static long sizeInBytes(Path checkpoint) {
        Path shared = checkpoint.resolveSibling("shared");
        return bytesUnder(checkpoint)
                + (!isSavepoint(checkpoint) && Files.isDirectory(shared) ? bytesUnder(shared) : 0);
    }

    private static long bytesUnder(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the checkpoint in " + folder, e);
        }
    }

    private void deleteAllBut(Path keep) {
        try (Stream<Path> runs = Files.list(directory)) {
            runs.filter(run -> Files.isDirectory(run) && !run.equals(keep))
                    .forEach(LocalCheckpoints::deleteTree);
        } catch (IOException e) {
            LOG.warn("Could not clean up old checkpoints in {}: {}", directory, e.toString());
        }
    }

    private static boolean isSavepoint(Path path) {
        return path.getFileName().toString().startsWith("savepoint-");
    }

    /** A savepoint folder itself, or the complete checkpoints in a run's folder. */
    private static Stream<Path> restorable(Path folder) {
        if (isSavepoint(folder)) {
            return Files.isRegularFile(folder.resolve("_metadata"))
                    ? Stream.of(folder)
                    : Stream.empty();
        }
        try (Stream<Path> children = Files.list(folder)) {
            return children
                    .filter(p -> p.getFileName().toString().startsWith("chk-"))
                    .filter(p -> Files.isRegularFile(p.resolve("_metadata")))
                    .toList()
                    .stream();
        } catch (IOException e) {
            return Stream.empty();
        }
    }

    private static long lastModified(Path checkpoint) {
        try {
            return Files.getLastModifiedTime(checkpoint.resolve("_metadata")).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", root, e.toString());
        }
    }
}
