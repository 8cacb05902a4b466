package io.crmpulse.zoho.client;

import java.time.Instant;
import java.util.Objects;
import javax.annotation.Nullable;

/**
 * The parameters of one Get Deleted Records call ({@code type=all}, 200 per page).
 *
 * @param module the module's API name
 * @param ifModifiedSince sent as {@code If-Modified-Since}; {@code null} lists every deletion Zoho
 *     still keeps (60 days in the recycle bin, 120 days permanent)
 * @param page 1-based page number (this endpoint has no page tokens)
 */
public record DeletedRequest(String module, @Nullable Instant ifModifiedSince, int page) {

    public DeletedRequest {
        Objects.requireNonNull(module, "module");
        if (page < 1) {
            throw new IllegalArgumentException("page starts at 1, got " + page);
        }
    }

    public DeletedRequest nextPage() {
        return new DeletedRequest(module, ifModifiedSince, page + 1);
    }
}
