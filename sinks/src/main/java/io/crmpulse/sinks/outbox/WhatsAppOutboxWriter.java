package io.crmpulse.sinks.outbox;

import io.crmpulse.sinks.twilio.TwilioSettings;
import io.crmpulse.sinks.twilio.WhatsAppSender;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import javax.annotation.Nullable;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer of {@link WhatsAppOutboxSink}: writes one outbox row per recipient for each message
 * (committed at once, so a row exists before the checkpoint that covers its message completes), and
 * runs one dispatcher thread that sends what is due.
 */
final class WhatsAppOutboxWriter implements SinkWriter<OutboxMessage> {

    private static final Logger LOG = LoggerFactory.getLogger(WhatsAppOutboxWriter.class);

    /**
     * The recipient of a dry run without {@code RECIPIENT_PHONE_NUMBER}: messages are still kept
     * and printed (the demo's case), addressed to nobody.
     */
    static final String LOG_ONLY = "log";

    private final TwilioSettings twilio;
    private final List<String> recipients;
    private final DeliveryPolicy policy;
    private final Clock clock;
    private final Outbox outbox;
    @Nullable private final WhatsAppSender sender;
    private final OutboxDispatchLoop loop;

    WhatsAppOutboxWriter(
            OutboxDatabase database,
            TwilioSettings twilio,
            DeliveryPolicy policy,
            Clock clock,
            Function<TwilioSettings, WhatsAppSender> senders,
            String threadName,
            MetricGroup metrics)
            throws IOException {
        this.twilio = Objects.requireNonNull(twilio, "twilio");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        try {
            this.outbox = Outbox.connect(database);
        } catch (SQLException e) {
            throw new IOException(
                    "Cannot open the WhatsApp outbox at " + database + ": " + e.getMessage(), e);
        }
        this.sender = twilio.dryRun() ? null : senders.apply(twilio);
        Duration lease = twilio.connectTimeout().plus(twilio.readTimeout()).plusSeconds(10);
        this.loop =
                new OutboxDispatchLoop(
                        database, sender, policy, clock, lease, new OutboxMetrics(metrics));
        this.recipients =
                twilio.recipients().isEmpty() && twilio.dryRun()
                        ? List.of(LOG_ONLY)
                        : twilio.recipients();
        if (twilio.recipients().isEmpty()) {
            LOG.info(
                    "WhatsApp outbox started: dry run (Twilio not configured) and {} not set, so"
                            + " alerts and summaries are kept as dry_run for recipient {} and"
                            + " printed here",
                    TwilioSettings.RECIPIENTS_ENV,
                    LOG_ONLY);
        } else {
            LOG.info(
                    "WhatsApp outbox started: {}, {}",
                    twilio.dryRun() ? "dry run (Twilio not configured)" : twilio,
                    policy);
        }
        loop.start(threadName);
    }

    @Override
    public void write(OutboxMessage message, Context context) throws IOException {
        List<Outbox.NewNotification> rows =
                Outbox.NewNotification.of(message, recipients, clock.instant());
        if (rows.isEmpty()) {
            return;
        }
        try {
            if (outbox.insert(rows) > 0) {
                loop.wakeUp();
            }
        } catch (SQLException e) {
            throw new IOException(
                    "Could not write " + message + " to the WhatsApp outbox: " + e.getMessage(), e);
        }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        // Rows are committed in write(); at the end of a bounded input, deliver what is due.
        if (endOfInput) {
            try {
                DispatchReport report = loop.drain(policy.drainTimeout());
                LOG.info("End of input: WhatsApp outbox drained ({})", report);
            } catch (SQLException e) {
                throw new IOException(
                        "Could not deliver the WhatsApp outbox at the end of input: "
                                + e.getMessage(),
                        e);
            }
        }
    }

    @Override
    public void close() throws Exception {
        try {
            loop.close();
        } finally {
            try {
                outbox.close();
            } finally {
                if (sender != null) {
                    sender.close();
                }
            }
        }
    }
}
