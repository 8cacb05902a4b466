package io.crmpulse.zoho.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.OptionalLong;
import javax.annotation.Nullable;

/** The client's one JSON mapper and the small helpers the parsers share. */
final class ZohoJson {

    /**
     * Reads decimals as {@code BigDecimal} and keeps their trailing zeros, so that a record's JSON
     * text is re-serialized with {@code "Amount":12345.60} exactly as Zoho sent it rather than
     * rounded through a double.
     */
    static final ObjectMapper MAPPER =
            JsonMapper.builder()
                    .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
                    .build();

    private static final int SNIPPET_LENGTH = 80;

    private ZohoJson() {}

    /** The body as a JSON object, or {@code null} when it is empty, not JSON or not an object. */
    @Nullable
    static ObjectNode parseObject(@Nullable String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            return node instanceof ObjectNode object ? object : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    static String compact(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            // A tree that was just parsed always serializes.
            throw new UncheckedIOException(e);
        }
    }

    /** The field as text when it is a non-blank string or a number, else {@code null}. */
    @Nullable
    static String text(@Nullable JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || !(value.isTextual() || value.isNumber())) {
            return null;
        }
        String text = value.asText();
        return text.isBlank() ? null : text;
    }

    /** The field as a whole number (a JSON number or a numeric string). */
    static OptionalLong longValue(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null) {
            return OptionalLong.empty();
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return OptionalLong.of(value.longValue());
        }
        if (value.isTextual()) {
            try {
                return OptionalLong.of(Long.parseLong(value.asText().strip()));
            } catch (NumberFormatException e) {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.empty();
    }

    /**
     * A loggable glimpse of a body that is not JSON (a proxy's or a maintenance page's HTML). A
     * body that looks like JSON is never echoed: a truncated page of records carries personal data,
     * and a truncated token response carries a token.
     */
    static String glimpse(@Nullable String body) {
        if (body == null || body.isEmpty()) {
            return "an empty body";
        }
        String trimmed = body.strip();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            return "a truncated or invalid JSON body of " + body.length() + " chars";
        }
        String oneLine = trimmed.replaceAll("\\s+", " ");
        if (oneLine.length() > SNIPPET_LENGTH) {
            oneLine = oneLine.substring(0, SNIPPET_LENGTH) + "...";
        }
        return "a body that is not JSON, starting '" + oneLine + "'";
    }
}
