package io.crmpulse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCheckpointsTest {

    @TempDir Path state;

    @Test
    void aFirstRunHasNothingToRestoreButRetainsItsCheckpoints() {
        LocalCheckpoints checkpoints = LocalCheckpoints.in(state);

        Configuration conf = checkpoints.configure(new Configuration());

        assertThat(conf.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
                .isEqualTo(state.resolve("checkpoints").toUri().toString());
        assertThat(conf.getString("execution.checkpointing.externalized-checkpoint-retention", ""))
                .isEqualTo("RETAIN_ON_CANCELLATION");
        assertThat(conf.getOptional(StateRecoveryOptions.SAVEPOINT_PATH)).isEmpty();
    }

    @Test
    void restoresTheNewestCompleteCheckpointAndDeletesOlderRuns() throws Exception {
        Path old = checkpoint("run-a", "chk-7", 1_000);
        Path newest = checkpoint("run-b", "chk-3", 3_000);
        checkpoint("run-b", "chk-2", 2_000);
        Files.createDirectories(state.resolve("checkpoints/run-b/chk-4")); // not complete

        Configuration conf = LocalCheckpoints.in(state).configure(new Configuration());

        assertThat(conf.get(StateRecoveryOptions.SAVEPOINT_PATH))
                .isEqualTo(newest.toUri().toString());
        // Flink 1.20 warns at every start of a job given the deprecated key.
        assertThat(conf.containsKey("execution.savepoint.path")).isFalse();
        assertThat(old.getParent()).doesNotExist();
        assertThat(newest).exists();
    }

    @Test
    void restoresTheSavepointOfACaughtUpRunWhenItIsNewerAndKeepsNothingElse() throws Exception {
        Path run = checkpoint("run-a", "chk-9", 1_000);
        Path older = savepoint("savepoint-0a1b2c-aaaa", 500);
        Path newest = savepoint("savepoint-3d4e5f-bbbb", 2_000);

        Configuration conf = LocalCheckpoints.in(state).configure(new Configuration());

        assertThat(conf.get(StateRecoveryOptions.SAVEPOINT_PATH))
                .isEqualTo(newest.toUri().toString());
        assertThat(newest).exists();
        assertThat(older).doesNotExist();
        assertThat(run.getParent()).doesNotExist();
    }

    @Test
    void aCheckpointWrittenAfterTheSavepointWins() throws Exception {
        Path savepoint = savepoint("savepoint-0a1b2c-aaaa", 1_000);
        Path later = checkpoint("run-b", "chk-2", 2_000);

        Configuration conf = LocalCheckpoints.in(state).configure(new Configuration());

        assertThat(conf.get(StateRecoveryOptions.SAVEPOINT_PATH))
                .isEqualTo(later.toUri().toString());
        assertThat(savepoint).doesNotExist();
    }

    @Test
    void aCheckpointsSizeCountsItsFilesAndItsRunsSharedFilesButNotOtherCheckpoints()
            throws Exception {
        Path chk = checkpoint("run-a", "chk-3", 1_000); // a one-byte _metadata
        Files.write(Files.createDirectories(chk.resolve("op")).resolve("state"), new byte[100]);
        Path shared = Files.createDirectories(chk.resolveSibling("shared"));
        Files.write(shared.resolve("000012.sst"), new byte[1_000]);
        Files.write(checkpoint("run-a", "chk-2", 500).resolve("state"), new byte[10_000]);
        Path savepoint = savepoint("savepoint-0a1b2c-aaaa", 2_000);
        Files.write(savepoint.resolve("state"), new byte[20]);

        assertThat(LocalCheckpoints.sizeInBytes(chk)).isEqualTo(1 + 100 + 1_000);
        assertThat(LocalCheckpoints.sizeInBytes(savepoint)).isEqualTo(1 + 20);
    }

    private Path savepoint(String name, long modifiedMillis) throws Exception {
        Path dir = Files.createDirectories(state.resolve("checkpoints").resolve(name));
        Path metadata = Files.writeString(dir.resolve("_metadata"), "m");
        Files.setLastModifiedTime(metadata, FileTime.fromMillis(modifiedMillis));
        return dir;
    }

    private Path checkpoint(String run, String chk, long modifiedMillis) throws Exception {
        Path dir = Files.createDirectories(state.resolve("checkpoints").resolve(run).resolve(chk));
        Path metadata = Files.writeString(dir.resolve("_metadata"), "m");
        Files.setLastModifiedTime(metadata, FileTime.fromMillis(modifiedMillis));
        return dir;
    }
}
