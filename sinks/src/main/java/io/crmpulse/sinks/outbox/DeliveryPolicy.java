package io.crmpulse.sinks.outbox;

import io.crmpulse.common.retry.Backoff;
import java.io.Serializable;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import javax.annotation.Nullable;

/**
 * Noise control and pacing of the WhatsApp outbox, per recipient. Immutable; start from {@link
 * #defaults()} and change what the configuration sets.
 *
 * <ul>
 *   <li>{@code groupWait} (5 s): the first pending warning or info alert waits this long so that
 *       alerts firing together go out as one message.
 *   <li>{@code groupInterval} (5 min): alerts that become pending within this time after the last
 *       grouped message wait until it has passed, then go out together as one message
 *       (Alertmanager's group_wait and group_interval).
 *   <li>{@code dailyCap} (10): alert messages per recipient per local day (a grouped message counts
 *       once, critical ones too); beyond it rows become {@code capped} and the daily summary
 *       reports them.
 *   <li>{@code zone} (UTC): the business timezone of the cap's days and of the quiet hours.
 *   <li>{@code quietHours} (none): warning and info alerts are held until they end.
 *   <li>Critical alerts bypass grouping and quiet hours; summaries are sent one per row, never
 *       grouped, held or capped.
 *   <li>{@code backoff} (2 s doubling to 5 min, full jitter): after a transient failure.
 *   <li>{@code pollInterval} (2 s): how often the dispatcher looks for due rows when not woken.
 *   <li>{@code drainTimeout} (30 s): how long the end of a bounded input waits for delivery.
 * </ul>
 */
public final class DeliveryPolicy implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Twilio outages and 429s: start at 2 s, never wait more than 5 min between attempts. */
    private static final Backoff DEFAULT_BACKOFF =
            new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(5));

    private final Duration groupWait;
    private final Duration groupInterval;
    private final int dailyCap;
    private final ZoneId zone;
    @Nullable private final QuietHours quietHours;
    private final Backoff backoff;
    private final Duration pollInterval;
    private final Duration drainTimeout;

    private DeliveryPolicy(
            Duration groupWait,
            Duration groupInterval,
            int dailyCap,
            ZoneId zone,
            @Nullable QuietHours quietHours,
            Backoff backoff,
            Duration pollInterval,
            Duration drainTimeout) {
        this.groupWait = requireNotNegative("groupWait", groupWait);
        this.groupInterval = requireNotNegative("groupInterval", groupInterval);
        if (dailyCap < 1) {
            throw new IllegalArgumentException(
                    "dailyCap " + dailyCap + " must be at least 1 message per day");
        }
        this.dailyCap = dailyCap;
        this.zone = Objects.requireNonNull(zone, "zone");
        this.quietHours = quietHours;
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.pollInterval = requirePositive("pollInterval", pollInterval);
        this.drainTimeout = requireNotNegative("drainTimeout", drainTimeout);
    }

    /** 5 s group wait, 5 min group interval, 10 alert messages a day, UTC, no quiet hours. */
    public static DeliveryPolicy defaults() {
        return new DeliveryPolicy(
                Duration.ofSeconds(5),
                Duration.ofMinutes(5),
                10,
                ZoneOffset.UTC,
                null,
                DEFAULT_BACKOFF,
                Duration.ofSeconds(2),
                Duration.ofSeconds(30));
    }

    public DeliveryPolicy withGroupWait(Duration value) {
        return new DeliveryPolicy(
                value,
                groupInterval,
                dailyCap,
                zone,
                quietHours,
                backoff,
                pollInterval,
                drainTimeout);
    }

    public DeliveryPolicy withGroupInterval(Duration value) {
        return new DeliveryPolicy(
                groupWait, value, dailyCap, zone, quietHours, backoff, pollInterval, drainTimeout);
    }

    public DeliveryPolicy withDailyCap(int value) {
        return new DeliveryPolicy(
                groupWait,
                groupInterval,
                value,
                zone,
                quietHours,
                backoff,
                pollInterval,
                drainTimeout);
    }

    public DeliveryPolicy withZone(ZoneId value) {
        return new DeliveryPolicy(
                groupWait,
                groupInterval,
                dailyCap,
                value,
                quietHours,
                backoff,
                pollInterval,
                drainTimeout);
    }

    /** Quiet hours, or null for none. */
    public DeliveryPolicy withQuietHours(@Nullable QuietHours value) {
        return new DeliveryPolicy(
                groupWait,
                groupInterval,
                dailyCap,
                zone,
                value,
                backoff,
                pollInterval,
                drainTimeout);
    }

    public DeliveryPolicy withBackoff(Backoff value) {
        return new DeliveryPolicy(
                groupWait,
                groupInterval,
                dailyCap,
                zone,
                quietHours,
                value,
                pollInterval,
                drainTimeout);
    }

    public DeliveryPolicy withPollInterval(Duration value) {
        return new DeliveryPolicy(
                groupWait, groupInterval, dailyCap, zone, quietHours, backoff, value, drainTimeout);
    }

    public DeliveryPolicy withDrainTimeout(Duration value) {
        return new DeliveryPolicy(
                groupWait, groupInterval, dailyCap, zone, quietHours, backoff, pollInterval, value);
    }

    public Duration groupWait() {
        return groupWait;
    }

    public Duration groupInterval() {
        return groupInterval;
    }

    public int dailyCap() {
        return dailyCap;
    }

    public ZoneId zone() {
        return zone;
    }

    public Optional<QuietHours> quietHours() {
        return Optional.ofNullable(quietHours);
    }

    public Backoff backoff() {
        return backoff;
    }

    public Duration pollInterval() {
        return pollInterval;
    }

    public Duration drainTimeout() {
        return drainTimeout;
    }

    private static Duration requireNotNegative(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " " + value + " must not be negative");
        }
        return value;
    }

    private static Duration requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " " + value + " must be positive");
        }
        return value;
    }

    @Override
    public String toString() {
        return "DeliveryPolicy{groupWait="
                + groupWait
                + ", groupInterval="
                + groupInterval
                + ", dailyCap="
                + dailyCap
                + ", zone="
                + zone
                + ", quietHours="
                + (quietHours == null ? "none" : quietHours)
                + ", "
                + backoff
                + ", pollInterval="
                + pollInterval
                + "}";
    }
}
