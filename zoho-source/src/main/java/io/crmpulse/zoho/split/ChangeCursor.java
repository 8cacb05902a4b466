package io.crmpulse.zoho.split;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.annotation.Nullable;

/**
 * The checkpointed position of one change stream of a module (its records, or its deletions).
 *
 * <p>Zoho's {@code Modified_Time} has one-second resolution, bulk edits give hundreds of records
 * the same second, and a record can become visible after newer ones. So a poll never starts at the
 * newest time seen: it re-reads an overlap behind it, and {@link #seen()} remembers which versions
 * inside that overlap were already emitted, so that none is emitted twice. It remembers nothing
 * older, so the cursor stays small however many records a scan reads: a poll that reads further
 * back (a rewind, or a scan restored from its start) emits what it finds there again as a replay,
 * which a downstream {@link io.crmpulse.zoho.source.LatestVersionFilter} drops when it is a version
 * already emitted.
 *
 * @param high the newest time emitted so far, never later than the CRM's own clock when it sent the
 *     record; {@code null} before anything was emitted
 * @param rewindTo an older time the next poll must re-read from, set when this stream may have
 *     skipped a record (a record edited or deleted while its scan was paging); {@code null} if none
 * @param scanFrom where the scan under way started, until its poll completes; {@code null} between
 *     polls. What a scan read, which is how it notices a skipped record, lives only in memory, so a
 *     job restored in the middle of a scan reads it again from here.
 * @param seenFrom the oldest time from which {@link #seen()} holds every version emitted, when the
 *     size cap made it later than the overlap behind {@link #high()}; else {@code null}
 * @param seen the versions emitted inside the overlap, by time
 */
public record ChangeCursor(
        @Nullable Instant high,
        @Nullable Instant rewindTo,
        @Nullable Instant scanFrom,
        @Nullable Instant seenFrom,
        SortedMap<Instant, Set<SeenVersion>> seen) {

    public ChangeCursor {
        TreeMap<Instant, Set<SeenVersion>> copy = new TreeMap<>();
        seen.forEach(
                (time, versions) ->
                        copy.put(time, Collections.unmodifiableSet(new TreeSet<>(versions))));
        seen = Collections.unmodifiableSortedMap(copy);
    }

    /** Nothing read yet: the next poll reads everything. */
    public static ChangeCursor initial() {
        return new ChangeCursor(null, null, null, null, new TreeMap<>());
    }

    /** Number of versions remembered in the overlap. */
    public int seenCount() {
        return seen.values().stream().mapToInt(Set::size).sum();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ChangeCursor)) {
            return false;
        }
        ChangeCursor that = (ChangeCursor) o;
        return Objects.equals(high, that.high)
                && Objects.equals(rewindTo, that.rewindTo)
                && Objects.equals(scanFrom, that.scanFrom)
                && Objects.equals(seenFrom, that.seenFrom)
                && Objects.equals(Map.copyOf(seen), Map.copyOf(that.seen));
    }

    @Override
    public int hashCode() {
        return Objects.hash(high, rewindTo, scanFrom, seenFrom, Map.copyOf(seen));
    }

    @Override
    public String toString() {
        return "ChangeCursor{high="
                + high
                + ", rewindTo="
                + rewindTo
                + ", scanFrom="
                + scanFrom
                + ", seenFrom="
                + seenFrom
                + ", seen="
                + seenCount()
                + "}";
    }
}
