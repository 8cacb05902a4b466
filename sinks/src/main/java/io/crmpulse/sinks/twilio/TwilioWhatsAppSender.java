package io.crmpulse.sinks.twilio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.twilio.base.ResourceSet;
import com.twilio.exception.ApiException;
import com.twilio.exception.TwilioException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageCreator;
import com.twilio.type.PhoneNumber;
import io.crmpulse.sinks.twilio.SendOutcome.Disposition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends WhatsApp messages with the Twilio Java SDK over an injected {@link TwilioRestClient}.
 *
 * <p>{@code To} and {@code From} are {@code whatsapp:+E164}. In template mode ({@code
 * TWILIO_CONTENT_SID}) a message is {@code ContentSid} plus {@code ContentVariables} (JSON) and no
 * {@code Body}; otherwise it is the free-form {@code Body}. Each call is one attempt: the client
 * built by {@link #create} never repeats a request, and every outcome is classified by {@link
 * TwilioErrorPolicy}.
 */
public final class TwilioWhatsAppSender implements WhatsAppSender {

    private static final Logger LOG = LoggerFactory.getLogger(TwilioWhatsAppSender.class);

    /**
     * At most this many messages are read when reconciling: one recipient does not get hundreds of
     * messages in the minutes an attempt covers, and the window usually ends on the first page.
     */
    private static final int LOOKUP_LIMIT = 200;

    private static final int PAGE_SIZE = 50;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TwilioSettings settings;
    private final TwilioRestClient client;
    @Nullable private final AutoCloseable transport;

    /**
     * @param settings a configured (not dry-run) sender
     * @param client the SDK client; it should make one attempt per request (see {@link
     *     TwilioApiHttpClient})
     */
    public TwilioWhatsAppSender(TwilioSettings settings, TwilioRestClient client) {
        this(settings, client, null);
    }

    private TwilioWhatsAppSender(
            TwilioSettings settings, TwilioRestClient client, @Nullable AutoCloseable transport) {
        if (settings.dryRun()) {
            throw new IllegalArgumentException(
                    "Twilio is not configured (dry-run mode): nothing can be sent");
        }
        this.settings = settings;
        this.client = Objects.requireNonNull(client, "client");
        this.transport = transport;
    }

    /**
     * A sender whose SDK client talks to {@code TWILIO_API_URL} with one attempt per request and
     * the settings' timeouts.
     */
    public static TwilioWhatsAppSender create(TwilioSettings settings) {
        TwilioApiHttpClient http =
                new TwilioApiHttpClient(
                        settings.apiUrl(), settings.connectTimeout(), settings.readTimeout());
        TwilioRestClient client =
                new TwilioRestClient.Builder(settings.accountSid(), settings.authToken())
                        .accountSid(settings.accountSid())
                        .httpClient(http)
                        .build();
        return new TwilioWhatsAppSender(settings, client, http);
    }

    @Override
    public SendOutcome send(String to, WhatsAppContent content) {
        MessageCreator creator;
        if (settings.templateMode()) {
            // (String) null leaves Body out of the form; ContentVariables need a ContentSid.
            creator =
                    Message.creator(
                                    new PhoneNumber(to),
                                    new PhoneNumber(settings.fromNumber()),
                                    (String) null)
                            .setContentSid(settings.contentSid())
                            .setContentVariables(toJson(content));
        } else {
            creator =
                    Message.creator(
                            new PhoneNumber(to),
                            new PhoneNumber(settings.fromNumber()),
                            content.text());
        }
        try {
            Message message = creator.create(client);
            return SendOutcome.accepted(message.getSid(), 201);
        } catch (TwilioTransportException e) {
            Disposition disposition =
                    TwilioErrorPolicy.classifyNoResponse(e.requestMayHaveArrived());
            return new SendOutcome(disposition, null, null, null, e.getMessage());
        } catch (ApiException e) {
            Integer status = e.getStatusCode();
            Integer code = e.getCode();
            Disposition disposition = TwilioErrorPolicy.classify(status, code);
            return new SendOutcome(disposition, null, code, status, describe(e, code, status));
        } catch (TwilioException e) {
            // No response object (ApiConnectionException) or an unreadable success body: the
            // message may exist.
            return new SendOutcome(
                    Disposition.AMBIGUOUS,
                    null,
                    null,
                    null,
                    "Twilio's answer could not be read: " + e.getMessage());
        }
    }

    /**
     * Lists by {@code To} and {@code From} without a {@code DateSent} filter: Twilio sets {@code
     * date_sent} only when a message leaves its queue, so a filter on it would miss a message
     * accepted just before a crash and still queued. Twilio lists newest first by send date and
     * does not say where a message not sent yet stands, so nothing ends the reading early but
     * {@value #LOOKUP_LIMIT} messages; those created before {@code since} are skipped.
     */
    @Override
    public List<ProviderMessage> messagesSince(String to, Instant since) {
        // Twilio's dates have whole seconds.
        Instant from = since.truncatedTo(ChronoUnit.SECONDS);
        try {
            ResourceSet<Message> messages =
                    Message.reader()
                            .setTo(new PhoneNumber(to))
                            .setFrom(new PhoneNumber(settings.fromNumber()))
                            // One PageSize: setPageSize and limit would each add one.
                            .pageSize(PAGE_SIZE)
                            .limit(LOOKUP_LIMIT)
                            .read(client);
            List<ProviderMessage> found = new ArrayList<>();
            for (Message message : messages) {
                Instant created = instant(message.getDateCreated());
                if (created != null && created.isBefore(from)) {
                    continue;
                }
                found.add(
                        new ProviderMessage(
                                message.getSid(),
                                message.getTo(),
                                message.getFrom() == null ? null : message.getFrom().toString(),
                                message.getBody(),
                                message.getStatus() == null ? null : message.getStatus().toString(),
                                created));
            }
            return found;
        } catch (TwilioException e) {
            throw new WhatsAppLookupException(
                    "Could not list Twilio messages to " + to + ": " + e.getMessage(), e);
        }
    }

    @Nullable
    private static Instant instant(@Nullable ZonedDateTime date) {
        return date == null ? null : date.toInstant();
    }

    @Override
    public String listedBody(WhatsAppContent content) {
        return settings.templateMode() ? content.templateText() : content.text();
    }

    @Override
    public void close() {
        if (transport != null) {
            try {
                transport.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (Exception e) {
                LOG.warn("Could not close the Twilio HTTP client", e);
            }
        }
    }

    private static String toJson(WhatsAppContent content) {
        try {
            return JSON.writeValueAsString(content.variables());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Content variables are plain strings", e);
        }
    }

    private static String describe(
            ApiException e, @Nullable Integer code, @Nullable Integer status) {
        StringBuilder text = new StringBuilder("Twilio");
        if (code != null) {
            text.append(" error ").append(code);
        }
        if (status != null) {
            text.append(" (HTTP ").append(status).append(')');
        }
        text.append(": ").append(e.getMessage());
        String advice = TwilioErrorPolicy.advice(code);
        if (advice != null) {
            text.append("; ").append(advice);
        }
        return text.toString();
    }
}
