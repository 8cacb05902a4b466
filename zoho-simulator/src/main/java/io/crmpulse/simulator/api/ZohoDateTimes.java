package io.crmpulse.simulator.api;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** Zoho's datetime text: ISO-8601, second precision, a numeric offset ({@code +00:00}, never Z). */
final class ZohoDateTimes {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx", Locale.ROOT);

    private ZohoDateTimes() {}

    /** The instant in the user's zone, with the offset in force at that instant (DST-aware). */
    static String format(Instant instant, ZoneId userZone) {
        return instant == null
                ? null
                : FORMAT.format(instant.truncatedTo(ChronoUnit.SECONDS).atZone(userZone));
    }

    /**
     * Parses an {@code If-Modified-Since} header: ISO-8601 with an offset or {@code Z} (what Zoho
     * documents), or an RFC 1123 HTTP date (what generic HTTP clients send).
     */
    static Instant parseHeader(String value) {
        String text = value.trim();
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeException isoFailed) {
            try {
                return OffsetDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            } catch (DateTimeException httpDateFailed) {
                throw ApiError.invalidData(
                        "If-Modified-Since",
                        "If-Modified-Since must be an ISO-8601 datetime with an offset");
            }
        }
    }
}
