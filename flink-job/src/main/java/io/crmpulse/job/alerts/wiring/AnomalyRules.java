package io.crmpulse.job.alerts.wiring;

import io.crmpulse.job.alerts.bigdeal.BigDealLostFunction;
import io.crmpulse.job.alerts.common.DataFreshness;
import io.crmpulse.job.alerts.common.LeadTransitionFunction;
import io.crmpulse.job.alerts.health.DataHealthFunction;
import io.crmpulse.job.alerts.untouched.OwnerChanges;
import io.crmpulse.job.alerts.untouched.UntouchedLeadsFunction;
import io.crmpulse.job.alerts.volume.LeadVolumeRulesFunction;
import io.crmpulse.job.alerts.volume.SourceDeltas;
import io.crmpulse.job.config.AlertSettings;
import io.crmpulse.job.config.DisplayFormat;
import io.crmpulse.job.model.Alert;
import io.crmpulse.job.model.DealRow;
import io.crmpulse.job.model.DealStageEvent;
import io.crmpulse.job.model.LeadCountDelta;
import io.crmpulse.job.model.LeadRow;
import io.crmpulse.job.model.LeadTransition;
import io.crmpulse.job.model.OwnerLeadChange;
import io.crmpulse.job.normalize.MetricClasses;
import io.crmpulse.zoho.model.RecordChange;
import java.time.ZoneId;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The anomaly rules (README, "The rules"; the mechanics G1 to G13 this package cites are in {@code
 * docs/ANOMALY-RULES.md}) over the job's streams: R1 junk spike, R2 volume drop and R3 source
 * silent per lead source (and R1, R2 in total), R4 big deal lost, R5 untouched leads per owner, and
 * the data-health guard. Every operator has a {@code uid} and a {@code name}.
 *
 * <pre>
 * leads ─► lead transitions (by lead id) ─┬─► count deltas ─► R1 R2 R3 (by subject) ─┐
 *                                         └─► owner changes ─► R5 (by owner) ────────┤
 * progress ─► broadcast (freshness, caught up) ──► to R1 R2 R3 and R5            ├─► alerts
 * deals + stage events ─► R4 (one key) ─────────────────────────────────────────┤
 * progress ─► data health (one key) ─────────────────────────────────────────────┘
 * </pre>
 *
 * Alerts carry a deterministic {@code alertId}; grouping, the daily cap and quiet hours are the
 * delivery's.
 */
public final class AnomalyRules {

    private AnomalyRules() {}

    /**
     * Adds the rules to the dataflow.
     *
     * @param leads the normalized leads' changelog (deletions included), every lead's versions in
     *     order
     * @param deals the deals after the won/lost lifecycle (with {@code wonAt})
     * @param stageEvents the stage events of the lifecycle function
     * @param progress the source's {@code SYNC_PROGRESS} reports
     * @param settings the {@code pulse.yaml} alert settings
     * @param classes the status and stage classes (R4 tells a lost stage it came from)
     * @param zone the business timezone ({@code PULSE_TIMEZONE})
     * @param display how the messages' amounts, counts and rates read ({@code PULSE_CURRENCY})
     * @return every alert fired
     */
    public static DataStream<Alert> attach(
            DataStream<LeadRow> leads,
            DataStream<DealRow> deals,
            DataStream<DealStageEvent> stageEvents,
            DataStream<RecordChange> progress,
            AlertSettings settings,
            MetricClasses classes,
            ZoneId zone,
            DisplayFormat display) {
        BroadcastStream<RecordChange> polls = progress.broadcast(DataFreshness.POLLS);

        DataStream<LeadTransition> transitions =
                leads.keyBy(LeadRow::getId)
                        .process(new LeadTransitionFunction(settings))
                        .uid(LeadTransitionFunction.UID)
                        .name(LeadTransitionFunction.NAME);

        DataStream<Alert> leadAlerts =
                transitions
                        .flatMap(new SourceDeltas())
                        .uid(SourceDeltas.UID)
                        .name(SourceDeltas.NAME)
                        .keyBy(LeadCountDelta::getSubject)
                        .connect(polls)
                        .process(new LeadVolumeRulesFunction(settings, zone, display))
                        .uid(LeadVolumeRulesFunction.UID)
                        .name(LeadVolumeRulesFunction.NAME);

        DataStream<Alert> ownerAlerts =
                transitions
                        .flatMap(new OwnerChanges())
                        .uid(OwnerChanges.UID)
                        .name(OwnerChanges.NAME)
                        .keyBy(OwnerLeadChange::getOwnerId)
                        .connect(polls)
                        .process(new UntouchedLeadsFunction(settings, zone, display))
                        .uid(UntouchedLeadsFunction.UID)
                        .name(UntouchedLeadsFunction.NAME);

        DataStream<Alert> dealAlerts =
                deals.keyBy(d -> BigDealLostFunction.KEY, Types.STRING)
                        .connect(stageEvents.keyBy(e -> BigDealLostFunction.KEY, Types.STRING))
                        .process(new BigDealLostFunction(settings, classes, display))
                        .uid(BigDealLostFunction.UID)
                        .name(BigDealLostFunction.NAME);

        DataStream<Alert> healthAlerts =
                progress.keyBy(p -> DataHealthFunction.KEY, Types.STRING)
                        .process(new DataHealthFunction(settings, zone))
                        .uid(DataHealthFunction.UID)
                        .name(DataHealthFunction.NAME);

        return leadAlerts.union(ownerAlerts, dealAlerts, healthAlerts);
    }
}
