package io.crmpulse.sinks.outbox;

import io.crmpulse.sinks.twilio.TwilioSettings;
import io.crmpulse.sinks.twilio.TwilioWhatsAppSender;
import java.io.IOException;
import java.time.Clock;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.MetricGroup;

/**
 * Delivers alerts and daily summaries over WhatsApp through the outbox table {@code notifications}.
 *
 * <p>Each {@link OutboxMessage} becomes one row per configured recipient, written before anything
 * is sent and keyed deterministically, so a replay after a failure writes nothing new and a row
 * that has a Twilio SID is never sent again. A dispatcher thread in each writer sends due rows with
 * grouping, a daily cap and quiet hours ({@link DeliveryPolicy}); with Twilio unset, messages are
 * logged and kept as {@code dry_run}. At the end of a bounded input the writer waits (up to the
 * policy's drain timeout) until what is due has been delivered.
 *
 * <p>Serializable: it carries settings only; connections and the Twilio client are made in each
 * writer. Any parallelism works (writers share the table safely); the job uses 1.
 */
public final class WhatsAppOutboxSink implements Sink<OutboxMessage> {

    private static final long serialVersionUID = 1L;

    private final OutboxDatabase database;
    private final TwilioSettings twilio;
    private final DeliveryPolicy policy;

    /**
     * @param database where the {@code notifications} table is (migrated by sql/postgres)
     * @param twilio the sender and recipients ({@link TwilioSettings#fromEnv})
     * @param policy grouping, cap, quiet hours, backoff
     */
    public WhatsAppOutboxSink(
            OutboxDatabase database, TwilioSettings twilio, DeliveryPolicy policy) {
        this.database = Objects.requireNonNull(database, "database");
        this.twilio = Objects.requireNonNull(twilio, "twilio");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    @Override
    public SinkWriter<OutboxMessage> createWriter(WriterInitContext context) throws IOException {
        return newWriter(context.getTaskInfo().getIndexOfThisSubtask(), context.metricGroup());
    }

    /** Flink 1.20 still declares this one abstract; it calls the other. */
    @Override
    @SuppressWarnings("deprecation")
    public SinkWriter<OutboxMessage> createWriter(InitContext context) throws IOException {
        return newWriter(context.getSubtaskId(), context.metricGroup());
    }

    private SinkWriter<OutboxMessage> newWriter(int subtask, MetricGroup metrics)
            throws IOException {
        return new WhatsAppOutboxWriter(
                database,
                twilio,
                policy,
                Clock.systemUTC(),
                TwilioWhatsAppSender::create,
                "whatsapp-outbox-dispatcher-" + subtask,
                metrics);
    }

    public TwilioSettings twilio() {
        return twilio;
    }

    public DeliveryPolicy policy() {
        return policy;
    }
}
