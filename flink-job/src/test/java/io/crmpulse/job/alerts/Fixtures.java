package io.crmpulse.job.alerts;

import io.crmpulse.job.alerts.untouched.OwnerChanges;
import io.crmpulse.job.alerts.volume.SourceDeltas;
import io.crmpulse.job.config.AlertSettings;
import io.crmpulse.job.config.DisplayFormat;
import io.crmpulse.job.model.LeadCountDelta;
import io.crmpulse.job.model.LeadSnapshot;
import io.crmpulse.job.model.LeadTransition;
import io.crmpulse.job.model.OwnerLeadChange;
import io.crmpulse.zoho.model.RecordChange;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.util.Collector;

/** Shared test data of the alert tests: New York time, Zoho poll reports, lead transitions. */
public final class Fixtures {

    public static final ZoneId ZONE = ZoneId.of("America/New_York");

    /** How the messages' numbers read: {@code PULSE_CURRENCY}'s default, INR. */
    public static final DisplayFormat DISPLAY = DisplayFormat.parse("INR");

    private Fixtures() {}

    /** The defaults with another {@code alerts.p_value}. */
    public static AlertSettings withPValue(double pValue) {
        AlertSettings d = AlertSettings.defaults();
        AlertSettings.Mechanics m = d.mechanics();
        return new AlertSettings(
                new AlertSettings.Mechanics(
                        m.warmupDays(),
                        m.warmupSameWeekdayPoints(),
                        m.baselineSameWeekdayN(),
                        m.baselineRateDays(),
                        m.checkpointMinutes(),
                        pValue,
                        m.persistenceCheckpoints(),
                        m.minRateN(),
                        m.minExpectedCount(),
                        m.dispersionTrigger(),
                        m.liveHorizon()),
                d.junk(),
                d.volumeDrop(),
                d.silence(),
                d.bigDealLost(),
                d.untouched(),
                d.health(),
                d.businessHours(),
                d.noise());
    }

    /** A local date-time in New York, e.g. {@code 2026-03-09T10:15}. */
    public static Instant local(String dateTime) {
        return LocalDateTime.parse(dateTime).atZone(ZONE).toInstant();
    }

    /** A completed poll of {@code module} at {@code at}, the source caught up. */
    public static RecordChange poll(String module, Instant at) {
        return RecordChange.syncProgress(
                module,
                at,
                "{\"cursor\":null,\"changes_emitted\":0,\"api_calls\":1,\"poll_started_at\":\""
                        + at
                        + "\",\"poll_completed_at\":\""
                        + at
                        + "\",\"caught_up\":true}");
    }

    public static LeadSnapshot snapshot(
            String source, String statusClass, String owner, Instant created, Instant modified) {
        LeadSnapshot s = new LeadSnapshot();
        s.setLeadSource(source);
        s.setStatusClass(statusClass);
        s.setOwnerId(owner);
        s.setOwnerName(owner == null ? null : "Rep " + owner);
        s.setCreatedTime(created);
        s.setModifiedTime(modified);
        return s;
    }

    public static LeadTransition transition(
            String leadId,
            LeadSnapshot before,
            LeadSnapshot after,
            Instant changedAt,
            boolean live) {
        LeadTransition t = new LeadTransition();
        t.setLeadId(leadId);
        t.setBefore(before);
        t.setAfter(after);
        t.setChangedAt(changedAt);
        t.setSeenAt(changedAt);
        t.setLive(live);
        return t;
    }

    /** The count deltas of a transition, as the job routes them. */
    public static List<LeadCountDelta> deltas(LeadTransition t) {
        List<LeadCountDelta> out = new ArrayList<>();
        new SourceDeltas().flatMap(t, collector(out));
        return out;
    }

    /** The owner changes of a transition, as the job routes them. */
    public static List<OwnerLeadChange> ownerChanges(LeadTransition t) {
        List<OwnerLeadChange> out = new ArrayList<>();
        new OwnerChanges().flatMap(t, collector(out));
        return out;
    }

    public static <T> Collector<T> collector(List<T> out) {
        return new Collector<>() {
            @Override
            public void collect(T record) {
                out.add(record);
            }

            @Override
            public void close() {}
        };
    }
}
