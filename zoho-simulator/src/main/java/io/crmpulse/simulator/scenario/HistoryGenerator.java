package io.crmpulse.simulator.scenario;

import io.crmpulse.simulator.world.CrmModule;
import io.crmpulse.simulator.world.CrmWorld;
import io.crmpulse.simulator.world.Deal;
import io.crmpulse.simulator.world.DealPipeline;
import io.crmpulse.simulator.world.Lead;
import io.crmpulse.simulator.world.LeadStatuses;
import io.crmpulse.simulator.world.OrgCurrency;
import io.crmpulse.simulator.world.Rep;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;

/**
 * Writes a plausible past into a world by replaying a timeline: each lead is created, triaged,
 * contacted, qualified and sometimes converted; each deal moves through the pipeline until it
 * closes; some records are deleted. Events are applied in time order through {@link
 * CrmWorld#writeHistory}, so ids grow with creation time and every record carries the timestamps of
 * its last event. Events that would fall at or after now (or in the plan's quiet spell before now)
 * are dropped: that work is still ahead.
 *
 * <p>Every lead's lifecycle ends within 25 days of its creation, and closed deals are never touched
 * again, so a mass transfer of leads older than that keeps its tie, and a closed deal's
 * Modified_Time is its close time.
 */
final class HistoryGenerator {

    /** No lead event happens later than this after the lead's creation. */
    private static final Duration LEAD_LIFECYCLE = Duration.ofDays(25);

    private record Event(Instant at, long sequence, BiConsumer<CrmWorld, Instant> action) {}

    private final HistoryPlan plan;
    private final SplittableRandom random;
    private final ZoneId zone;
    private final PriorityQueue<Event> timeline =
            new PriorityQueue<>(Comparator.comparing(Event::at).thenComparingLong(Event::sequence));
    private long sequence;
    private Instant now;
    private Instant end;

    HistoryGenerator(HistoryPlan plan, SplittableRandom random, ZoneId zone) {
        this.plan = plan;
        this.random = random;
        this.zone = zone;
    }

    void write(CrmWorld world) {
        now = world.now();
        end = now.minus(plan.quietBeforeNow());
        LocalDate today = LocalDate.ofInstant(now, zone);
        for (LocalDate day = today.minusDays(plan.days());
                !day.isAfter(today);
                day = day.plusDays(1)) {
            boolean weekend =
                    day.getDayOfWeek() == DayOfWeek.SATURDAY
                            || day.getDayOfWeek() == DayOfWeek.SUNDAY;
            int leads = jitter(weekend ? plan.leadsPerWeekendDay() : plan.leadsPerWeekday());
            for (int i = 0; i < leads; i++) {
                schedule(timeOfDay(day), this::createLead);
            }
            int deals = weekend ? 1 : jitter(plan.directDealsPerWeekday());
            for (int i = 0; i < deals; i++) {
                schedule(timeOfDay(day), this::createDirectDeal);
            }
        }
        if (plan.bulkTransferSize() > 0) {
            LocalDate day = LocalDate.ofInstant(now.minus(plan.bulkTransferAgo()), zone);
            schedule(day.atTime(LocalTime.of(11, 0)).atZone(zone).toInstant(), this::massTransfer);
        }
        if (plan.marqueeDeal()) {
            schedule(now.minus(Duration.ofDays(20)), this::createMarqueeDeal);
        }
        while (!timeline.isEmpty()) {
            Event event = timeline.poll();
            world.writeHistory(event.at(), w -> event.action().accept(w, event.at()));
        }
    }

    // ---------------------------------------------------------------- leads

