package io.crmpulse.zoho.client;

import java.util.List;

/**
 * One page of Get Deleted Records.
 *
 * @param records the deletions in the order Zoho sent them
 * @param moreRecords {@code info.more_records}
 * @param malformed the items of the page that could not be read (no {@code id}, an unreadable
 *     {@code deleted_time}), for the dead letters
 */
public record DeletedPage(
        List<DeletedRecord> records, boolean moreRecords, List<MalformedRecord> malformed) {

    public DeletedPage {
        records = List.copyOf(records);
        malformed = List.copyOf(malformed);
    }

    /** A page whose every item could be read. */
    public DeletedPage(List<DeletedRecord> records, boolean moreRecords) {
        this(records, moreRecords, List.of());
    }

    /** What a {@code 204} or {@code 304} answer means. */
    public static DeletedPage empty() {
        return new DeletedPage(List.of(), false);
    }
}
