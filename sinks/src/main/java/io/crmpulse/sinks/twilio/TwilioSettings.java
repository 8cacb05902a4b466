package io.crmpulse.sinks.twilio;

import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import javax.annotation.Nullable;

/**
 * Where and to whom WhatsApp messages go, read from the environment (README, "Configuration") and
 * checked at start.
 *
 * <ul>
 *   <li>{@code TWILIO_ACCOUNT_SID}, {@code TWILIO_AUTH_TOKEN}, {@code TWILIO_FROM_NUMBER}: all
 *       three, or none for dry-run mode (messages are composed, logged and kept as {@code
 *       dry_run}).
 *   <li>{@code RECIPIENT_PHONE_NUMBER}: one or more numbers, comma-separated.
 *   <li>{@code TWILIO_API_URL}: the API base, default {@value #DEFAULT_API_URL}.
 *   <li>{@code TWILIO_CONTENT_SID}: an approved Content template ({@code HX} + 32 hex); when set,
 *       every message is sent as that template with content variables instead of a free-form body,
 *       which WhatsApp requires outside the 24-hour window after the recipient's last message.
 * </ul>
 *
 * <p>Numbers are E.164 ({@code +} and 8 to 15 digits), with or without the {@code whatsapp:}
 * prefix, and are kept as {@code whatsapp:+E164}. A wrong value throws a {@link
 * TwilioSettingsException} naming the variable. The auth token is never part of a message or of
 * {@link #toString()}.
 */