    private void createLead(CrmWorld world, Instant at) {
        String source = pickSource(world, at);
        double roll = random.nextDouble();
        String status =
                roll < 0.08 ? null : roll < 0.11 ? LeadStatuses.NONE : LeadStatuses.NOT_CONTACTED;
        String id = world.createLeads(1, source, status).get(0);
        boolean recent =
                !plan.recentTriageWithin().isZero() && at.isAfter(now.minus(Duration.ofDays(2)));
        if (!recent && random.nextDouble() < 0.12) {
            return; // nobody ever calls some leads back
        }
        int maxHours = recent ? (int) plan.recentTriageWithin().toHours() : 72;
        schedule(at.plus(hours(1, maxHours)), (w, t) -> triage(w, t, id));
        if (random.nextDouble() < 0.10) {
            schedule(at.plus(days(1, 15)), (w, t) -> touchLead(w, id));
        }
        if (random.nextDouble() < 0.01) {
            schedule(at.plus(days(1, 20)), (w, t) -> deleteIfLive(w, CrmModule.LEADS, id));
        }
    }

    private void triage(CrmWorld world, Instant at, String id) {
        Lead lead = openLead(world, id);
        if (lead == null) {
            return;
        }
        String next = advance(world, lead);
        if (LeadStatuses.JUNK.equals(next)) {
            if (random.nextDouble() < 0.12) {
                schedule(at.plus(days(3, 20)), (w, t) -> deleteIfLive(w, CrmModule.LEADS, id));
            }
        } else {
            schedule(at.plus(days(1, 4)), (w, t) -> contact(w, t, id));
        }
    }

    private void contact(CrmWorld world, Instant at, String id) {
        Lead lead = openLead(world, id);
        if (lead == null) {
            return;
        }
        String next = advance(world, lead);
        if (LeadStatuses.CONTACTED.equals(next) || LeadStatuses.CONTACT_IN_FUTURE.equals(next)) {
            schedule(at.plus(days(1, 5)), (w, t) -> qualify(w, t, id));
        }
    }

    private void qualify(CrmWorld world, Instant at, String id) {
        Lead lead = openLead(world, id);
        if (lead == null) {
            return;
        }
        if (LeadStatuses.PRE_QUALIFIED.equals(advance(world, lead)) && random.nextDouble() < 0.85) {
            schedule(at.plus(days(1, 6)), (w, t) -> convert(w, t, id));
        }
    }

    private void convert(CrmWorld world, Instant at, String id) {
        if (openLead(world, id) == null) {
            return;
        }
        String dealId = world.convertLead(id);
        scheduleDealLifecycle(at, dealId);
    }

    private void touchLead(CrmWorld world, String id) {
        if (openLead(world, id) != null) {
            world.editRecord(CrmModule.LEADS.apiName(), id);
        }
    }

    /** Sets the lead's next status with its source's odds; returns it. */
    private String advance(CrmWorld world, Lead lead) {
        String next =
                LeadStatuses.next(
                        lead.leadStatus(), world.leadSources().profile(lead.leadSource()), random);
        world.setLeadStatus(lead.id(), next);
        return next;
    }

    /** The lead if it is still live and not converted, else {@code null}. */
    private static Lead openLead(CrmWorld world, String id) {
        return world.lead(id).filter(l -> !l.converted()).orElse(null);
    }

    /**
     * Zoho's mass transfer: leads past their lifecycle (so nothing edits them again) move to one
     * rep in the same second.
     */
    private void massTransfer(CrmWorld world, Instant at) {
        Instant settledBefore = at.minus(LEAD_LIFECYCLE);
        List<String> settled = new ArrayList<>();
        for (Lead lead : world.snapshot().leads()) {
            if (!lead.converted() && lead.createdTime().isBefore(settledBefore)) {
                settled.add(lead.id());
            }
        }
        List<String> chosen = new ArrayList<>();
        while (chosen.size() < plan.bulkTransferSize() && !settled.isEmpty()) {
            chosen.add(settled.remove(random.nextInt(settled.size())));
        }
        List<Rep> reps = world.reps();
        world.bulkTransferLeads(chosen, reps.get(random.nextInt(reps.size())));
    }

