package io.crmpulse.zoho.split;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.zoho.model.ContentHash;
import io.crmpulse.zoho.split.ChangeCursorState.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ChangeCursorStateTest {

    private static final Instant T = Instant.parse("2026-03-08T10:00:00Z");
    private static final Duration OVERLAP = Duration.ofSeconds(60);
    private static final long A = 11;
    private static final long B = 22;

    private final ChangeCursorState cursor = new ChangeCursorState(ChangeCursor.initial(), OVERLAP);

    @Test
    void readsEverythingBeforeAnythingWasEmitted() {
        assertThat(cursor.resumeFrom()).isNull();
        assertThat(cursor.classify("1", T, A, null)).isEqualTo(Verdict.NEW);
    }

    @Test
    void resumesAnOverlapBehindTheNewestTimeAndRemembersVersionsInIt() {
        cursor.markEmitted("1", T, A, null);
        cursor.markEmitted("2", T.plusSeconds(30), A, null);

        assertThat(cursor.resumeFrom()).isEqualTo(T.minusSeconds(30));
        assertThat(cursor.classify("1", T, A, null)).isEqualTo(Verdict.SEEN);
        assertThat(cursor.classify("1", T.plusSeconds(1), A, null)).isEqualTo(Verdict.NEW);
        assertThat(cursor.classify("3", T, A, null)).isEqualTo(Verdict.NEW);
    }

    @Test
    void aSecondEditWithinTheSameSecondIsANewVersion() {
        cursor.markEmitted("1", T, A, null);

        assertThat(cursor.classify("1", T, B, null)).isEqualTo(Verdict.NEW);
        cursor.markEmitted("1", T, B, null);
        assertThat(cursor.classify("1", T, B, null)).isEqualTo(Verdict.SEEN);
        assertThat(cursor.classify("1", T, A, null)).isEqualTo(Verdict.SEEN);
    }

    @Test
    void aVersionFromAnOlderCheckpointMatchesAnyContent() {
        ChangeCursorState restored =
                new ChangeCursorState(
                        new ChangeCursor(
                                T,
                                null,
                                null,
                                null,
                                new TreeMap<>(
                                        Map.of(T, Set.of(new SeenVersion("1", ContentHash.NONE))))),
                        OVERLAP);

        assertThat(restored.classify("1", T, A, null)).isEqualTo(Verdict.SEEN);
    }

    @Test
    void forgetsVersionsOlderThanTheOverlapAndCallsThemReplaysWhenReadAgain() {
        cursor.markEmitted("1", T, A, null);
        cursor.markEmitted("2", T.plusSeconds(61), A, null);

        assertThat(cursor.snapshot().seen()).containsOnlyKeys(T.plusSeconds(61));
        assertThat(cursor.classify("1", T, A, null)).isEqualTo(Verdict.REPLAY);
        assertThat(cursor.classify("9", T.plusSeconds(1), A, null)).isEqualTo(Verdict.NEW);
    }

    @Test
    void rememberingStaysInsideTheOverlapWhileAScanIsUnderWay() {
        cursor.startScan(T);
        for (int i = 0; i < 1_000; i++) {
            cursor.markEmitted("r" + i, T.plusSeconds(i), A, null);
        }

        assertThat(cursor.resumeFrom()).isEqualTo(T);
        assertThat(cursor.snapshot().seenCount()).isEqualTo(61);
    }

    @Test
    void aMassUpdateIsRememberedUpToTheCapAndItsOlderSecondsBecomeReplays() {
        ChangeCursorState capped = new ChangeCursorState(ChangeCursor.initial(), OVERLAP, 100);
        for (int second = 0; second < 3; second++) {
            for (int i = 0; i < 60; i++) {
                capped.markEmitted(second + "-" + i, T.plusSeconds(second), A, null);
            }
        }

        assertThat(capped.snapshot().seenCount()).isEqualTo(60);
        assertThat(capped.snapshot().seen()).containsOnlyKeys(T.plusSeconds(2));
        assertThat(capped.classify("0-1", T, A, null)).isEqualTo(Verdict.REPLAY);
        assertThat(capped.classify("1-1", T.plusSeconds(1), A, null)).isEqualTo(Verdict.REPLAY);
        assertThat(capped.classify("2-1", T.plusSeconds(2), A, null)).isEqualTo(Verdict.SEEN);
        assertThat(capped.classify("new", T.plusSeconds(2), A, null)).isEqualTo(Verdict.NEW);
        assertThat(
                        new ChangeCursorState(capped.snapshot(), OVERLAP)
                                .classify("1-1", T.plusSeconds(1), A, null))
                .isEqualTo(Verdict.REPLAY);
    }

    @Test
    void aRecordStampedAheadOfZohosClockDoesNotMoveTheCursorPastThatClock() {
        Instant zohoNow = T.plusSeconds(100);
        Instant nextYear = T.plus(Duration.ofDays(365));
        cursor.markEmitted("1", T, A, zohoNow);
        cursor.markEmitted("future", nextYear, A, zohoNow);

        assertThat(cursor.high()).isEqualTo(zohoNow);
        assertThat(cursor.resumeFrom()).isEqualTo(zohoNow.minus(OVERLAP));
        // Read again by every poll until its time comes, it is remembered, not news.
        assertThat(cursor.classify("future", nextYear, A, zohoNow.plusSeconds(60)))
                .isEqualTo(Verdict.SEEN);
        // An ordinary edit after the clock step is still ahead of the resume point.
        assertThat(cursor.classify("2", zohoNow.plusSeconds(30), A, zohoNow.plusSeconds(60)))
                .isEqualTo(Verdict.NEW);
    }

    @Test
    void rewindMovesTheResumePointBackUntilAPollCompletes() {
        cursor.markEmitted("1", T.plusSeconds(600), A, null);
        cursor.rewind(T.plusSeconds(100));
        cursor.rewind(T.plusSeconds(200));

        assertThat(cursor.resumeFrom()).isEqualTo(T.plusSeconds(100));

        cursor.completePoll(null);

        assertThat(cursor.resumeFrom()).isEqualTo(T.plusSeconds(540));
    }

    @Test
    void snapshotRestoresToAnEqualState() {
        cursor.markEmitted("1", T, A, null);
        cursor.markEmitted("2", T, B, null);
        cursor.rewind(T.minusSeconds(5));

        ChangeCursorState restored = new ChangeCursorState(cursor.snapshot(), OVERLAP);

        assertThat(restored.snapshot()).isEqualTo(cursor.snapshot());
        assertThat(restored.resumeFrom()).isEqualTo(T.minusSeconds(60));
    }
}
