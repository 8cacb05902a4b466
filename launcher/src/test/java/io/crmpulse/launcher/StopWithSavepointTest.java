package io.crmpulse.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.CheckpointException;
import org.apache.flink.runtime.checkpoint.CheckpointFailureReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --until-caught-up}'s savepoint when the source is caught up before the job has started.
 */
class StopWithSavepointTest {

    @TempDir Path state;

    @Test
    void aSavepointRefusedWhileTasksStartIsTriedAgain() throws Exception {
        SavepointJob job =
                new SavepointJob(
                        refused(CheckpointFailureReason.NOT_ALL_REQUIRED_TASKS_RUNNING),
                        refused(CheckpointFailureReason.NOT_ALL_REQUIRED_TASKS_RUNNING),
                        CompletableFuture.completedFuture("file:/state/savepoint-1"));

        String savepoint = CrmPulseMain.stopWithSavepoint(job, LocalCheckpoints.in(state));

        assertThat(savepoint).isEqualTo("file:/state/savepoint-1");
        assertThat(job.calls).isEqualTo(3);
    }

    @Test
    void anyOtherRefusalFailsAtOnce() {
        SavepointJob job = new SavepointJob(refused(CheckpointFailureReason.IO_EXCEPTION));

        assertThatThrownBy(() -> CrmPulseMain.stopWithSavepoint(job, LocalCheckpoints.in(state)))
                .isInstanceOf(ExecutionException.class);
        assertThat(job.calls).isEqualTo(1);
    }

    private static CompletableFuture<String> refused(CheckpointFailureReason reason) {
        return CompletableFuture.failedFuture(new CheckpointException(reason));
    }

    /** A job whose stop-with-savepoint calls answer in turn. */
    private static final class SavepointJob implements JobClient {
        private final Deque<CompletableFuture<String>> answers;
        int calls;

        @SafeVarargs
        SavepointJob(CompletableFuture<String>... answers) {
            this.answers = new ArrayDeque<>(java.util.List.of(answers));
        }

        @Override
        public CompletableFuture<String> stopWithSavepoint(
                boolean advanceToEndOfEventTime, String directory, SavepointFormatType formatType) {
            calls++;
            return answers.removeFirst();
        }

        @Override
        public JobID getJobID() {
            return new JobID();
        }

        @Override
        public CompletableFuture<JobStatus> getJobStatus() {
            return CompletableFuture.completedFuture(JobStatus.RUNNING);
        }

        @Override
        public CompletableFuture<Void> cancel() {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<String> triggerSavepoint(
                String directory, SavepointFormatType formatType) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<Map<String, Object>> getAccumulators() {
            return CompletableFuture.completedFuture(Map.of());
        }

        @Override
        public CompletableFuture<JobExecutionResult> getJobExecutionResult() {
            return new CompletableFuture<>();
        }
    }
}
