package io.crmpulse.zoho.client;

import java.util.List;

/**
 * One page of Get Deleted Records.
 *
 * @param records the deletions in the order Zoho sent them
 * @param moreRecords {@code info.more_records}
 */
public record DeletedPage(List<DeletedRecord> records, boolean moreRecords) {

    public DeletedPage {
        records = List.copyOf(records);
    }

    /** What a {@code 204} or {@code 304} answer means. */
    public static DeletedPage empty() {
        return new DeletedPage(List.of(), false);
    }
}
