package io.crmpulse.job.alerts;

import io.crmpulse.job.alerts.bigdeal.BigDealLostFunction;
import io.crmpulse.job.alerts.common.DataFreshness;
import io.crmpulse.job.alerts.common.LeadTransitionFunction;
import io.crmpulse.job.alerts.health.DataHealthFunction;
import io.crmpulse.job.alerts.untouched.OwnerChanges;
import io.crmpulse.job.alerts.untouched.UntouchedLeadsFunction;
import io.crmpulse.job.alerts.volume.LeadVolumeRulesFunction;
import io.crmpulse.job.alerts.volume.SourceDeltas;
import io.crmpulse.job.alerts.wiring.AnomalyRules;
import io.crmpulse.job.config.AlertSettings;
import io.crmpulse.job.deals.DealLifecycle;
import io.crmpulse.job.deals.DealLifecycleFunction;
import io.crmpulse.job.model.Alert;
import io.crmpulse.job.model.DealRow;
import io.crmpulse.job.model.DealStageEvent;
import io.crmpulse.job.model.LeadCountDelta;
import io.crmpulse.job.model.LeadRow;
import io.crmpulse.job.model.LeadTransition;
import io.crmpulse.job.model.OwnerLeadChange;
import io.crmpulse.job.normalize.MetricClasses;
import io.crmpulse.zoho.model.RecordChange;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;

/**
 * The whole rule set as {@link AnomalyRules#attach} wires it, one harness per operator, records
 * piped between them by hand and processing time moved in lockstep: lead transitions, count deltas
 * to R1-R3, owner changes to R5, the deals' won/lost lifecycle with its stage events to R4, the
 * Zoho poll reports broadcast to R1-R3 and R5 and to the data-health operator.
 */
final class AlertRig implements AutoCloseable {

    private final KeyedOneInputStreamOperatorTestHarness<String, LeadRow, LeadTransition>
            transitions;
    private final KeyedBroadcastOperatorTestHarness<String, LeadCountDelta, RecordChange, Alert>
            volume;
    private final KeyedBroadcastOperatorTestHarness<String, OwnerLeadChange, RecordChange, Alert>
            owners;
    private final KeyedOneInputStreamOperatorTestHarness<String, DealRow, DealRow> lifecycle;
    private final KeyedTwoInputStreamOperatorTestHarness<String, DealRow, DealStageEvent, Alert>
            deals;
    private final KeyedOneInputStreamOperatorTestHarness<String, RecordChange, Alert> health;
    private final SourceDeltas sourceDeltas = new SourceDeltas();
    private final OwnerChanges ownerChanges = new OwnerChanges();
    private final List<Alert> alerts = new ArrayList<>();
    private long now;

