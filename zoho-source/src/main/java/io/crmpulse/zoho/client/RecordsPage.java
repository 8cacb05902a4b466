package io.crmpulse.zoho.client;

import java.time.Instant;
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
 * @param serverTime Zoho's clock when it answered (the response's {@code Date}); {@code null} when
 *     it did not say
 */
public record RecordsPage(
        List<ZohoRecord> records,
        boolean moreRecords,
        @Nullable String nextPageToken,
        List<MalformedRecord> malformed,
        @Nullable Instant serverTime) {

    public RecordsPage {
        records = List.copyOf(records);
        malformed = List.copyOf(malformed);
    }

    /** A page from a server whose clock is not known. */
    public RecordsPage(
            List<ZohoRecord> records,
            boolean moreRecords,
            @Nullable String nextPageToken,
            List<MalformedRecord> malformed) {
        this(records, moreRecords, nextPageToken, malformed, null);
    }

    /** A page whose every item could be read. */
    public RecordsPage(
            List<ZohoRecord> records, boolean moreRecords, @Nullable String nextPageToken) {
        this(records, moreRecords, nextPageToken, List.of());
    }

    /** What a {@code 204 No Content} or {@code 304 Not Modified} answer means. */
    public static RecordsPage empty(@Nullable Instant serverTime) {
        return new RecordsPage(List.of(), false, null, List.of(), serverTime);
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
