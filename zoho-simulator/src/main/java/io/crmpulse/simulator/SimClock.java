package io.crmpulse.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * The simulator's clock: either frozen at an instant that tests move by hand, or live (the system
 * clock plus an offset that {@link #advance} and {@link #set} shift). Every Modified_Time, token
 * expiry and page-token expiry is read from it, so a test controls time without sleeping.
 *
 * <p>Thread-safe. The zone is always UTC: the user's zone only affects how datetimes are rendered.
 */
public final class SimClock extends Clock {

    private final Clock system;
    private final Object lock = new Object();
    private Instant frozenAt; // null while live; guarded by lock
    private Duration liveOffset = Duration.ZERO; // guarded by lock

    private SimClock(Clock system, Instant frozenAt) {
        this.system = system;
        this.frozenAt = frozenAt;
    }

    /**
     * A clock frozen at {@code instant}; it moves only through {@link #advance} and {@link #set}.
     */
    public static SimClock fixed(Instant instant) {
        return new SimClock(Clock.systemUTC(), Objects.requireNonNull(instant, "instant"));
    }

    /** A live clock that follows the system clock; {@link #advance} fast-forwards it. */
    public static SimClock live() {
        return new SimClock(Clock.systemUTC(), null);
    }

    /** Same as {@link #live()}, named like {@link Clock#systemUTC()}. */
    public static SimClock systemUTC() {
        return live();
    }

    /** Whether this clock follows the system clock (scenarios only run live changes then). */
    public boolean isLive() {
        synchronized (lock) {
            return frozenAt == null;
        }
    }

    /** Moves the clock forward (or backward, for a negative duration). */
    public void advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        synchronized (lock) {
            if (frozenAt != null) {
                frozenAt = frozenAt.plus(duration);
            } else {
                liveOffset = liveOffset.plus(duration);
            }
        }
    }

    /** Makes the clock read {@code instant} now; a live clock keeps ticking from there. */
    public void set(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        synchronized (lock) {
            if (frozenAt != null) {
                frozenAt = instant;
            } else {
                liveOffset = Duration.between(system.instant(), instant);
            }
        }
    }

    @Override
    public Instant instant() {
        synchronized (lock) {
            return frozenAt != null ? frozenAt : system.instant().plus(liveOffset);
        }
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** A view of this clock in another zone; it still reads and moves with this clock. */
    @Override
    public Clock withZone(ZoneId zone) {
        SimClock source = this;
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return zone;
            }

            @Override
            public Clock withZone(ZoneId other) {
                return source.withZone(other);
            }

            @Override
            public Instant instant() {
                return source.instant();
            }
        };
    }

    @Override
    public String toString() {
        return isLive()
                ? "SimClock[live, now " + instant() + "]"
                : "SimClock[fixed at " + instant() + "]";
    }
}
