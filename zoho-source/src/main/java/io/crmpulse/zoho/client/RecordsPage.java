package io.crmpulse.zoho.client;

import java.util.List;
import javax.annotation.Nullable;

/**
 * One page of Get Records.
 *
 * @param records the records in the order Zoho sent them
 * @param moreRecords {@code info.more_records}
 * @param nextPageToken {@code info.next_page_token}; {@code null} on the last page
 * @param malformed the items of the page that could not be read (no {@code id}, an unreadable
 *     {@code Modified_Time}), for the dead letters; they count as read, so paging goes on
 */
public record RecordsPage(
        List<ZohoRecord> records,
        boolean moreRecords,
        @Nullable String nextPageToken,
        List<MalformedRecord> malformed) {

    public RecordsPage {
        records = List.copyOf(records);
        malformed = List.copyOf(malformed);
    }

    /** A page whose every item could be read. */
    public RecordsPage(
            List<ZohoRecord> records, boolean moreRecords, @Nullable String nextPageToken) {
        this(records, moreRecords, nextPageToken, List.of());
    }

    /** What a {@code 204 No Content} or {@code 304 Not Modified} answer means. */
    public static RecordsPage empty() {
        return new RecordsPage(List.of(), false, null);
    }

    /** Counts only: the malformed items' JSON may carry personal data. */
    @Override
    public String toString() {
        return "RecordsPage{"
                + records.size()
                + " records, "
                + malformed.size()
                + " malformed, moreRecords="
                + moreRecords
                + ", nextPageToken="
                + (nextPageToken == null ? "none" : "present")
                + "}";
    }
}
