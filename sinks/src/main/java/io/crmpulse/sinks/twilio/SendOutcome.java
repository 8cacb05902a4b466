package io.crmpulse.sinks.twilio;

import javax.annotation.Nullable;

/**
 * What one attempt to send a WhatsApp message came to, classified before anyone acts on it.
 *
 * @param disposition what to do next
 * @param sid Twilio's message SID when accepted
 * @param errorCode Twilio's error code, when it gave one (e.g. 21610)
 * @param httpStatus the HTTP status, or null when no response came back
 * @param detail a readable account of the outcome and what to do; never a secret
 */
public record SendOutcome(
        Disposition disposition,
        @Nullable String sid,
        @Nullable Integer errorCode,
        @Nullable Integer httpStatus,
        String detail) {

    /** The actions an outcome calls for. */
    public enum Disposition {
        /** Twilio created the message: record its SID. */
        ACCEPTED,
        /** Twilio refused it and would refuse it again: record the error, never retry. */
        PERMANENT,
        /** Twilio did not take it (429, no connection): back off and send again. */
        RETRY,
        /**
         * The request may have created the message (a timeout after sending, a 5xx): look for it at
         * Twilio before any resend.
         */
        AMBIGUOUS
    }

    public static SendOutcome accepted(String sid, int httpStatus) {
        return new SendOutcome(Disposition.ACCEPTED, sid, null, httpStatus, "accepted as " + sid);
    }
}
