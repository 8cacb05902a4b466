package io.crmpulse.sinks.twilio;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One WhatsApp message, in both forms a sender may need: the free-form {@code text} (at most 1,600
 * characters) and the {@code variables} of the approved template ({@code TWILIO_CONTENT_SID}).
 *
 * @param text the body of a free-form message, also what dry-run mode logs
 * @param variables the template's content variables, keyed "1", "2", ...; already sanitized
 */
public record WhatsAppContent(String text, Map<String, String> variables) {

    public WhatsAppContent {
        Objects.requireNonNull(text, "text");
        variables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(variables));
    }
}
