package io.crmpulse.zoho.client;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import javax.annotation.Nullable;

/**
 * The parameters of one Get Records call.
 *
 * @param module the module's API name, e.g. {@code Leads}
 * @param fields the field API names to return (Zoho requires them; at most 50)
 * @param ifModifiedSince sent as {@code If-Modified-Since}; {@code null} reads every record
 * @param pageToken {@code info.next_page_token} of the previous page of the same scan; {@code null}
 *     for the first page. Every other parameter must be the same on every page of a scan.
 */
public record RecordsRequest(
        String module,
        List<String> fields,
        @Nullable Instant ifModifiedSince,
        @Nullable String pageToken) {

    /** Zoho's maximum, and the page size this client always asks for. */
    public static final int PER_PAGE = 200;

    /** Zoho's limit on the number of fields of one call. */
    public static final int MAX_FIELDS = 50;

    public RecordsRequest {
        Objects.requireNonNull(module, "module");
        fields = List.copyOf(fields);
        if (fields.isEmpty() || fields.size() > MAX_FIELDS) {
            throw new IllegalArgumentException(
                    "Zoho needs between 1 and "
                            + MAX_FIELDS
                            + " fields per call, got "
                            + fields.size()
                            + " for "
                            + module);
        }
    }

    public static RecordsRequest firstPage(
            String module, List<String> fields, @Nullable Instant ifModifiedSince) {
        return new RecordsRequest(module, fields, ifModifiedSince, null);
    }

    /** The request for the page after {@code page}, with every other parameter unchanged. */
    public RecordsRequest nextPage(String nextPageToken) {
        return new RecordsRequest(module, fields, ifModifiedSince, nextPageToken);
    }
}
