package io.crmpulse.zoho.model;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Zoho's date-times: ISO-8601 with an offset, in the API user's zone with that day's offset ({@code
 * 2026-03-04T09:15:30+05:30}, {@code -08:00} in winter and {@code -07:00} in summer, {@code Z} or
 * {@code +00:00} for UTC). Parse the offset, never compare the text.
 */
public final class ZohoDateTime {

    /** {@code yyyy-MM-ddTHH:mm:ss+HH:MM}, the shape Zoho writes. */
    private static final int ZOHO_SHAPE_LENGTH = 25;

    private ZohoDateTime() {}

    /**
     * The instant of {@code text} (stripped), exactly as {@link OffsetDateTime#parse} reads it.
     * Zoho's own shape is read without a {@code DateTimeFormatter}, twenty times faster (every
     * record has two or three date-times: BENCHMARKS.md, "Speed-ups"); any other text goes to
     * {@link OffsetDateTime#parse}, which also judges a field out of range.
     *
     * @throws DateTimeParseException as {@link OffsetDateTime#parse} does
     */
    public static Instant parse(String text) {
        String s = text.strip();
        if (s.length() == ZOHO_SHAPE_LENGTH) {
            Instant instant = zohoShape(s);
            if (instant != null) {
                return instant;
            }
        }
        return OffsetDateTime.parse(s).toInstant();
    }

    /** The instant of Zoho's shape, or null if {@code s} has another or a field is out of range. */
    private static Instant zohoShape(String s) {
        char sign = s.charAt(19);
        if (s.charAt(4) != '-'
                || s.charAt(7) != '-'
                || s.charAt(10) != 'T'
                || s.charAt(13) != ':'
                || s.charAt(16) != ':'
                || (sign != '+' && sign != '-')
                || s.charAt(22) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
        int offsetHours = digits(s, 20, 22);
        int offsetMinutes = digits(s, 23, 25);
        if ((year | month | day | hour | minute | second | offsetHours | offsetMinutes) < 0) {
            return null;
        }
        try {
            int direction = sign == '-' ? -1 : 1;
            ZoneOffset offset =
                    ZoneOffset.ofHoursMinutes(direction * offsetHours, direction * offsetMinutes);
            return Instant.ofEpochSecond(
                    LocalDateTime.of(year, month, day, hour, minute, second).toEpochSecond(offset));
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The ASCII digits of {@code s} from {@code start} to {@code end} as a number, or -1. */
    private static int digits(String s, int start, int end) {
        int value = 0;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
