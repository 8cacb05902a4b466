package io.crmpulse.zoho.client;

/**
 * Told about every HTTP call the client makes, so that the Flink source can count API calls per
 * module ({@code sync_state.api_calls}) and watch the status codes. Called on the calling thread,
 * once per call, after the response was read; it must be quick and must not throw.
 */
@FunctionalInterface
public interface ZohoCallListener {

    /** A Get Records call ({@code GET /crm/v8/{module}}). */
    String RECORDS = "records";

    /** A Get Deleted Records call ({@code GET /crm/v8/{module}/deleted}). */
    String DELETED = "deleted";

    /** An access-token refresh ({@code POST /oauth/v2/token}); it costs no CRM API credit. */
    String TOKEN = "token";

    /** Ignores every call. */
    ZohoCallListener NO_OP = (module, endpoint, httpStatus) -> {};

    /**
     * @param module the module whose call this was (for {@link #TOKEN}: the module whose call
     *     needed a new token)
     * @param endpoint {@link #RECORDS}, {@link #DELETED} or {@link #TOKEN}
     * @param httpStatus the response's status, or {@code -1} when no complete response arrived
     *     (timeout, connection reset, DNS failure)
     */
    void onCall(String module, String endpoint, int httpStatus);
}