    AlertRig(AlertSettings settings, ZoneId zone, Instant start) throws Exception {
        transitions =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new LeadTransitionFunction(settings)),
                        LeadRow::getId,
                        Types.STRING);
        volume =
                new KeyedBroadcastOperatorTestHarness<>(
                        new CoBroadcastWithKeyedOperator<>(
                                new LeadVolumeRulesFunction(settings, zone, Fixtures.DISPLAY),
                                List.of(DataFreshness.POLLS)),
                        LeadCountDelta::getSubject,
                        Types.STRING,
                        128,
                        1,
                        0);
        owners =
                new KeyedBroadcastOperatorTestHarness<>(
                        new CoBroadcastWithKeyedOperator<>(
                                new UntouchedLeadsFunction(settings, zone, Fixtures.DISPLAY),
                                List.of(DataFreshness.POLLS)),
                        OwnerLeadChange::getOwnerId,
                        Types.STRING,
                        128,
                        1,
                        0);
        lifecycle =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new DealLifecycleFunction(new DealLifecycle(zone))),
                        DealRow::getId,
                        Types.STRING);
        deals =
                new KeyedTwoInputStreamOperatorTestHarness<>(
                        new KeyedCoProcessOperator<>(
                                new BigDealLostFunction(
                                        settings, MetricClasses.defaults(), Fixtures.DISPLAY)),
                        d -> BigDealLostFunction.KEY,
                        e -> BigDealLostFunction.KEY,
                        Types.STRING);
        health =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new DataHealthFunction(settings, zone)),
                        p -> DataHealthFunction.KEY,
                        Types.STRING);
        for (AbstractStreamOperatorTestHarness<?> h : harnesses()) {
            h.open();
            h.setProcessingTime(start.toEpochMilli());
        }
        now = start.toEpochMilli();
    }

    private List<AbstractStreamOperatorTestHarness<?>> harnesses() {
        return List.of(transitions, volume, owners, lifecycle, deals, health);
    }

    /** Moves every operator's processing time to {@code t}; due timers fire. */
    void setTime(Instant t) throws Exception {
        now = t.toEpochMilli();
        for (AbstractStreamOperatorTestHarness<?> h : harnesses()) {
            h.setProcessingTime(now);
        }
        collectAlerts();
    }

    void lead(LeadRow row) throws Exception {
        transitions.processElement(row, now);
        for (LeadTransition t : AlertRig.<LeadTransition>drain(transitions.getOutput())) {
            List<LeadCountDelta> counts = new ArrayList<>();
            sourceDeltas.flatMap(t, Fixtures.collector(counts));
            for (LeadCountDelta d : counts) {
                volume.processElement(d, now);
            }
            List<OwnerLeadChange> changes = new ArrayList<>();
            ownerChanges.flatMap(t, Fixtures.collector(changes));
            for (OwnerLeadChange c : changes) {
                owners.processElement(c, now);
            }
        }
        collectAlerts();
    }

    void deal(DealRow row) throws Exception {
        lifecycle.processElement(row, now);
        // The lifecycle's two outputs reach R4 on two inputs; events first here (either order
        // gives the same alert).
        for (DealStageEvent e :
                drainRecords(lifecycle.getSideOutput(DealLifecycleFunction.STAGE_EVENTS))) {
            deals.processElement2(e, now);
        }
        for (DealRow d : AlertRig.<DealRow>drain(lifecycle.getOutput())) {
            deals.processElement1(d, now);
        }
        collectAlerts();
    }

    /** Every module completed a poll now; {@code caughtUp} as the source reports it. */
    void poll(boolean caughtUp) throws Exception {
        for (String module : List.of("Leads", "Deals")) {
            RecordChange p = Fixtures.poll(module, Instant.ofEpochMilli(now));
            if (!caughtUp) {
                p.setFieldsJson(
                        p.getFieldsJson().replace("\"caught_up\":true", "\"caught_up\":false"));
            }
            volume.processBroadcastElement(p, now);
            owners.processBroadcastElement(p, now);
            health.processElement(p, now);
        }
        collectAlerts();
    }

    List<Alert> alerts() {
        return alerts;
    }

    private void collectAlerts() {
        alerts.addAll(AlertRig.<Alert>drain(volume.getOutput()));
        alerts.addAll(AlertRig.<Alert>drain(owners.getOutput()));
        alerts.addAll(AlertRig.<Alert>drain(deals.getOutput()));
        alerts.addAll(AlertRig.<Alert>drain(health.getOutput()));
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> drain(Queue<Object> output) {
        List<T> out = new ArrayList<>();
        Object o;
        while ((o = output.poll()) != null) {
            if (o instanceof StreamRecord) {
                out.add(((StreamRecord<T>) o).getValue());
            }
        }
        return out;
    }

    private static <T> List<T> drainRecords(Queue<StreamRecord<T>> output) {
        List<T> out = new ArrayList<>();
        if (output == null) {
            return out;
        }
        StreamRecord<T> r;
        while ((r = output.poll()) != null) {
            out.add(r.getValue());
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        for (AbstractStreamOperatorTestHarness<?> h : harnesses()) {
            h.close();
        }
    }
}
