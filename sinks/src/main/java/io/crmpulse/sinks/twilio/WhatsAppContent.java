package io.crmpulse.sinks.twilio;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One WhatsApp message, in both forms a sender may need: the free-form {@code text} (at most 1,600
 * characters) and the {@code variables} of the approved template ({@code TWILIO_CONTENT_SID}).
 *
 * @param text the body of a free-form message, also what dry-run mode logs
 * @param variables the template's content variables, keyed "1", "2", ...; already sanitized
 */
public record WhatsAppContent(String text, Map<String, String> variables) {

    /**
     * The body of the approved template ({@code TWILIO_CONTENT_SID}) that the variables fill: the
     * README asks for exactly this text, and reconciliation looks for it, rendered, at Twilio.
     */
    public static final String TEMPLATE = "CRM Pulse {{1}}: {{2}}";

    private static final Pattern TEMPLATE_VARIABLE = Pattern.compile("\\{\\{(\\w+)}}");

    public WhatsAppContent {
        Objects.requireNonNull(text, "text");
        variables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(variables));
    }

    /** {@link #TEMPLATE} filled with the variables, as Twilio renders a template message's body. */
    public String templateText() {
        return TEMPLATE_VARIABLE
                .matcher(TEMPLATE)
                .replaceAll(m -> Matcher.quoteReplacement(variables.getOrDefault(m.group(1), "")));
    }
}
