package io.crmpulse.sinks.outbox;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import javax.annotation.Nullable;

/**
 * Decides, for one recipient at one instant, which pending rows go out now and in how many
 * messages, which are capped, and when to look again. Pure logic over a {@link DeliveryPolicy}: no
 * database, no clock of its own.
 *
 * <ul>
 *   <li>Summaries: each due row is one message; never grouped, held or capped.
 *   <li>Critical alerts: each due row is one message at once, quiet hours or not; they count toward
 *       the daily cap and are capped beyond it.
 *   <li>Warning and info alerts: held in quiet hours. Otherwise they form one group per recipient
 *       (Alertmanager style): if the first of them became pending within {@code groupInterval} of
 *       the last grouped message, all go out together when that interval ends; otherwise when the
 *       first has waited {@code groupWait}. Beyond the daily cap the whole group is capped.
 *   <li>Draining (the end of a bounded input) skips the group wait and interval; quiet hours, the
 *       cap and retry backoff still hold.
 * </ul>
 */
public final class DeliveryPlanner {

    /** A row waiting to be sent. */
    public record PendingItem(
            String key,
            NotificationKind kind,
            @Nullable Severity severity,
            Instant pendingSince,
            Instant notBefore) {

        public PendingItem {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(pendingSince, "pendingSince");
            Objects.requireNonNull(notBefore, "notBefore");
        }

        boolean critical() {
            return severity == Severity.CRITICAL;
        }
    }

    /**
     * What the recipient received so far.
     *
     * @param lastGroupedMessageAt when the last grouped (warning or info) alert message went out,
     *     or null
     * @param alertMessagesToday alert messages sent on the local day of the planning instant
     */
    public record History(@Nullable Instant lastGroupedMessageAt, int alertMessagesToday) {

        public static final History NONE = new History(null, 0);
    }

    /**
     * The decision.
     *
     * @param messages the rows to send now, one list per message
     * @param capped the rows over the daily cap
     * @param wakeAt the next instant at which something becomes due, or null
     */
    public record Plan(
            List<List<PendingItem>> messages, List<PendingItem> capped, @Nullable Instant wakeAt) {

        public boolean isEmpty() {
            return messages.isEmpty() && capped.isEmpty();
        }
    }

    /** A local day as instants: {@code [start, end)}; 23 or 25 hours long on DST days. */
    public record Day(LocalDate date, Instant start, Instant end) {}

    /** Most severe first, then the oldest: the order of alerts within a message. */
    public static final Comparator<PendingItem> MESSAGE_ORDER =
            Comparator.comparing(
                            (PendingItem item) ->
                                    item.severity() == null ? Severity.INFO : item.severity())
                    .thenComparing(PendingItem::pendingSince)
                    .thenComparing(PendingItem::key);

    private final DeliveryPolicy policy;

    public DeliveryPlanner(DeliveryPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** The local day of {@code now} in the policy's zone, whose alert messages the cap counts. */
    public Day day(Instant now) {
        ZoneId zone = policy.zone();
        LocalDate date = now.atZone(zone).toLocalDate();
        return new Day(
                date,
                date.atStartOfDay(zone).toInstant(),
                date.plusDays(1).atStartOfDay(zone).toInstant());
    }

    /**
     * Plans one recipient.
     *
     * @param now the current instant
     * @param pending the recipient's pending rows
     * @param history what the recipient received; {@code alertMessagesToday} counted over {@link
     *     #day(Instant) day(now)}
     * @param drain true at the end of a bounded input: skip the group wait and interval
     */
    public Plan plan(Instant now, List<PendingItem> pending, History history, boolean drain) {
        List<List<PendingItem>> messages = new ArrayList<>();
        List<PendingItem> capped = new ArrayList<>();
        Instant wakeAt = null;

        List<PendingItem> summaries = new ArrayList<>();
        List<PendingItem> critical = new ArrayList<>();
        List<PendingItem> grouped = new ArrayList<>();
        for (PendingItem item : pending) {
            if (item.notBefore().isAfter(now)) {
                wakeAt = earliest(wakeAt, item.notBefore());
            } else if (item.kind() == NotificationKind.SUMMARY) {
                summaries.add(item);
            } else if (item.critical()) {
                critical.add(item);
            } else {
                grouped.add(item);
            }
        }

        summaries.sort(MESSAGE_ORDER);
        for (PendingItem summary : summaries) {
            messages.add(List.of(summary));
        }

        int sentToday = history.alertMessagesToday();
        critical.sort(MESSAGE_ORDER);
        for (PendingItem alert : critical) {
            if (sentToday < policy.dailyCap()) {
                messages.add(List.of(alert));
                sentToday++;
            } else {
                capped.add(alert);
            }
        }

        if (!grouped.isEmpty()) {
            grouped.sort(MESSAGE_ORDER);
            Instant quietEnd =
                    policy.quietHours().map(q -> q.endAfter(now, policy.zone())).orElse(now);
            Instant readyAt = drain ? now : groupReadyAt(grouped, history);
            if (quietEnd.isAfter(now)) {
                wakeAt = earliest(wakeAt, readyAt.isAfter(quietEnd) ? readyAt : quietEnd);
            } else if (readyAt.isAfter(now)) {
                wakeAt = earliest(wakeAt, readyAt);
            } else if (sentToday < policy.dailyCap()) {
                messages.add(List.copyOf(grouped));
            } else {
                capped.addAll(grouped);
            }
        }
        return new Plan(List.copyOf(messages), List.copyOf(capped), wakeAt);
    }

    private Instant groupReadyAt(List<PendingItem> grouped, History history) {
        Instant firstPending =
                grouped.stream().map(PendingItem::pendingSince).min(Instant::compareTo).get();
        Instant last = history.lastGroupedMessageAt();
        if (last != null) {
            Instant intervalEnd = last.plus(policy.groupInterval());
            if (firstPending.isBefore(intervalEnd)) {
                return intervalEnd;
            }
        }
        return firstPending.plus(policy.groupWait());
    }

    @Nullable
    private static Instant earliest(@Nullable Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }
}
