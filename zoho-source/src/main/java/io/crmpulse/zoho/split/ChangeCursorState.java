package io.crmpulse.zoho.split;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.annotation.Nullable;

/** The mutable form of a {@link ChangeCursor}, owned by one thread. */
public final class ChangeCursorState {

    /**
     * At most this many versions are remembered in the overlap (about 300 KB in a checkpoint). Only
     * a mass update puts more into one overlap window; the oldest are then forgotten, and reading
     * them again is a replay.
     */
    public static final int MAX_SEEN = 10_000;

    /**
     * At most this many versions stamped later than Zoho's clock are remembered (a clock step on
     * the CRM's side, an import with a wrong time); more of them are replays until their time
     * comes.
     */
    public static final int MAX_AHEAD = 1_000;

    /** What a version read from Zoho is to this stream. */
    public enum Verdict {
        /** Not emitted before: emit it. */
        NEW,
        /** Emitted before (remembered in the overlap): skip it. */
        SEEN,
        /**
         * Older than what the cursor remembers: it may have been emitted before, or a scan may have
         * skipped it. Emit it again; {@link io.crmpulse.zoho.source.LatestVersionFilter} drops it
         * downstream if it was emitted.
         */
        REPLAY
    }

    private final Duration overlap;
    private final int maxSeen;
    @Nullable private Instant high;
    @Nullable private Instant rewindTo;
    @Nullable private Instant scanFrom;
    @Nullable private Instant seenFrom;
    private final TreeMap<Instant, Set<SeenVersion>> seen = new TreeMap<>();
    private int seenCount;

    public ChangeCursorState(ChangeCursor cursor, Duration overlap) {
        this(cursor, overlap, MAX_SEEN);
    }

    ChangeCursorState(ChangeCursor cursor, Duration overlap, int maxSeen) {
        this.overlap = overlap;
        this.maxSeen = maxSeen;
        this.high = cursor.high();
        this.rewindTo = cursor.rewindTo();
        this.scanFrom = cursor.scanFrom();
        this.seenFrom = cursor.seenFrom();
        cursor.seen().forEach((time, versions) -> seen.put(time, new TreeSet<>(versions)));
        seenCount = cursor.seenCount();
        // A checkpoint of an older version kept every version since its scan began.
        forget();
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

    /**
     * Whether this version was emitted, is new, or is older than what the cursor remembers.
     *
     * @param serverTime Zoho's clock when it sent the version; {@code null} if unknown
     */
    public Verdict classify(
            String id, Instant time, long contentHash, @Nullable Instant serverTime) {
        Set<SeenVersion> versions = seen.get(time);
        if (versions != null) {
            for (SeenVersion version : versions) {
                if (version.matches(id, contentHash)) {
                    return Verdict.SEEN;
                }
            }
        }
        Instant floor = seenFloor();
        if (floor != null && time.isBefore(floor)) {
            return Verdict.REPLAY;
        }
        if (serverTime != null && time.isAfter(serverTime) && aheadCount() >= MAX_AHEAD) {
            return Verdict.REPLAY;
        }
        return Verdict.NEW;
    }

    /**
     * A new version was emitted. The cursor advances to its time, but never past {@code
     * serverTime}, the CRM's own clock when it sent the version: one record stamped in the future
     * must not make the next polls start after edits that are still to come.
     *
     * @param serverTime Zoho's {@code Date} when it sent the version; {@code null} if unknown
     */
    public void markEmitted(
            String id, Instant time, long contentHash, @Nullable Instant serverTime) {
        if (seen.computeIfAbsent(time, t -> new TreeSet<>())
                .add(new SeenVersion(id, contentHash))) {
            seenCount++;
        }
        Instant advanceTo = serverTime != null && time.isAfter(serverTime) ? serverTime : time;
        if (high == null || advanceTo.isAfter(high)) {
            high = advanceTo;
        }
        forget();
    }

    /** A stream that has emitted nothing yet starts (an overlap before) {@code time}. */
    public void startAt(Instant time) {
        if (high == null) {
            high = time;
        }
    }

    /** A scan read its first page, starting at {@code from}. */
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
    }

    @Nullable
    public Instant high() {
        return high;
    }

    public ChangeCursor snapshot() {
        return new ChangeCursor(high, rewindTo, scanFrom, seenFrom, seen);
    }

    /** The oldest time from which {@link #seen} holds every version emitted. */
    @Nullable
    private Instant seenFloor() {
        if (high == null) {
            return null;
        }
        Instant overlapStart = high.minus(overlap);
        return seenFrom != null && seenFrom.isAfter(overlapStart) ? seenFrom : overlapStart;
    }

    /**
     * Versions remembered under a time later than {@link #high} (stamped ahead of Zoho's clock).
     */
    private int aheadCount() {
        if (high == null) {
            return 0;
        }
        int count = 0;
        for (Set<SeenVersion> versions : seen.tailMap(high, false).values()) {
            count += versions.size();
        }
        return count;
    }

    /**
     * Keeps the overlap behind {@link #high} and at most {@link #maxSeen} versions up to it, plus
     * the versions ahead of it.
     */
    private void forget() {
        if (high == null) {
            return;
        }
        Instant overlapStart = high.minus(overlap);
        Map<Instant, Set<SeenVersion>> older = seen.headMap(overlapStart);
        for (Set<SeenVersion> versions : older.values()) {
            seenCount -= versions.size();
        }
        older.clear();
        int ahead = aheadCount();
        while (seenCount - ahead > maxSeen) {
            // Whole seconds, so that a version is either remembered or older than seenFrom.
            Map.Entry<Instant, Set<SeenVersion>> oldest = seen.pollFirstEntry();
            seenCount -= oldest.getValue().size();
            seenFrom = oldest.getKey().plusNanos(1);
        }
        if (seenFrom != null && !seenFrom.isAfter(overlapStart)) {
            seenFrom = null;
        }
    }

    /** The earlier of two times, either of which may be absent. */
    @Nullable
    public static Instant earliest(@Nullable Instant a, @Nullable Instant b) {
        return a == null || (b != null && b.isBefore(a)) ? b : a;
    }
}
