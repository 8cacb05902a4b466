package io.crmpulse.sinks.twilio;

import io.crmpulse.sinks.twilio.SendOutcome.Disposition;
import java.util.Map;
import java.util.Set;
import javax.annotation.Nullable;

/**
 * Classifies every Twilio outcome into an action (README, "Delivery: the outbox").
 *
 * <ul>
 *   <li>Permanent: 20003 (credentials), 21211 (invalid To), 21408 (region not enabled), 21610
 *       (opted out), 21617 (body too long), 21654 (variables without a template), 63007 (From is
 *       not a WhatsApp sender), 63015 (sandbox recipient not joined), and any other 4xx: the
 *       message was not created and the same request would be refused again.
 *   <li>Retry later: HTTP 429 or error 20429 ("never processed and always safe to retry"), the
 *       channel and queue limits 63018, 21611 and 30001, and a connection that could not be made.
 *   <li>Ambiguous: a 5xx, or no response after the request was sent. Twilio may have created the
 *       message, so it is reconciled against Twilio's message list before any resend.
 * </ul>
 */
public final class TwilioErrorPolicy {

    /** Refused for good: recorded, never retried. */
    public static final Set<Integer> PERMANENT_CODES =
            Set.of(20003, 21211, 21408, 21610, 21617, 21654, 63007, 63015);

    /** Twilio did not process the request, or asks to slow down: retried with backoff. */
    public static final Set<Integer> RETRY_CODES = Set.of(20429, 63018, 21611, 30001);

    private static final Map<Integer, String> ADVICE =
            Map.ofEntries(
                    Map.entry(
                            20003,
                            "Twilio refused the credentials: check TWILIO_ACCOUNT_SID and"
                                    + " TWILIO_AUTH_TOKEN"),
                    Map.entry(
                            21211,
                            "the recipient is not a valid number: check RECIPIENT_PHONE_NUMBER"),
                    Map.entry(
                            21408,
                            "sending to this country is not enabled: allow it under Messaging"
                                    + " Geo Permissions in the Twilio Console"),
                    Map.entry(
                            21610,
                            "the recipient opted out (replied STOP); they must send START to the"
                                    + " sender before they can receive messages again"),
                    Map.entry(
                            21617,
                            "the body is over 1,600 characters; this is a bug in the message"
                                    + " composer"),
                    Map.entry(
                            21654,
                            "content variables were sent without a template; this is a bug in"
                                    + " the sender"),
                    Map.entry(
                            63007,
                            "TWILIO_FROM_NUMBER is not a WhatsApp sender of this Twilio account"
                                    + " (or it is still pending approval)"),
                    Map.entry(
                            63015,
                            "the recipient has not joined the WhatsApp sandbox (or joined more"
                                    + " than 3 days ago): they must send 'join <code>' to the"
                                    + " sandbox number"),
                    Map.entry(
                            20429, "too many concurrent requests to Twilio; retried with backoff"),
                    Map.entry(
                            63016,
                            "outside WhatsApp's 24-hour window a free-form message is refused:"
                                    + " set TWILIO_CONTENT_SID to an approved template"));

    private TwilioErrorPolicy() {}

    /**
     * Classifies an HTTP response that was not a success.
     *
     * @param httpStatus the HTTP status, or null if no response came back
     * @param code Twilio's error code from the response body, or null
     */
    public static Disposition classify(@Nullable Integer httpStatus, @Nullable Integer code) {
        if (code != null && PERMANENT_CODES.contains(code)) {
            return Disposition.PERMANENT;
        }
        if ((code != null && RETRY_CODES.contains(code))
                || (httpStatus != null && httpStatus == 429)) {
            return Disposition.RETRY;
        }
        if (httpStatus == null || httpStatus >= 500) {
            return Disposition.AMBIGUOUS;
        }
        if (httpStatus >= 400) {
            return Disposition.PERMANENT;
        }
        // A 1xx-3xx that the SDK could not read as a message: nobody knows what happened.
        return Disposition.AMBIGUOUS;
    }

    /**
     * Classifies a request that got no response at all.
     *
     * @param requestMayHaveArrived false if the connection could not even be made
     */
    public static Disposition classifyNoResponse(boolean requestMayHaveArrived) {
        return requestMayHaveArrived ? Disposition.AMBIGUOUS : Disposition.RETRY;
    }

    /** What an operator should do about an error code, or null when there is nothing known. */
    @Nullable
    public static String advice(@Nullable Integer code) {
        return code == null ? null : ADVICE.get(code);
    }
}
