package io.crmpulse.zoho.client;

import java.time.Instant;
import java.util.List;
import javax.annotation.Nullable;

/**
 * One page of Get Deleted Records.
 *
 * @param records the deletions in the order Zoho sent them
 * @param moreRecords {@code info.more_records}
 * @param malformed the items of the page that could not be read (no {@code id}, an unreadable
 *     {@code deleted_time}), for the dead letters
 * @param serverTime Zoho's clock when it answered (the response's {@code Date}); {@code null} when
 *     it did not say
 */
public record DeletedPage(
        List<DeletedRecord> records,
        boolean moreRecords,
        List<MalformedRecord> malformed,
        @Nullable Instant serverTime) {

    public DeletedPage {
        records = List.copyOf(records);
        malformed = List.copyOf(malformed);
    }

    /** A page from a server whose clock is not known. */
    public DeletedPage(
            List<DeletedRecord> records, boolean moreRecords, List<MalformedRecord> malformed) {
        this(records, moreRecords, malformed, null);
    }

    /** A page whose every item could be read. */
    public DeletedPage(List<DeletedRecord> records, boolean moreRecords) {
        this(records, moreRecords, List.of());
    }

    /** What a {@code 204} or {@code 304} answer means. */
    public static DeletedPage empty(@Nullable Instant serverTime) {
        return new DeletedPage(List.of(), false, List.of(), serverTime);
    }
}
