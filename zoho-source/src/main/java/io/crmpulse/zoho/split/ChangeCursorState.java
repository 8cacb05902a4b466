package io.crmpulse.zoho.split;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.annotation.Nullable;

/** The mutable form of a {@link ChangeCursor}, owned by one thread. */
public final class ChangeCursorState {

    private final Duration overlap;
    @Nullable private Instant high;
    @Nullable private Instant rewindTo;
    @Nullable private Instant scanFrom;
    private final TreeMap<Instant, Set<String>> seen = new TreeMap<>();

    public ChangeCursorState(ChangeCursor cursor, Duration overlap) {
        this.overlap = overlap;
        this.high = cursor.high();
        this.rewindTo = cursor.rewindTo();
        this.scanFrom = cursor.scanFrom();
        cursor.seen().forEach((time, ids) -> seen.put(time, new HashSet<>(ids)));
    }

    /**
     * Where the next poll starts ({@code If-Modified-Since}): the overlap behind the newest time
     * emitted, or further back if a rewind is owed or a scan was under way when this cursor was
     * checkpointed; {@code null} when nothing was read yet.
     */
    @Nullable
    public Instant resumeFrom() {
        return earliest(restartFrom(), scanFrom);
    }

    /**
     * Where a scan that keeps its memory of what it read starts again (its page token was refused):
     * like {@link #resumeFrom()}, but not back to the scan's own start.
     */
    @Nullable
    public Instant restartFrom() {
        return high == null ? rewindTo : earliest(high.minus(overlap), rewindTo);
    }

    /** Whether this version was not emitted yet. */
    public boolean isNew(String id, Instant time) {
        Set<String> ids = seen.get(time);
        return ids == null || !ids.contains(id);
    }

    public void markEmitted(String id, Instant time) {
        seen.computeIfAbsent(time, t -> new HashSet<>()).add(id);
        if (high == null || time.isAfter(high)) {
            high = time;
            forgetBeforeResumePoint();
        }
    }

    /** A stream that has emitted nothing yet starts (an overlap before) {@code time}. */
    public void startAt(Instant time) {
        if (high == null) {
            high = time;
        }
    }

    /** A records scan read its first page, whose oldest record is at {@code from}. */
    public void startScan(Instant from) {
        scanFrom = earliest(from, scanFrom);
    }

    /** The next poll must re-read from {@code time} (or from earlier, if already owed). */
    public void rewind(Instant time) {
        if (rewindTo == null || time.isBefore(rewindTo)) {
            rewindTo = time;
        }
    }

    /**
     * A poll completed: the rewinds owed before it are paid (it started at or before them), and
     * {@code owedRewind} is what it found itself.
     */
    public void completePoll(@Nullable Instant owedRewind) {
        rewindTo = owedRewind;
        scanFrom = null;
        forgetBeforeResumePoint();
    }

    @Nullable
    public Instant high() {
        return high;
    }

    public ChangeCursor snapshot() {
        return new ChangeCursor(high, rewindTo, scanFrom, seen);
    }

    /** Versions older than where the next poll starts cannot come back; keep the set small. */
    private void forgetBeforeResumePoint() {
        Instant from = resumeFrom();
        if (from != null) {
            Map<Instant, Set<String>> older = seen.headMap(from);
            older.clear();
        }
    }

    @Nullable
    private static Instant earliest(@Nullable Instant a, @Nullable Instant b) {
        return a == null || (b != null && b.isBefore(a)) ? b : a;
    }
}
