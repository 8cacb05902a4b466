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
    private final TreeMap<Instant, Set<String>> seen = new TreeMap<>();

    public ChangeCursorState(ChangeCursor cursor, Duration overlap) {
        this.overlap = overlap;
        this.high = cursor.high();
        this.rewindTo = cursor.rewindTo();
        cursor.seen().forEach((time, ids) -> seen.put(time, new HashSet<>(ids)));
    }

    /**
     * Where the next poll starts ({@code If-Modified-Since}): the overlap behind the newest time
     * emitted, or further back if a rewind is owed; {@code null} when nothing was read yet.
     */
    @Nullable
    public Instant resumeFrom() {
        if (high == null) {
            return rewindTo;
        }
        Instant floor = high.minus(overlap);
        return rewindTo != null && rewindTo.isBefore(floor) ? rewindTo : floor;
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
        forgetBeforeResumePoint();
    }

    @Nullable
    public Instant high() {
        return high;
    }

    public ChangeCursor snapshot() {
        return new ChangeCursor(high, rewindTo, seen);
    }

    /** Versions older than where the next poll starts cannot come back; keep the set small. */
    private void forgetBeforeResumePoint() {
        Instant from = resumeFrom();
        if (from != null) {
            Map<Instant, Set<String>> older = seen.headMap(from);
            older.clear();
        }
    }
}
