package io.crmpulse.zoho.client;

/**
 * The two Zoho CRM calls an incremental sync needs. Each method is exactly one API call (plus an
 * access-token refresh when one is due, and one retry after a refresh on {@code 401
 * INVALID_TOKEN}); paging, cursors and scheduling belong to the caller.
 *
 * <p>Every response is classified before it is acted on. Failures surface as {@link
 * ZohoApiException}: {@link ZohoApiException.Kind#RETRY_LATER} for rate limits, 5xx, timeouts and
 * unparseable bodies (with the server's {@code Retry-After} when it sent one), and {@link
 * ZohoApiException.Kind#FATAL} for errors that a retry cannot fix (revoked refresh token, unknown
 * module, missing scope), with a message that says what to change.
 *
 * <p>Implementations are used from one thread at a time.
 */
public interface ZohoCrmClient extends AutoCloseable {

    /**
     * One Get Records call: {@code GET /crm/v8/{module}} sorted by {@code Modified_Time} ascending,
     * 200 per page. A {@code 204} or {@code 304} answer is a page with no records.
     */
    RecordsPage getRecords(RecordsRequest request);

    /** One Get Deleted Records call: {@code GET /crm/v8/{module}/deleted?type=all}. */
    DeletedPage getDeletedRecords(DeletedRequest request);

    @Override
    void close();
}
