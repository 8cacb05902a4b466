package io.crmpulse.simulator.scenario;

import io.crmpulse.simulator.world.CrmWorld;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

/**
 * What the simulated CRM holds when the simulator starts, and what happens in it afterwards.
 *
 * <ul>
 *   <li>{@code backfill}: 90 days of history (over 5,000 leads, over 1,000 deals, conversions,
 *       deletions, a mass transfer tying 360 leads in one second), then nothing: tests drive
 *       changes through {@link CrmWorld}.
 *   <li>{@code demo}: 30 days of history, then live changes every 1 to 3 seconds with scripted
 *       incidents (see {@link DemoScenario}, timed by {@link DemoTimings}); live changes run only
 *       on a live clock.
 *   <li>{@code empty}: nothing; tests build their own world.
 *   <li>{@code scale}: two years of history sized for benchmarks, by default about 1,000,000 leads
 *       and 200,000 deals (see {@link #scale}), then nothing.
 * </ul>
 */
public interface Scenario {

    /** The names {@link #named} accepts. */
    List<String> NAMES = List.of("backfill", "demo", "empty", "scale");

    /** The scenario called {@code name} (case-insensitive). */
    static Scenario named(String name) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return switch (key) {
            case "backfill" -> new BackfillScenario();
            case "demo" -> demo(DemoTimings.DEFAULTS);
            case "empty" -> new EmptyScenario();
            case "scale" -> scale(DEFAULT_SCALE_LEADS, DEFAULT_SCALE_DEALS);
            default ->
                    throw new IllegalArgumentException(
                            "Unknown scenario '"
                                    + name
                                    + "': valid scenarios are "
                                    + String.join(", ", NAMES));
        };
    }

    /** The demo with its incidents at {@code timings} (tests compress them to seconds). */
    static Scenario demo(DemoTimings timings) {
        return new DemoScenario(timings);
    }

    /** The leads of {@code scale} unless a size is given. */
    int DEFAULT_SCALE_LEADS = 1_000_000;

    /** The deals of {@code scale} unless a size is given. */
    int DEFAULT_SCALE_DEALS = 200_000;

    /**
     * Two years of history with about {@code leads} live leads and {@code deals} live deals (within
     * 1% at a million leads, a few percent at a few thousand), as realistic as {@code backfill}'s,
     * then no live changes. A million leads take about a minute to build and hold about 520 MiB of
     * heap.
     */
    static Scenario scale(int leads, int deals) {
        return new ScaleScenario(leads, deals);
    }

    /** No history and no live changes. */
    static Scenario empty() {
        return new EmptyScenario();
    }

    String name();

    /**
     * Fills {@code world} with records dated before its clock's now. {@code userZone} shapes the
     * working day, so leads arrive mostly in office hours.
     */
    void writeHistory(CrmWorld world, ZoneId userZone);

    /** Starts the scenario's live changes; the simulator calls it only on a live clock. */
    default LiveChanges startLiveChanges(CrmWorld world) {
        return LiveChanges.NONE;
    }

    /** Live changes running in the background. */
    interface LiveChanges {
        LiveChanges NONE = () -> {};

        /** Stops the changes; waits for a change in progress to finish. */
        void stop();
    }
}
