package io.crmpulse.zoho.model;

/** What happened to a CRM record. */
public enum ChangeOp {
    /** The record was created or edited; {@link RecordChange#getFieldsJson()} holds its fields. */
    UPSERT,
    /** The record was deleted (recycle bin or permanently); it has no fields. */
    DELETE,
    /**
     * Zoho sent an item the source could not read (no {@code id}, or no valid {@code
     * Modified_Time}). {@link RecordChange#getFieldsJson()} holds it as sent and {@link
     * RecordChange#getProblem()} says what is wrong; downstream it goes to {@code dead_letters}.
     */
    MALFORMED,
    /**
     * Not a record: a module's sync completed a poll. {@link RecordChange#getFieldsJson()} holds
     * {@code cursor}, {@code changes_emitted}, {@code api_calls} (totals since the sync began),
     * {@code poll_started_at} and {@code poll_completed_at}, for the {@code sync_state} table.
     */
    SYNC_PROGRESS,
    /**
     * Not a record: a module's poll could not run because Zoho's accounts server would not refresh
     * the OAuth access token; the source retries with back-off. {@link
     * RecordChange#getFieldsJson()} holds {@code token_refresh_failed} (the reason, without
     * secrets). Downstream it sends the data-stale alert at once rather than after the poll lag.
     */
    SYNC_FAILURE
}
