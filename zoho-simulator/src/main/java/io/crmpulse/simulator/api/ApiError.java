package io.crmpulse.simulator.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Zoho API error, thrown by request parsing and turned into Zoho's error body {@code {"code",
 * "details", "message", "status":"error"}} by the server. The factories carry Zoho's codes,
 * statuses and, where Zoho's text is known, its messages.
 */
final class ApiError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int httpStatus;
    private final String code;
    private final Map<String, Object> details;

    ApiError(int httpStatus, String code, String message, Map<String, Object> details) {
        super(message, null, false, false);
        this.httpStatus = httpStatus;
        this.code = code;
        this.details = details;
    }

    int httpStatus() {
        return httpStatus;
    }

    String code() {
        return code;
    }

    Reply toReply() {
        return Reply.json(httpStatus, body(code, getMessage(), details));
    }

    /** Zoho's error body; the key order follows Zoho's responses. */
    static Map<String, Object> body(String code, String message, Map<String, Object> details) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("details", details);
        body.put("message", message);
        body.put("status", "error");
        return body;
    }

    static ApiError invalidToken() {
        return new ApiError(401, "INVALID_TOKEN", "invalid oauth token", Map.of());
    }

    static ApiError invalidModule() {
        return new ApiError(
                400, "INVALID_MODULE", "the module name given seems to be invalid", Map.of());
    }

    static ApiError invalidUrlPattern() {
        return new ApiError(
                404,
                "INVALID_URL_PATTERN",
                "Please check if the URL trying to access is a correct one",
                Map.of());
    }

    static ApiError invalidMethod() {
        return new ApiError(
                400,
                "INVALID_REQUEST_METHOD",
                "The http request method type is not a valid one",
                Map.of());
    }

    static ApiError requiredParamMissing(String param) {
        return new ApiError(
                400,
                "REQUIRED_PARAM_MISSING",
                "One of the expected parameter is missing",
                Map.of("param_name", param));
    }

    static ApiError limitExceeded(String param, int limit) {
        return new ApiError(
                400,
                "LIMIT_EXCEEDED",
                "the number of " + param + " exceeds the limit",
                Map.of("param_name", param, "limit", limit));
    }

    static ApiError invalidData(String param, String message) {
        return new ApiError(400, "INVALID_DATA", message, Map.of("param_name", param));
    }

    static ApiError discretePaginationLimit() {
        return new ApiError(
                400,
                "DISCRETE_PAGINATION_LIMIT_EXCEEDED",
                "You can only get the first 2000 records without using page_token param",
                Map.of("limit", 2000));
    }

    static ApiError tokenBoundDataMismatch() {
        return new ApiError(
                400,
                "TOKEN_BOUND_DATA_MISMATCH",
                "the page_token is invalid or an input param is added, altered, or deleted",
                Map.of("param_name", "page_token"));
    }

    static ApiError expiredPageToken() {
        return new ApiError(
                400,
                "EXPIRED_VALUE",
                "page_token is valid only for 24 hours",
                Map.of("param_name", "page_token"));
    }

    static ApiError ambiguity(String first, String second) {
        return new ApiError(
                400,
                "AMBIGUITY_DURING_PROCESSING",
                first + " and " + second + " cannot be given together",
                Map.of("ambiguity_due_to", List.of(first, second)));
    }

    static ApiError paginationLimit(int limit) {
        return new ApiError(
                400,
                "PAGINATION_LIMIT_EXCEEDED",
                "You can only get the first " + limit + " records using page_token param",
                Map.of("limit", limit));
    }

    static ApiError patternNotMatched(String param) {
        return new ApiError(
                400,
                "PATTERN_NOT_MATCHED",
                "Please check whether the input values are correct",
                Map.of("param_name", param));
    }

    static ApiError tooManyRequests() {
        return new ApiError(
                429,
                "TOO_MANY_REQUESTS",
                "Number of API requests for the 24 hour period is exceeded or the concurrency"
                        + " limit of the user for the app is exceeded",
                Map.of());
    }

    static ApiError internalError() {
        return new ApiError(500, "INTERNAL_ERROR", "Internal Server Error", Map.of());
    }
}