public final class TwilioSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final String ACCOUNT_SID_ENV = "TWILIO_ACCOUNT_SID";
    public static final String AUTH_TOKEN_ENV = "TWILIO_AUTH_TOKEN";
    public static final String FROM_NUMBER_ENV = "TWILIO_FROM_NUMBER";
    public static final String RECIPIENTS_ENV = "RECIPIENT_PHONE_NUMBER";
    public static final String API_URL_ENV = "TWILIO_API_URL";
    public static final String CONTENT_SID_ENV = "TWILIO_CONTENT_SID";

    public static final String DEFAULT_API_URL = "https://api.twilio.com";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(20);

    public static final String WHATSAPP_PREFIX = "whatsapp:";

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{7,14}");
    private static final Pattern ACCOUNT_SID = Pattern.compile("AC[0-9a-fA-F]{32}");
    private static final Pattern CONTENT_SID = Pattern.compile("HX[0-9a-fA-F]{32}");

    @Nullable private final String accountSid;
    @Nullable private final String authToken;
    @Nullable private final String fromNumber;
    private final List<String> recipients;
    private final URI apiUrl;
    @Nullable private final String contentSid;
    private final Duration connectTimeout;
    private final Duration readTimeout;

    private TwilioSettings(
            @Nullable String accountSid,
            @Nullable String authToken,
            @Nullable String fromNumber,
            List<String> recipients,
            URI apiUrl,
            @Nullable String contentSid,
            Duration connectTimeout,
            Duration readTimeout) {
        this.accountSid = accountSid;
        this.authToken = authToken;
        this.fromNumber = fromNumber;
        this.recipients = List.copyOf(recipients);
        this.apiUrl = apiUrl;
        this.contentSid = contentSid;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    /**
     * Reads and checks the Twilio variables of {@code env} (usually {@code System.getenv()}).
     *
     * @throws TwilioSettingsException naming the variable whose value is wrong
     */
    public static TwilioSettings fromEnv(Map<String, String> env) {
        String accountSid = trimmed(env, ACCOUNT_SID_ENV);
        String authToken = trimmed(env, AUTH_TOKEN_ENV);
        String from = trimmed(env, FROM_NUMBER_ENV);

        int given =
                (accountSid == null ? 0 : 1) + (authToken == null ? 0 : 1) + (from == null ? 0 : 1);
        if (given > 0 && given < 3) {
            String missing =
                    accountSid == null
                            ? ACCOUNT_SID_ENV
                            : authToken == null ? AUTH_TOKEN_ENV : FROM_NUMBER_ENV;
            throw new TwilioSettingsException(
                    missing,
                    missing
                            + " is not set: set "
                            + ACCOUNT_SID_ENV
                            + ", "
                            + AUTH_TOKEN_ENV
                            + " and "
                            + FROM_NUMBER_ENV
                            + " together to send WhatsApp messages, or none of them for dry-run"
                            + " mode (messages are only logged)");
        }
        if (accountSid != null && !ACCOUNT_SID.matcher(accountSid).matches()) {
            throw new TwilioSettingsException(
                    ACCOUNT_SID_ENV,
                    ACCOUNT_SID_ENV
                            + "='"
                            + accountSid
                            + "' is not a Twilio Account SID: expected AC followed by 32"
                            + " hexadecimal characters, as shown under Account Info in the Twilio"
                            + " Console");
        }
        if (authToken != null && !authToken.chars().allMatch(c -> c > ' ' && c < 127)) {
            // The value itself stays out of the message: it is a secret.
            throw new TwilioSettingsException(
                    AUTH_TOKEN_ENV,
                    AUTH_TOKEN_ENV
                            + " contains spaces or characters outside printable ASCII: copy the"
                            + " Auth Token (or API key secret) from the Twilio Console again");
        }
        String fromNumber = from == null ? null : whatsAppNumber(FROM_NUMBER_ENV, from, "");

        List<String> recipients = parseRecipients(trimmed(env, RECIPIENTS_ENV));
        if (accountSid != null && recipients.isEmpty()) {
            throw new TwilioSettingsException(
                    RECIPIENTS_ENV,
                    RECIPIENTS_ENV
                            + " is not set: give at least one WhatsApp number in E.164 form (+"
                            + " and 8 to 15 digits, e.g. +919876543210), several separated by"
                            + " commas");
        }
        if (fromNumber != null && recipients.contains(fromNumber)) {
            throw new TwilioSettingsException(
                    RECIPIENTS_ENV,
                    RECIPIENTS_ENV
                            + " contains "
                            + fromNumber
                            + ", which is "
                            + FROM_NUMBER_ENV
                            + ": Twilio cannot send a message to its own sender");
        }

        URI apiUrl = parseApiUrl(trimmed(env, API_URL_ENV));

        String contentSid = trimmed(env, CONTENT_SID_ENV);
        if (contentSid != null && !CONTENT_SID.matcher(contentSid).matches()) {
            throw new TwilioSettingsException(
                    CONTENT_SID_ENV,
                    CONTENT_SID_ENV
                            + "='"
                            + contentSid
                            + "' is not a Content SID: expected HX followed by 32 hexadecimal"
                            + " characters (Content Template Builder in the Twilio Console), or"
                            + " unset to send free-form messages");
        }
        return new TwilioSettings(
                accountSid,
                authToken,
                fromNumber,
                recipients,
                apiUrl,
                contentSid,
                DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_READ_TIMEOUT);
    }

    /** The same settings with other HTTP timeouts (tests use short ones). */
    public TwilioSettings withTimeouts(Duration connect, Duration read) {
        if (connect.isNegative() || connect.isZero() || read.isNegative() || read.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        return new TwilioSettings(
                accountSid, authToken, fromNumber, recipients, apiUrl, contentSid, connect, read);
    }

    /**
     * Normalizes a number to {@code whatsapp:+E164}.
     *
     * @throws TwilioSettingsException naming {@code variable} if it is not E.164
     */
    static String whatsAppNumber(String variable, String value, String where) {
        String number = value.trim();
        if (number.regionMatches(true, 0, WHATSAPP_PREFIX, 0, WHATSAPP_PREFIX.length())) {
            number = number.substring(WHATSAPP_PREFIX.length()).trim();
        }
        if (!E164.matcher(number).matches()) {
            throw new TwilioSettingsException(
                    variable,
                    variable
                            + "='"
                            + value
                            + "'"
                            + where
                            + " is not a phone number in E.164 form: expected + and 8 to 15"
                            + " digits without spaces, optionally prefixed by whatsapp: (e.g."
                            + " whatsapp:+14155238886)");
        }
        return WHATSAPP_PREFIX + number;
    }

    private static List<String> parseRecipients(@Nullable String value) {
        if (value == null) {
            return List.of();
        }
        Set<String> numbers = new LinkedHashSet<>();
        String[] items = value.split(",", -1);
        List<String> blank = new ArrayList<>();
        for (int i = 0; i < items.length; i++) {
            String item = items[i].trim();
            if (item.isEmpty()) {
                blank.add(String.valueOf(i + 1));
                continue;
            }
            numbers.add(
                    whatsAppNumber(RECIPIENTS_ENV, item, " (number " + (i + 1) + " of the list)"));
        }
        if (!blank.isEmpty()) {
            throw new TwilioSettingsException(
                    RECIPIENTS_ENV,
                    RECIPIENTS_ENV
                            + "='"
                            + value
                            + "' has an empty entry (number "
                            + String.join(", ", blank)
                            + "): separate E.164 numbers with single commas, e.g."
                            + " +919876543210,+14155550100");
        }
        return new ArrayList<>(numbers);
    }

    private static URI parseApiUrl(@Nullable String value) {
        if (value == null) {
            return URI.create(DEFAULT_API_URL);
        }
        String allowed =
                API_URL_ENV
                        + "='"
                        + value
                        + "' must be a base URL: http or https, a host and an optional port, no"
                        + " path, e.g. "
                        + DEFAULT_API_URL
                        + " or http://127.0.0.1:8080";
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new TwilioSettingsException(API_URL_ENV, allowed);
        }
        String scheme = uri.getScheme();
        String path = uri.getRawPath();
        if (scheme == null
                || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || uri.getHost() == null
                || uri.getRawUserInfo() != null
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null
                || (path != null && !path.isEmpty() && !path.equals("/"))) {
            throw new TwilioSettingsException(API_URL_ENV, allowed);
        }
        return URI.create(
                scheme.toLowerCase(java.util.Locale.ROOT)
                        + "://"
                        + uri.getHost()
                        + (uri.getPort() == -1 ? "" : ":" + uri.getPort()));
    }

    @Nullable
    private static String trimmed(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        return value.trim();
    }

    /** True when Twilio is not configured: messages are logged and kept as {@code dry_run}. */
    public boolean dryRun() {
        return accountSid == null;
    }

    /** True when messages are sent as the {@code TWILIO_CONTENT_SID} template. */
    public boolean templateMode() {
        return contentSid != null;
    }

    @Nullable
    public String accountSid() {
        return accountSid;
    }

    /** The secret; for the HTTP client only, never for a message or a log. */
    @Nullable
    String authToken() {
        return authToken;
    }

    /** {@code whatsapp:+E164}, or null in dry-run mode. */
    @Nullable
    public String fromNumber() {
        return fromNumber;
    }

    /** The recipients as {@code whatsapp:+E164}, in the order given, without repeats. */
    public List<String> recipients() {
        return recipients;
    }

    public URI apiUrl() {
        return apiUrl;
    }

    @Nullable
    public String contentSid() {
        return contentSid;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration readTimeout() {
        return readTimeout;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TwilioSettings)) {
            return false;
        }
        TwilioSettings that = (TwilioSettings) o;
        return Objects.equals(accountSid, that.accountSid)
                && Objects.equals(authToken, that.authToken)
                && Objects.equals(fromNumber, that.fromNumber)
                && recipients.equals(that.recipients)
                && apiUrl.equals(that.apiUrl)
                && Objects.equals(contentSid, that.contentSid)
                && connectTimeout.equals(that.connectTimeout)
                && readTimeout.equals(that.readTimeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(accountSid, fromNumber, recipients, apiUrl, contentSid);
    }

    @Override
    public String toString() {
        if (dryRun()) {
            return "TwilioSettings{dry-run, recipients=" + recipients + "}";
        }
        return "TwilioSettings{accountSid="
                + accountSid
                + ", authToken=***, from="
                + fromNumber
                + ", recipients="
                + recipients
                + ", apiUrl="
                + apiUrl
                + (contentSid == null ? "" : ", contentSid=" + contentSid)
                + "}";
    }
}
