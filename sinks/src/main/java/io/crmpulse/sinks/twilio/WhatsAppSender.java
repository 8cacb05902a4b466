package io.crmpulse.sinks.twilio;

import java.time.Instant;
import java.util.List;

/**
 * Sends WhatsApp messages through a provider (Twilio; {@link TwilioWhatsAppSender}) and lists what
 * it sent, so that an attempt whose outcome was lost can be reconciled before any resend.
 */
public interface WhatsAppSender extends AutoCloseable {

    /**
     * Makes exactly one attempt to send {@code content} to {@code to} and classifies the outcome.
     * Never throws for a provider or network failure: that is an outcome too.
     *
     * @param to {@code whatsapp:+E164}
     */
    SendOutcome send(String to, WhatsAppContent content);

    /**
     * The messages from this sender to {@code to} that the provider created at or after {@code
     * since}, newest first: those still queued as well as those already sent.
     *
     * @throws WhatsAppLookupException if the provider cannot be asked now
     */
    List<ProviderMessage> messagesSince(String to, Instant since);

    /**
     * The body the provider lists for a message sent with {@code content}: its text, or in template
     * mode the template rendered with its variables. Reconciliation matches on it.
     */
    String listedBody(WhatsAppContent content);

    @Override
    void close();
}
