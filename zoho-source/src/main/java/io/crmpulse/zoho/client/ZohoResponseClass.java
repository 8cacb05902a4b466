package io.crmpulse.zoho.client;

/** What a Zoho response means for the caller; see {@link ZohoResponseClassifier}. */
public enum ZohoResponseClass {
    /** A JSON object to read. */
    OK,
    /** {@code 204} or {@code 304}: nothing (new) to read; the body is empty and never parsed. */
    NO_CONTENT,
    /** The access token was refused: mint a new one and send the same call once more. */
    REFRESH_AND_RETRY,
    /** Transient: rate limit, 5xx, timeout, a body that is not JSON. Send the same call later. */
    RETRY_LATER,
    /** The scan's page token is no longer usable: restart the scan from the cursor. */
    RESTART_SCAN,
    /** A retry cannot fix it: stop and tell the operator what to change. */
    FATAL
}
