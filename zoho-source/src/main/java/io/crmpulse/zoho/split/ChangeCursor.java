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
 * (id, time) inside that overlap were already emitted, so that each version is emitted exactly
 * once.
 *
 * @param high the newest time emitted so far; {@code null} before anything was emitted
 * @param rewindTo an older time the next poll must re-read from, set when this stream may have
 *     skipped a record (a record edited or deleted while its scan was paging); {@code null} if none
 * @param scanFrom where the records scan under way started (its oldest record), until its poll
 *     completes; {@code null} between polls. What a scan read, which is how it notices a skipped
 *     record, lives only in memory, so a job restored in the middle of a scan reads it again from
 *     here.
 * @param seen the versions emitted at or after the oldest time the next poll will re-read, as time
 *     to ids
 */
public record ChangeCursor(
        @Nullable Instant high,
        @Nullable Instant rewindTo,
        @Nullable Instant scanFrom,
        SortedMap<Instant, Set<String>> seen) {

    public ChangeCursor {
        TreeMap<Instant, Set<String>> copy = new TreeMap<>();
        seen.forEach(
                (time, ids) -> copy.put(time, Collections.unmodifiableSet(new TreeSet<>(ids))));
        seen = Collections.unmodifiableSortedMap(copy);
    }

    /** Nothing read yet: the next poll reads everything. */
    public static ChangeCursor initial() {
        return new ChangeCursor(null, null, null, new TreeMap<>());
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
                && Objects.equals(Map.copyOf(seen), Map.copyOf(that.seen));
    }

    @Override
    public int hashCode() {
        return Objects.hash(high, rewindTo, scanFrom, Map.copyOf(seen));
    }

    @Override
    public String toString() {
        return "ChangeCursor{high="
                + high
                + ", rewindTo="
                + rewindTo
                + ", scanFrom="
                + scanFrom
                + ", seen="
                + seenCount()
                + "}";
    }
}
