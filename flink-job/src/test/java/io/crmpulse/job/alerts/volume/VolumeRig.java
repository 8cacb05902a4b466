package io.crmpulse.job.alerts.volume;

import io.crmpulse.job.alerts.Fixtures;
import io.crmpulse.job.alerts.PollingRuleRig;
import io.crmpulse.job.config.AlertSettings;
import io.crmpulse.job.model.LeadCountDelta;
import io.crmpulse.job.model.LeadSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;

/**
 * {@link LeadVolumeRulesFunction} in a keyed broadcast harness, with time moved in steps and a Zoho
 * poll report at each step (unless the polls are stopped).
 */
final class VolumeRig extends PollingRuleRig<LeadCountDelta> {

    private final AtomicLong ids = new AtomicLong();

    private VolumeRig(AlertSettings settings, Instant start, OperatorSubtaskState restore)
            throws Exception {
        super(
                new LeadVolumeRulesFunction(settings, Fixtures.ZONE, Fixtures.DISPLAY),
                LeadCountDelta::getSubject,
                start,
                restore);
    }

    static VolumeRig start(AlertSettings settings, Instant start) throws Exception {
        return new VolumeRig(settings, start, null);
    }

    static VolumeRig restore(AlertSettings settings, Instant start, OperatorSubtaskState state)
            throws Exception {
        return new VolumeRig(settings, start, state);
    }

    /** A lead of {@code source} created at {@code created} whose status is now {@code cls}. */
    void lead(String source, Instant created, String cls, boolean live) throws Exception {
        LeadSnapshot after = Fixtures.snapshot(source, cls, "o1", created, created);
        send(
                Fixtures.deltas(
                        Fixtures.transition(
                                "L" + ids.incrementAndGet(), null, after, created, live)));
    }

    /** Moves time to {@code created}, then a live lead arrives. */
    void liveLead(String source, Instant created, String cls) throws Exception {
        advanceTo(created);
        lead(source, created, cls, true);
    }

    /** A lead moved from one version to another. */
    void change(LeadSnapshot before, LeadSnapshot after, boolean live) throws Exception {
        send(
                Fixtures.deltas(
                        Fixtures.transition(
                                "L" + ids.incrementAndGet(), before, after, now(), live)));
    }

    /**
     * Past days: {@code perDay} leads Monday to Saturday 09:00-19:00, {@code junk} of them junk.
     */
    void history(String source, LocalDate from, LocalDate to, int perDay, int junk)
            throws Exception {
        for (LocalDate d = from; d.isBefore(to); d = d.plusDays(1)) {
            if (d.getDayOfWeek() == java.time.DayOfWeek.SUNDAY) {
                continue;
            }
            day(source, d, perDay, junk, 9, 19, false);
        }
    }

    /** {@code count} leads spread evenly from {@code fromHour} to {@code toHour} on {@code day}. */
    void day(
            String source,
            LocalDate day,
            int count,
            int junk,
            int fromHour,
            int toHour,
            boolean live)
            throws Exception {
        for (int i = 0; i < count; i++) {
            Instant created =
                    day.atTime(fromHour, 0)
                            .atZone(Fixtures.ZONE)
                            .toInstant()
                            .plus(Duration.ofMinutes((long) i * (toHour - fromHour) * 60 / count));
            lead(source, created, i < junk ? "junk" : "attempted", live);
        }
    }
}
