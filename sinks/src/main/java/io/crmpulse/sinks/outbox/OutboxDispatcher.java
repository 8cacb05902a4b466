package io.crmpulse.sinks.outbox;

import io.crmpulse.sinks.twilio.ProviderMessage;
import io.crmpulse.sinks.twilio.SendOutcome;
import io.crmpulse.sinks.twilio.WhatsAppContent;
import io.crmpulse.sinks.twilio.WhatsAppLookupException;
import io.crmpulse.sinks.twilio.WhatsAppSender;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.stream.Collectors;
import javax.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what is due in the outbox, one recipient at a time, and records every outcome.
 *
 * <p>Each cycle ({@link #runOnce}), per recipient, under the recipient's lock (see {@link Outbox}):
 *
 * <ol>
 *   <li>Unfinished attempts: rows still {@code sending} once their {@code next_attempt_at} has
 *       passed (a crash after the claim, a timeout or 5xx after the POST) are reconciled with
 *       Twilio's message list: a message to the recipient created since the attempt began, queued
 *       or sent, not recorded under another row and with the rows' own content (the text, or the
 *       template rendered with the rows' variables) means it was sent; otherwise the rows are
 *       pending again and go out in this cycle.
 *   <li>Pending rows are planned by the {@link DeliveryPlanner} (grouping, cap, quiet hours).
 *   <li>Each planned message is claimed (committed as {@code sending}), composed, sent with one
 *       attempt, and its outcome recorded: accepted (the SID on every row), refused for good
 *       ({@code failed} with the error code), transient (pending again after a backoff), or unknown
 *       (left {@code sending}, reconciled after a backoff).
 * </ol>
 *
 * <p>Without a sender (dry-run mode) messages are composed, logged at INFO and marked {@code
 * dry_run}. Time comes from the injected clock. Not thread-safe: one thread runs it.
 */
public final class OutboxDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxDispatcher.class);

    /** How long a claimed attempt may run before it counts as lost. */
    public static final Duration DEFAULT_SENDING_LEASE = Duration.ofSeconds(60);

    /** Twilio's clock and ours may differ: look this far before an attempt for its message. */
    static final Duration RECONCILE_SKEW = Duration.ofMinutes(1);

    private final Outbox outbox;
    @Nullable private final WhatsAppSender sender;
    private final DeliveryPolicy policy;
    private final DeliveryPlanner planner;
    private final Clock clock;
    private final Duration sendingLease;
    private final DoubleSupplier jitter;

    /**
     * @param outbox the table, over this dispatcher's own connection
     * @param sender the WhatsApp sender, or null for dry-run mode
     * @param policy grouping, cap, quiet hours and backoff
     * @param clock the time
     * @param sendingLease how long an attempt may take (connect and read timeouts and some); a row
     *     claimed longer ago whose outcome was not recorded is reconciled
     */
    public OutboxDispatcher(
            Outbox outbox,
            @Nullable WhatsAppSender sender,
            DeliveryPolicy policy,
            Clock clock,
            Duration sendingLease) {
        this(
                outbox,
                sender,
                policy,
                clock,
                sendingLease,
                () -> ThreadLocalRandom.current().nextDouble());
    }

    /** With a fixed jitter source, so that tests know the backoff delays. */
    OutboxDispatcher(
            Outbox outbox,
            @Nullable WhatsAppSender sender,
            DeliveryPolicy policy,
            Clock clock,
            Duration sendingLease,
            DoubleSupplier jitter) {
        this.jitter = Objects.requireNonNull(jitter, "jitter");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.sender = sender;
        this.policy = Objects.requireNonNull(policy, "policy");
        this.planner = new DeliveryPlanner(policy);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sendingLease = Objects.requireNonNull(sendingLease, "sendingLease");
    }

    public OutboxDispatcher(
            Outbox outbox, @Nullable WhatsAppSender sender, DeliveryPolicy policy, Clock clock) {
        this(outbox, sender, policy, clock, DEFAULT_SENDING_LEASE);
    }

    /** One cycle with grouping as configured. */
    public DispatchReport runOnce() throws SQLException {
        return runOnce(false);
    }

    /**
     * One cycle over every recipient with open rows.
     *
     * @param drain true at the end of a bounded input: grouped alerts go out without waiting for
     *     the group wait or interval
     */
    public DispatchReport runOnce(boolean drain) throws SQLException {
        DispatchReport.Builder report = new DispatchReport.Builder();
        for (String recipient : outbox.recipientsWithOpenRows()) {
            if (!outbox.tryLockRecipient(recipient)) {
                report.busyRecipients++;
                continue;
            }
            try {
                dispatch(recipient, drain, report);
            } finally {
                outbox.unlockRecipient(recipient);
            }
        }
        return report.build();
    }

    private void dispatch(String recipient, boolean drain, DispatchReport.Builder report)
            throws SQLException {
        Instant now = clock.instant();
        Map<String, List<NotificationRow>> unfinished = new LinkedHashMap<>();
        for (NotificationRow row : outbox.openRows(recipient)) {
            if (row.status() == NotificationStatus.SENDING) {
                String messageId = row.messageId() == null ? row.dedupKey() : row.messageId();
                unfinished.computeIfAbsent(messageId, id -> new ArrayList<>()).add(row);
            }
        }
        for (Map.Entry<String, List<NotificationRow>> attempt : unfinished.entrySet()) {
            Instant due = attempt.getValue().get(0).nextAttemptAt();
            if (due.isAfter(now)) {
                report.retry(due);
            } else {
                reconcile(recipient, attempt.getKey(), attempt.getValue(), report);
            }
        }

        now = clock.instant();
        List<NotificationRow> pending =
                outbox.openRows(recipient).stream()
                        .filter(row -> row.status() == NotificationStatus.PENDING)
                        .collect(Collectors.toList());
        if (pending.isEmpty()) {
            return;
        }
        for (NotificationRow row : pending) {
            if (row.attempts() > 0 && row.nextAttemptAt().isAfter(now)) {
                report.retry(row.nextAttemptAt());
            }
        }
        DeliveryPlanner.Day day = planner.day(now);
        DeliveryPlanner.History history =
                new DeliveryPlanner.History(
                        outbox.lastGroupedAlertMessageAt(recipient),
                        outbox.alertMessagesBetween(recipient, day.start(), day.end()));
        DeliveryPlanner.Plan plan =
                planner.plan(
                        now,
                        pending.stream()
                                .map(NotificationRow::pendingItem)
                                .collect(Collectors.toList()),
                        history,
                        drain);
        report.wake(plan.wakeAt());

        if (!plan.capped().isEmpty()) {
            List<String> keys =
                    plan.capped().stream()
                            .map(DeliveryPlanner.PendingItem::key)
                            .collect(Collectors.toList());
            int capped =
                    outbox.markCapped(
                            keys,
                            "over the daily cap of "
                                    + policy.dailyCap()
                                    + " alert messages on "
                                    + day.date()
                                    + " ("
                                    + policy.zone()
                                    + "); reported in the daily summary");
            report.cappedRows += capped;
            LOG.info(
                    "{} alert(s) to {} not sent: the daily cap of {} messages on {} is reached",
                    capped,
                    recipient,
                    policy.dailyCap(),
                    day.date());
        }
        for (List<DeliveryPlanner.PendingItem> message : plan.messages()) {
            deliver(
                    recipient,
                    message.stream()
                            .map(DeliveryPlanner.PendingItem::key)
                            .collect(Collectors.toList()),
                    report);
        }
    }

    private void deliver(String recipient, List<String> keys, DispatchReport.Builder report)
            throws SQLException {
        String messageId = UUID.randomUUID().toString();
        Instant start = clock.instant();
        List<NotificationRow> rows = outbox.claim(keys, messageId, start, start.plus(sendingLease));
        if (rows.isEmpty()) {
            return;
        }
        WhatsAppContent content = MessageComposer.compose(rows);
        if (sender == null) {
            LOG.info(
                    "WhatsApp dry run (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and"
                            + " TWILIO_FROM_NUMBER not set), message to {} ({}):\n{}",
                    recipient,
                    describe(rows),
                    content.text());
            outbox.markDryRun(messageId, clock.instant());
            report.dryRun++;
            return;
        }
        SendOutcome outcome = sender.send(recipient, content);
        Instant end = clock.instant();
        int attempts = rows.stream().mapToInt(NotificationRow::attempts).max().orElse(1);
        switch (outcome.disposition()) {
            case ACCEPTED:
                outbox.markSent(messageId, outcome.sid(), end);
                report.sent++;
                LOG.info(
                        "WhatsApp message {} to {} accepted by Twilio ({})",
                        outcome.sid(),
                        recipient,
                        describe(rows));
                break;
            case PERMANENT:
                outbox.markFailed(messageId, outcome.errorCode(), outcome.detail());
                report.failed++;
                LOG.error(
                        "WhatsApp message to {} ({}) refused, not retried: {}",
                        recipient,
                        describe(rows),
                        outcome.detail());
                break;
            case RETRY:
                {
                    Instant next = end.plus(policy.backoff().delay(attempts, jitter));
                    outbox.markRetry(messageId, next, outcome.errorCode(), outcome.detail());
                    report.retrying++;
                    report.retry(next);
                    LOG.warn(
                            "WhatsApp message to {} ({}) not sent, attempt {}, retrying at {}: {}",
                            recipient,
                            describe(rows),
                            attempts,
                            next,
                            outcome.detail());
                    break;
                }
            case AMBIGUOUS:
            default:
                {
                    Instant next = end.plus(policy.backoff().delay(attempts, jitter));
                    outbox.markUnknown(
                            messageId,
                            next,
                            outcome.errorCode(),
                            outcome.detail() + "; the outcome is unknown, reconciling");
                    report.unknown++;
                    report.retry(next);
                    LOG.warn(
                            "WhatsApp message to {} ({}): outcome unknown ({}); checking Twilio's"
                                    + " message list at {} before any resend",
                            recipient,
                            describe(rows),
                            outcome.detail(),
                            next);
                    break;
                }
        }
    }

    private void reconcile(
            String recipient,
            String messageId,
            List<NotificationRow> rows,
            DispatchReport.Builder report)
            throws SQLException {
        Instant now = clock.instant();
        if (sender == null) {
            // A dry run that stopped before it was logged: log it again.
            outbox.markRetry(messageId, now, null, "dry run interrupted; logged again");
            report.resent++;
            return;
        }
        NotificationRow first = rows.get(0);
        Instant attemptStart =
                first.lastAttemptAt() == null ? first.createdAt() : first.lastAttemptAt();
        List<ProviderMessage> candidates;
        try {
            candidates = sender.messagesSince(recipient, attemptStart.minus(RECONCILE_SKEW));
        } catch (WhatsAppLookupException e) {
            Instant next = now.plus(policy.backoff().delay(Math.max(1, first.attempts()), jitter));
            outbox.markUnknown(
                    messageId,
                    next,
                    first.errorCode(),
                    "could not reconcile yet: " + e.getMessage());
            report.unknown++;
            report.retry(next);
            LOG.warn(
                    "WhatsApp message to {} ({}): outcome unknown and Twilio's message list"
                            + " cannot be read ({}); trying again at {}",
                    recipient,
                    describe(rows),
                    e.getMessage(),
                    next);
            return;
        }
        Set<String> recorded =
                outbox.providerIdsRecordedElsewhere(
                        candidates.stream().map(ProviderMessage::sid).collect(Collectors.toList()),
                        messageId);
        String expectedBody = sender.listedBody(MessageComposer.compose(rows)).strip();
        ProviderMessage match =
                candidates.stream()
                        .filter(message -> !recorded.contains(message.sid()))
                        .filter(
                                message ->
                                        message.body() != null
                                                && expectedBody.equals(message.body().strip()))
                        .min(
                                Comparator.comparing(
                                        (ProviderMessage message) ->
                                                message.dateCreated() == null
                                                        ? Instant.MAX
                                                        : message.dateCreated()))
                        .orElse(null);
        if (match != null) {
            Instant sentAt = match.dateCreated() == null ? now : match.dateCreated();
            outbox.markSent(messageId, match.sid(), sentAt);
            report.reconciled++;
            LOG.info(
                    "WhatsApp message to {} ({}) reconciled: Twilio has it as {}; not resent",
                    recipient,
                    describe(rows),
                    match.sid());
        } else {
            outbox.markRetry(
                    messageId,
                    now,
                    first.errorCode(),
                    "an unfinished attempt left no message at Twilio; sending again");
            report.resent++;
            LOG.warn(
                    "WhatsApp message to {} ({}): no trace at Twilio of the unfinished attempt"
                            + " begun at {}; sending it again",
                    recipient,
                    describe(rows),
                    attemptStart);
        }
    }

    private static String describe(List<NotificationRow> rows) {
        if (rows.size() == 1) {
            NotificationRow row = rows.get(0);
            return row.kind().sqlName() + " " + row.ref();
        }
        return rows.size()
                + " alerts: "
                + rows.stream().map(NotificationRow::ref).collect(Collectors.joining(", "));
    }
}