    private String pickSource(CrmWorld world, Instant at) {
        boolean silent = plan.silentSource() != null && !at.isBefore(now.minus(plan.silentFor()));
        return silent
                ? world.leadSources()
                        .pick(random, p -> !Objects.equals(p.name(), plan.silentSource()))
                : world.leadSources().pick(random);
    }

    // ---------------------------------------------------------------- deals

    private void createDirectDeal(CrmWorld world, Instant at) {
        scheduleDealLifecycle(at, world.createDeals(1).get(0));
    }

    private void scheduleDealLifecycle(Instant createdAt, String dealId) {
        schedule(createdAt.plus(dealStep()), (w, t) -> moveDeal(w, t, dealId));
        if (random.nextDouble() < 0.015) {
            schedule(
                    createdAt.plus(days(1, 20)),
                    (w, t) -> deleteIfLive(w, CrmModule.DEALS, dealId));
        }
    }

    private void moveDeal(CrmWorld world, Instant at, String id) {
        Deal deal = world.deal(id).orElse(null);
        if (deal == null || DealPipeline.isClosed(deal.stage())) {
            return;
        }
        String next = DealPipeline.nextStage(deal.stage(), random);
        world.moveDealStage(id, next);
        if (!DealPipeline.isClosed(next)) {
            schedule(at.plus(dealStep()), (w, t) -> moveDeal(w, t, id));
        }
    }

    /**
     * The demo's biggest open deal, in negotiation two days ago: the one its "big deal lost"
     * incident closes.
     */
    private void createMarqueeDeal(CrmWorld world, Instant at) {
        List<Rep> reps = world.reps();
        String id =
                world.createDeal(
                        "Employee Referral",
                        DealPipeline.QUALIFICATION,
                        new BigDecimal("9500000"),
                        OrgCurrency.INR,
                        reps.get(random.nextInt(reps.size())));
        schedule(at.plus(Duration.ofDays(5)), (w, t) -> w.moveDealStage(id, "Needs Analysis"));
        schedule(
                at.plus(Duration.ofDays(10)),
                (w, t) -> w.moveDealStage(id, "Proposal/Price Quote"));
        schedule(
                now.minus(Duration.ofDays(2)),
                (w, t) -> w.moveDealStage(id, DealPipeline.NEGOTIATION));
    }

    // ---------------------------------------------------------------- both

    /** Deletes to the recycle bin; a quarter are purged for good some days later. */
    private void deleteIfLive(CrmWorld world, CrmModule module, String id) {
        boolean live =
                module == CrmModule.LEADS ? world.lead(id).isPresent() : world.deal(id).isPresent();
        if (!live) {
            return;
        }
        world.deleteRecord(module.apiName(), id);
        if (random.nextDouble() < 0.25) {
            schedule(
                    world.now().plus(days(1, 10)),
                    (w, t) -> w.deleteRecordPermanently(module.apiName(), id));
        }
    }

    private void schedule(Instant at, BiConsumer<CrmWorld, Instant> action) {
        if (at.isBefore(end)) {
            timeline.add(new Event(at, sequence++, action));
        }
    }

    /** Mostly office hours (9 to 18 local), sometimes any time of day or night. */
    private Instant timeOfDay(LocalDate day) {
        int hour = random.nextDouble() < 0.75 ? 9 + random.nextInt(9) : random.nextInt(24);
        LocalTime time = LocalTime.of(hour, random.nextInt(60), random.nextInt(60));
        return day.atTime(time).atZone(zone).toInstant();
    }

    private Duration dealStep() {
        return days(1, plan.maxDaysPerDealStep());
    }

    private int jitter(double mean) {
        return Math.max(0, (int) Math.round(mean * (0.8 + 0.4 * random.nextDouble())));
    }

    private Duration hours(int from, int to) {
        return Duration.ofMinutes(from * 60L + random.nextInt((to - from) * 60));
    }

    private Duration days(int from, int to) {
        return Duration.ofMinutes(from * 1440L + random.nextInt((to - from) * 1440));
    }
}
