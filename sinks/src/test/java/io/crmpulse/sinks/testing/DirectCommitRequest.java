package io.crmpulse.sinks.testing;

import org.apache.flink.api.connector.sink2.Committer.CommitRequest;

/**
 * A committable handed straight to a committer, as Flink hands it after a checkpoint, for a test or
 * a benchmark that calls the committer itself. A committer that reports a failure through the
 * request instead of throwing fails the caller.
 */
public record DirectCommitRequest<T>(T committable) implements CommitRequest<T> {

    @Override
    public T getCommittable() {
        return committable;
    }

    @Override
    public int getNumberOfRetries() {
        return 0;
    }

    @Override
    public void signalFailedWithKnownReason(Throwable t) {
        throw new AssertionError("the committer throws instead", t);
    }

    @Override
    public void signalFailedWithUnknownReason(Throwable t) {
        throw new AssertionError("the committer throws instead", t);
    }

    @Override
    public void retryLater() {
        throw new AssertionError("the committer throws instead");
    }

    @Override
    public void updateAndRetryLater(T committable) {
        throw new AssertionError("the committer throws instead");
    }

    @Override
    public void signalAlreadyCommitted() {
        throw new AssertionError("the committer throws instead");
    }
}
