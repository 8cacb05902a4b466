package io.crmpulse.zoho.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Objects;
import javax.annotation.Nullable;

/**
 * A Zoho response after {@link ZohoResponseClassifier} looked at it.
 *
 * @param responseClass what to do about it
 * @param httpStatus the HTTP status
 * @param zohoCode Zoho's error code ({@code code} of the API's error body, {@code error} of the
 *     token endpoint's), when it sent one
 * @param zohoMessage Zoho's {@code message} or {@code error_description}, when it sent one
 * @param retryAfter the server's {@code Retry-After}, when it sent one
 * @param description what happened and, for {@link ZohoResponseClass#FATAL}, what to fix; safe to
 *     log (never a token, a secret or record contents)
 * @param body the parsed JSON object for {@link ZohoResponseClass#OK}, else {@code null}
 */
public record ClassifiedResponse(
        ZohoResponseClass responseClass,
        int httpStatus,
        @Nullable String zohoCode,
        @Nullable String zohoMessage,
        @Nullable Duration retryAfter,
        String description,
        @Nullable JsonNode body) {

    public ClassifiedResponse {
        Objects.requireNonNull(responseClass, "responseClass");
        Objects.requireNonNull(description, "description");
    }

    /**
     * The exception that reports this response to the caller of {@link ZohoCrmClient}.
     *
     * @throws IllegalStateException for {@code OK}, {@code NO_CONTENT} and {@code
     *     REFRESH_AND_RETRY}, which the client handles itself
     */
    public ZohoApiException toException() {
        return switch (responseClass) {
            case RETRY_LATER ->
                    new ZohoApiException(
                            ZohoApiException.Kind.RETRY_LATER,
                            zohoCode,
                            description,
                            retryAfter,
                            null);
            case RESTART_SCAN ->
                    new ZohoApiException(
                            ZohoApiException.Kind.RESTART_SCAN, zohoCode, description, null, null);
            case FATAL -> ZohoApiException.fatal(zohoCode, description);
            default ->
                    throw new IllegalStateException(
                            responseClass + " is not a failure: " + description);
        };
    }

    @Override
    public String toString() {
        return "ClassifiedResponse{"
                + responseClass
                + ", HTTP "
                + httpStatus
                + (zohoCode == null ? "" : ", " + zohoCode)
                + (retryAfter == null ? "" : ", retry after " + retryAfter)
                + ", "
                + description
                + "}";
    }
}
