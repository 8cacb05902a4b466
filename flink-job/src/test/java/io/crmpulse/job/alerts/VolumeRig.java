package io.crmpulse.job.alerts;

import io.crmpulse.job.model.Alert;
import io.crmpulse.job.model.LeadCountDelta;
import io.crmpulse.job.model.LeadSnapshot;
import io.crmpulse.zoho.model.RecordChange;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;

/**
 * {@link LeadVolumeRulesFunction} in a keyed broadcast harness, with time moved in steps and a Zoho
 * poll report at each step (unless the polls are stopped).
 */
final class VolumeRig implements AutoCloseable {

    static final Duration STEP = Duration.ofMinutes(5);

    private final KeyedBroadcastOperatorTestHarness<String, LeadCountDelta, RecordChange, Alert>
            harness;
    private final AtomicLong ids = new AtomicLong();
    private Instant now;
    boolean polling = true;

    private VolumeRig(AlertSettings settings, Instant start, OperatorSubtaskState restore)
            throws Exception {
        harness =
                new KeyedBroadcastOperatorTestHarness<>(
                        new CoBroadcastWithKeyedOperator<>(
                                new LeadVolumeRulesFunction(settings, Fixtures.ZONE),
                                List.of(DataFreshness.POLLS)),
                        LeadCountDelta::getSubject,
                        Types.STRING,
                        128,
                        1,
                        0);
        if (restore != null) {
            harness.initializeState(restore);
        }
        harness.open();
        now = start;
        harness.setProcessingTime(start.toEpochMilli());
    }

    static VolumeRig start(AlertSettings settings, Instant start) throws Exception {
        return new VolumeRig(settings, start, null);
    }

    static VolumeRig restore(AlertSettings settings, Instant start, OperatorSubtaskState state)
            throws Exception {
        return new VolumeRig(settings, start, state);
    }

    Instant now() {
        return now;
    }

    OperatorSubtaskState snapshot() throws Exception {
        return harness.snapshot(ids.incrementAndGet(), now.toEpochMilli());
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
                                "L" + ids.incrementAndGet(), before, after, now, live)));
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

    private void send(List<LeadCountDelta> deltas) throws Exception {
        for (LeadCountDelta d : deltas) {
            harness.processElement(d, now.toEpochMilli());
        }
    }

    /** Moves time to {@code t} in steps, each with a completed poll unless polling is off. */
    void advanceTo(Instant t) throws Exception {
        while (now.isBefore(t)) {
            Instant next = now.plus(STEP);
            now = next.isAfter(t) ? t : next;
            if (polling) {
                harness.processBroadcastElement(Fixtures.poll("Leads", now), now.toEpochMilli());
                harness.processBroadcastElement(Fixtures.poll("Deals", now), now.toEpochMilli());
            }
            harness.setProcessingTime(now.toEpochMilli());
        }
    }

    /** A poll now, without moving time. */
    void pollNow() throws Exception {
        harness.processBroadcastElement(Fixtures.poll("Leads", now), now.toEpochMilli());
        harness.processBroadcastElement(Fixtures.poll("Deals", now), now.toEpochMilli());
    }

    List<Alert> alerts() {
        return harness.extractOutputValues();
    }

    @Override
    public void close() throws Exception {
        harness.close();
    }
}
