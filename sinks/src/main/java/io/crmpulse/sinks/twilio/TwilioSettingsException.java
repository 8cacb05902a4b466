package io.crmpulse.sinks.twilio;

/**
 * A Twilio setting of the environment has a wrong value. The message names the variable and what it
 * allows, never the auth token; the job stops at start with exit code 2.
 */
public final class TwilioSettingsException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String variable;

    public TwilioSettingsException(String variable, String message) {
        super(message);
        this.variable = variable;
    }

    /** The environment variable to fix, e.g. {@code RECIPIENT_PHONE_NUMBER}. */
    public String variable() {
        return variable;
    }
}
