package io.crmpulse.zoho.client;

import javax.annotation.Nullable;

import java.util.List;

/**
 * One page of Get Records.
 *
 * @param records the records in the order Zoho sent them
 * @param moreRecords {@code info.more_records}
 * @param nextPageToken {@code info.next_page_token}; {@code null} on the last page
 */
public record RecordsPage(
        List<ZohoRecord> records, boolean moreRecords, @Nullable String nextPageToken) {

    public RecordsPage {
        records = List.copyOf(records);
    }

    /** What a {@code 204 No Content} or {@code 304 Not Modified} answer means. */
    public static RecordsPage empty() {
        return new RecordsPage(List.of(), false, null);
    }
}
