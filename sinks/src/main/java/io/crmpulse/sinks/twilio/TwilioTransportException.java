package io.crmpulse.sinks.twilio;

import com.twilio.exception.ApiException;

/**
 * No HTTP response came back from Twilio. {@link #requestMayHaveArrived()} tells a refused or
 * timed-out connection (nothing was sent: safe to retry) from a failure after the request was on
 * its way (a read timeout, a dropped connection: Twilio may have created the message).
 */
public final class TwilioTransportException extends ApiException {

    private static final long serialVersionUID = 1L;

    private final boolean requestMayHaveArrived;

    public TwilioTransportException(
            String message, Throwable cause, boolean requestMayHaveArrived) {
        super(message, cause);
        this.requestMayHaveArrived = requestMayHaveArrived;
    }

    public boolean requestMayHaveArrived() {
        return requestMayHaveArrived;
    }
}
