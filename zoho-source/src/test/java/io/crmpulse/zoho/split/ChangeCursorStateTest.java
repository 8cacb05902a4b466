package io.crmpulse.zoho.split;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ChangeCursorStateTest {

    private static final Instant T = Instant.parse("2026-03-08T10:00:00Z");

    private final ChangeCursorState cursor =
            new ChangeCursorState(ChangeCursor.initial(), Duration.ofSeconds(60));

    @Test
    void readsEverythingBeforeAnythingWasEmitted() {
        assertThat(cursor.resumeFrom()).isNull();
        assertThat(cursor.isNew("1", T)).isTrue();
    }

    @Test
    void resumesAnOverlapBehindTheNewestTimeAndRemembersVersionsInIt() {
        cursor.markEmitted("1", T);
        cursor.markEmitted("2", T.plusSeconds(30));

        assertThat(cursor.resumeFrom()).isEqualTo(T.minusSeconds(30));
        assertThat(cursor.isNew("1", T)).isFalse();
        assertThat(cursor.isNew("1", T.plusSeconds(1))).isTrue();
        assertThat(cursor.isNew("3", T)).isTrue();
    }

    @Test
    void forgetsVersionsOlderThanTheResumePoint() {
        cursor.markEmitted("1", T);
        cursor.markEmitted("2", T.plusSeconds(61));

        assertThat(cursor.snapshot().seen()).containsOnlyKeys(T.plusSeconds(61));
        assertThat(cursor.snapshot().seenCount()).isEqualTo(1);
    }

    @Test
    void rewindMovesTheResumePointBackUntilAPollCompletes() {
        cursor.markEmitted("1", T.plusSeconds(600));
        cursor.rewind(T.plusSeconds(100));
        cursor.rewind(T.plusSeconds(200));

        assertThat(cursor.resumeFrom()).isEqualTo(T.plusSeconds(100));

        cursor.completePoll(null);

        assertThat(cursor.resumeFrom()).isEqualTo(T.plusSeconds(540));
    }

    @Test
    void snapshotRestoresToAnEqualState() {
        cursor.markEmitted("1", T);
        cursor.markEmitted("2", T);
        cursor.rewind(T.minusSeconds(5));

        ChangeCursorState restored =
                new ChangeCursorState(cursor.snapshot(), Duration.ofSeconds(60));

        assertThat(restored.snapshot()).isEqualTo(cursor.snapshot());
        assertThat(restored.resumeFrom()).isEqualTo(T.minusSeconds(60));
    }
}
