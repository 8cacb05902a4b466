package io.crmpulse.sinks.twilio;

import java.time.Instant;
import javax.annotation.Nullable;

/**
 * A message as the provider lists it, for reconciling an attempt whose outcome was lost.
 *
 * @param sid the provider's id ({@code SM...})
 * @param to {@code whatsapp:+E164}
 * @param from {@code whatsapp:+E164}
 * @param body the text as sent (a template's rendered text)
 * @param status the provider's status, e.g. {@code queued}
 * @param dateCreated when the provider created it
 */
public record ProviderMessage(
        String sid,
        String to,
        @Nullable String from,
        @Nullable String body,
        @Nullable String status,
        @Nullable Instant dateCreated) {}
