package io.crmpulse.zoho.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ZohoDateTimeTest {

    private static final DateTimeFormatter ZOHO =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");

    @Test
    void readsZohosShapeWithItsOffset() {
        assertThat(ZohoDateTime.parse("2026-03-04T09:15:30+05:30"))
                .isEqualTo(Instant.parse("2026-03-04T03:45:30Z"));
        assertThat(ZohoDateTime.parse(" 2026-01-15T22:00:00-08:00\n"))
                .isEqualTo(Instant.parse("2026-01-16T06:00:00Z"));
        assertThat(ZohoDateTime.parse("2026-07-15T22:00:00-07:00"))
                .isEqualTo(Instant.parse("2026-07-16T05:00:00Z"));
        assertThat(ZohoDateTime.parse("2026-03-04T09:15:30-00:30"))
                .isEqualTo(Instant.parse("2026-03-04T09:45:30Z"));
    }

    @Test
    void readsOtherIsoShapesAsOffsetDateTimeDoes() {
        assertThat(ZohoDateTime.parse("2026-03-04T09:15:30Z"))
                .isEqualTo(Instant.parse("2026-03-04T09:15:30Z"));
        assertThat(ZohoDateTime.parse("2026-03-04T09:15:30.250+05:30"))
                .isEqualTo(Instant.parse("2026-03-04T03:45:30.250Z"));
        assertThat(ZohoDateTime.parse("2026-03-04T09:15+05:30"))
                .isEqualTo(Instant.parse("2026-03-04T03:45:00Z"));
    }

    @Test
    void rejectsWhatOffsetDateTimeRejects() {
        for (String text :
                new String[] {
                    "2026-02-29T10:00:00+05:30",
                    "2026-04-31T10:00:00+05:30",
                    "2026-13-01T10:00:00+05:30",
                    "2026-03-04T24:00:00+05:30",
                    "2026-03-04T09:60:00+05:30",
                    "2026-03-04T09:15:60+05:30",
                    "2026-03-04T09:15:30+18:30",
                    "2026-03-04T09:15:30+05:60",
                    "2026-03-04 09:15:30+05:30",
                    "2026-03-04T09:15:30",
                    "٢٠٢٦-03-04T09:15:30+05:30",
                    "20２6-03-04T09:15:30+05:30",
                    "",
                }) {
            assertThatThrownBy(() -> ZohoDateTime.parse(text))
                    .as(text)
                    .isInstanceOf(DateTimeParseException.class);
        }
        assertThat(ZohoDateTime.parse("2024-02-29T10:00:00+18:00"))
                .isEqualTo(Instant.parse("2024-02-28T16:00:00Z"));
    }

    /** Every text, Zoho's shape or a mutation of it: the same instant or the same refusal. */
    @Test
    void agreesWithOffsetDateTimeOnRandomTexts() {
        Random random = new Random(20261207L);
        String alphabet = "0123456789+-:TZ .x";
        int fast = 0;
        for (int i = 0; i < 200_000; i++) {
            Instant instant =
                    Instant.ofEpochSecond(
                            random.nextLong(-2_208_988_800L, 7_258_118_400L)); // 1900 to 2200
            ZoneOffset offset = ZoneOffset.ofTotalSeconds(random.nextInt(-72, 73) * 15 * 60);
            String text = ZOHO.format(instant.atOffset(offset));
            if (random.nextInt(3) == 0) {
                char[] chars = text.toCharArray();
                chars[random.nextInt(chars.length)] =
                        alphabet.charAt(random.nextInt(alphabet.length()));
                text = new String(chars);
            }
            Optional<Instant> expected = reference(text);
            if (expected.isPresent()) {
                assertThat(ZohoDateTime.parse(text)).as(text).isEqualTo(expected.get());
                fast++;
            } else {
                String rejected = text;
                assertThatThrownBy(() -> ZohoDateTime.parse(rejected))
                        .as(rejected)
                        .isInstanceOf(DateTimeParseException.class);
            }
        }
        assertThat(fast).isGreaterThan(150_000);
    }

    private static Optional<Instant> reference(String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text.strip()).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
