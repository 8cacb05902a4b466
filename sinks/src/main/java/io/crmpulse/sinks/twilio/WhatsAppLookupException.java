package io.crmpulse.sinks.twilio;

/** The provider's message list could not be read; reconciliation waits and tries again. */
public final class WhatsAppLookupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public WhatsAppLookupException(String message, Throwable cause) {
        super(message, cause);
    }
}
