package io.crmpulse.job.alerts.bigdeal;

import io.crmpulse.job.alerts.CooldownState;
import io.crmpulse.job.alerts.DealInfoState;
import io.crmpulse.job.alerts.common.AlertsFired;
import io.crmpulse.job.alerts.common.Cooldown;
import io.crmpulse.job.config.AlertSettings;
import io.crmpulse.job.config.DisplayFormat;
import io.crmpulse.job.model.Alert;
import io.crmpulse.job.model.DealRow;
import io.crmpulse.job.model.DealStageEvent;
import io.crmpulse.job.normalize.MetricClasses;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * R4, big deal lost ({@link BigDealLostRule}). One key for the whole CRM ({@link #KEY}): the open
 * pipeline and the won amounts are global. Input 1 is the deals' changelog, from which it keeps the
 * open pipeline total exactly (each version replaces the deal's previous contribution), the deals
 * won within the lookback, and what the message needs of open deals. Input 2 is the stage events; a
 * deal entering a lost stage from a stage that was not lost is judged at once, if the change is
 * live (its modified time within {@code alerts.live_horizon} of now: the backfill's losses are
 * history).
 *
 * <p>The two inputs are not ordered against each other, so the pipeline "just before the loss" is
 * computed without this deal's current contribution, plus its amount. A lost deal is kept for an
 * hour after it was first seen lost (for its message), won deals until they leave the lookback; an
 * hourly timer drops the rest.
 */
public class BigDealLostFunction
        extends KeyedCoProcessFunction<String, DealRow, DealStageEvent, Alert> {

    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(BigDealLostFunction.class);

    /** Suggested {@code uid} and {@code name} of the operator. */
    public static final String UID = "alerts-big-deal-lost";

    public static final String NAME = "alerts: R4 big deal lost";

    /** The single key both inputs are keyed by. */
    public static final String KEY = "crm";

    private static final Duration KEEP_LOST = Duration.ofHours(1);
    private static final Duration HOUSEKEEPING = Duration.ofHours(1);

    private final AlertSettings settings;
    private final MetricClasses classes;
    private final DisplayFormat display;

    private transient BigDealLostRule rule;
    private transient MapState<String, DealInfoState> deals;
    private transient ValueState<BigDecimal> openPipeline;
    private transient MapState<String, CooldownState> cooldowns;
    private transient ValueState<Long> housekeeping;
    private transient AlertsFired alertsFired;

    /**
     * @param display how the messages' amounts read ({@code PULSE_CURRENCY})
     */
    public BigDealLostFunction(
            AlertSettings settings, MetricClasses classes, DisplayFormat display) {
        this.settings = settings;
        this.classes = classes;
        this.display = display;
    }

    @Override
    public void open(OpenContext openContext) {
        alertsFired = new AlertsFired(getRuntimeContext().getMetricGroup());
        rule = new BigDealLostRule(settings.bigDealLost(), display);
        deals =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "deals",
                                        Types.STRING,
                                        TypeInformation.of(DealInfoState.class)));
        openPipeline =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("open-pipeline", Types.BIG_DEC));
        cooldowns =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "cooldowns",
                                        Types.STRING,
                                        TypeInformation.of(CooldownState.class)));
        housekeeping =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("housekeeping", Types.LONG));
    }

    @Override
    public void processElement1(DealRow row, Context ctx, Collector<Alert> out) throws Exception {
        long now = ctx.timerService().currentProcessingTime();
        DealInfoState before = deals.get(row.getId());
        BigDecimal pipeline = pipeline().subtract(openAmount(before));
        if (row.isDeleted()) {
            deals.remove(row.getId());
            openPipeline.update(pipeline);
            return;
        }
        DealInfoState after = new DealInfoState();
        after.setOwnerId(row.getOwnerId());
        after.setOwnerName(row.getOwnerName());
        after.setDealName(row.getDealName());
        after.setLeadSource(row.getLeadSource());
        after.setCreatedTime(row.getCreatedTime());
        after.setStageClass(row.getStageClass());
        after.setAmountHome(row.getAmountHome() == null ? BigDecimal.ZERO : row.getAmountHome());
        after.setWonAt(row.getWonAt());
        if (MetricClasses.LOST.equals(row.getStageClass())) {
            after.setLostSeenAt(
                    before != null && before.getLostSeenAt() != null
                            ? before.getLostSeenAt()
                            : Instant.ofEpochMilli(now));
        }
        openPipeline.update(pipeline.add(openAmount(after)));
        if (keep(after, now)) {
            deals.put(row.getId(), after);
        } else {
            deals.remove(row.getId());
        }
        if (housekeeping.value() == null) {
            housekeeping.update(now + HOUSEKEEPING.toMillis());
            ctx.timerService().registerProcessingTimeTimer(housekeeping.value());
        }
    }

    @Override
    public void processElement2(DealStageEvent event, Context ctx, Collector<Alert> out)
            throws Exception {
        if (!MetricClasses.LOST.equals(event.getToStageClass())
                || (event.getFromStage() != null
                        && MetricClasses.LOST.equals(classes.stageClass(event.getFromStage())))) {
            return;
        }
        long now = ctx.timerService().currentProcessingTime();
        Instant at = Instant.ofEpochMilli(now);
        if (event.getChangedAt() == null
                || event.getChangedAt().isBefore(at.minus(settings.mechanics().liveHorizon()))) {
            return; // history
        }
        DealInfoState deal = deals.get(event.getDealId());
        List<Double> won = new ArrayList<>();
        Instant since = at.minus(Duration.ofDays(settings.bigDealLost().lookbackDays()));
        for (DealInfoState d : deals.values()) {
            if (d.getWonAt() != null && !d.getWonAt().isBefore(since)) {
                won.add(d.getAmountHome().doubleValue());
            }
        }
        BigDecimal amount = event.getAmountHome() == null ? BigDecimal.ZERO : event.getAmountHome();
        BigDecimal before = pipeline().subtract(openAmount(deal)).add(amount);
        Optional<Alert> alert =
                rule.judge(
                        event,
                        deal,
                        won.stream().mapToDouble(Double::doubleValue).toArray(),
                        before,
                        at);
        if (alert.isEmpty()) {
            return;
        }
        CooldownState last = cooldowns.get(alert.get().getSubject());
        if (Cooldown.allows(last, at, settings.noise().cooldown(), alert.get().getSeverity())) {
            cooldowns.put(
                    alert.get().getSubject(), CooldownState.of(at, alert.get().getSeverity()));
            LOG.info("Alert {} fired", alert.get().getAlertId());
            alertsFired.count(alert.get());
            out.collect(alert.get());
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        long now = ctx.timerService().currentProcessingTime();
        List<String> drop = new ArrayList<>();
        for (Map.Entry<String, DealInfoState> e : deals.entries()) {
            if (!keep(e.getValue(), now)) {
                drop.add(e.getKey());
            }
        }
        for (String id : drop) {
            deals.remove(id);
        }
        Instant at = Instant.ofEpochMilli(now);
        List<String> cooled = new ArrayList<>();
        for (Map.Entry<String, CooldownState> e : cooldowns.entries()) {
            if (!at.isBefore(e.getValue().getFiredAt().plus(settings.noise().cooldown()))) {
                cooled.add(e.getKey());
            }
        }
        for (String subject : cooled) {
            cooldowns.remove(subject);
        }
        if (deals.isEmpty() && cooldowns.isEmpty()) {
            deals.clear();
            openPipeline.clear();
            housekeeping.clear();
            return;
        }
        housekeeping.update(now + HOUSEKEEPING.toMillis());
        ctx.timerService().registerProcessingTimeTimer(housekeeping.value());
    }

    /** Open deals, deals won within the lookback, deals lost less than an hour ago. */
    private boolean keep(DealInfoState deal, long now) {
        if (MetricClasses.OPEN.equals(deal.getStageClass())) {
            return true;
        }
        if (deal.getWonAt() != null) {
            return !deal.getWonAt()
                    .isBefore(
                            Instant.ofEpochMilli(now)
                                    .minus(Duration.ofDays(settings.bigDealLost().lookbackDays())));
        }
        return deal.getLostSeenAt() != null
                && deal.getLostSeenAt().plus(KEEP_LOST).toEpochMilli() > now;
    }

    private BigDecimal pipeline() throws Exception {
        BigDecimal total = openPipeline.value();
        return total == null ? BigDecimal.ZERO : total;
    }

    private static BigDecimal openAmount(DealInfoState deal) {
        return deal != null && MetricClasses.OPEN.equals(deal.getStageClass())
                ? deal.getAmountHome()
                : BigDecimal.ZERO;
    }
}
