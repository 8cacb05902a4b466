package io.crmpulse.simulator.scenario;

import io.crmpulse.simulator.world.CrmModule;
import io.crmpulse.simulator.world.CrmRecord;
import io.crmpulse.simulator.world.CrmWorld;
import io.crmpulse.simulator.world.Deal;
import io.crmpulse.simulator.world.DealPipeline;
import io.crmpulse.simulator.world.LeadStatuses;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's live changes: a background thread makes one change every 1 to 3 seconds (real time),
 * stamped by the simulator's clock, and plays the scripted incidents of {@link DemoScenario} at
 * their offsets from the start (measured on the simulator's clock, so advancing it fast-forwards
 * the script).
 */
final class DemoLiveChanges implements Scenario.LiveChanges {

    static final String SILENT_SOURCE = "Partner";
    static final String SPIKE_SOURCE = "Online Store";

    private static final Logger LOG = LoggerFactory.getLogger(DemoLiveChanges.class);
    private static final double SPIKE_JUNK_RATE = 0.8;

    private final CrmWorld world;
    private final SplittableRandom random;
    private final DemoTimings timings;
    private final Instant start;
    private final Deque<String> untriagedSpikeLeads = new ArrayDeque<>();
    private ScheduledExecutorService scheduler;
    private boolean spikeAnnounced;
    private boolean bigDealLost;

    DemoLiveChanges(CrmWorld world, SplittableRandom random, DemoTimings timings) {
        this.world = world;
        this.random = random;
        this.timings = timings;
        this.start = world.now();
    }

    void start() {
        scheduler =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread thread = new Thread(r, "zoho-sim-demo");
                            thread.setDaemon(true);
                            return thread;
                        });
        LOG.debug(
                "Demo live changes started: junk spike on {} from {} to {}, big deal lost at {},"
                        + " {} silent",
                SPIKE_SOURCE,
                timings.junkSpikeFrom(),
                timings.junkSpikeUntil(),
                timings.bigDealLostAt(),
                SILENT_SOURCE);
        scheduleNext();
    }

    @Override
    public void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void scheduleNext() {
        if (scheduler.isShutdown()) {
            return;
        }
        scheduler.schedule(
                this::stepAndReschedule, 1000 + random.nextInt(2001), TimeUnit.MILLISECONDS);
    }

    private void stepAndReschedule() {
        try {
            step();
        } catch (RuntimeException e) {
            LOG.warn("A demo change failed; the demo goes on", e);
        }
        scheduleNext();
    }

    /** One tick: the incidents that are due, then one ordinary change. */
    void step() {
        Duration elapsed = Duration.between(start, world.now());
        if (!bigDealLost && elapsed.compareTo(timings.bigDealLostAt()) >= 0) {
            loseBiggestOpenDeal();
            bigDealLost = true;
        }
        if (elapsed.compareTo(timings.junkSpikeFrom()) >= 0
                && elapsed.compareTo(timings.junkSpikeUntil()) < 0) {
            if (!spikeAnnounced) {
                LOG.info("Demo incident: junk spike on {} begins", SPIKE_SOURCE);
                spikeAnnounced = true;
            }
            spikeTick();
        }
        ordinaryChange();
    }

    /** A new lead from the spiking source, and the previous one triaged, mostly as junk. */
    private void spikeTick() {
        untriagedSpikeLeads.addLast(
                world.createLeads(1, SPIKE_SOURCE, LeadStatuses.NOT_CONTACTED).get(0));
        if (untriagedSpikeLeads.size() > 1) {
            String id = untriagedSpikeLeads.removeFirst();
            if (world.lead(id).isPresent()) {
                world.setLeadStatus(
                        id,
                        random.nextDouble() < SPIKE_JUNK_RATE
                                ? LeadStatuses.JUNK
                                : LeadStatuses.ATTEMPTED);
            }
        }
    }

    private void loseBiggestOpenDeal() {
        List<Deal> open =
                world.snapshot().deals().stream()
                        .filter(d -> !DealPipeline.isClosed(d.stage()))
                        .toList();
        open.stream()
                .max(Comparator.comparing(DemoLiveChanges::amountHome))
                .ifPresent(
                        deal -> {
                            world.moveDealStage(deal.id(), DealPipeline.CLOSED_LOST);
                            LOG.info(
                                    "Demo incident: the biggest open deal ({}) moved to Closed"
                                            + " Lost",
                                    deal.id());
                        });
    }

    /** A change drawn from a mix that roughly matches a sales team's day. */
    private void ordinaryChange() {
        int roll = random.nextInt(100);
        if (roll < 35) {
            String source =
                    world.leadSources().pick(random, p -> !Objects.equals(p.name(), SILENT_SOURCE));
            world.createLeads(1, source, LeadStatuses.NOT_CONTACTED);
        } else if (roll < 63) {
            world.editLeads(1);
        } else if (roll < 69) {
            world.convertLeads(1);
        } else if (roll < 83) {
            moveADeal();
        } else if (roll < 88) {
            world.createDeals(1);
        } else if (roll < 92) {
            world.deleteLeads(1);
        } else if (roll < 93) {
            world.deleteDeals(1);
        } else {
            List<CrmRecord> leads = world.liveRecords(CrmModule.LEADS);
            if (!leads.isEmpty()) {
                String id = leads.get(random.nextInt(leads.size())).id();
                world.editRecord(CrmModule.LEADS.apiName(), id);
            }
        }
    }

    /**
     * Moves a random open deal one step along the pipeline, as {@link CrmWorld#editDeals} does,
     * except that a big deal is not lost by chance: the scripted loss is the demo's only one. Big
     * is from half of what the job's R4 calls big by default (the 90th percentile of the amounts
     * won, or 10% of the open pipeline), so the margin holds whatever the job's exact figures.
     */
    private void moveADeal() {
        List<Deal> deals = world.snapshot().deals();
        List<Deal> open = deals.stream().filter(d -> !DealPipeline.isClosed(d.stage())).toList();
        if (open.isEmpty()) {
            return;
        }
        Deal deal = open.get(random.nextInt(open.size()));
        String next = DealPipeline.nextStage(deal.stage(), random);
        boolean lost = DealPipeline.isClosed(next) && !DealPipeline.CLOSED_WON.equals(next);
        if (lost && isBig(deal, deals, open)) {
            return;
        }
        world.moveDealStage(deal.id(), next);
    }

    private static boolean isBig(Deal deal, List<Deal> deals, List<Deal> open) {
        BigDecimal amount = amountHome(deal);
        List<BigDecimal> won =
                deals.stream()
                        .filter(d -> DealPipeline.CLOSED_WON.equals(d.stage()))
                        .map(DemoLiveChanges::amountHome)
                        .sorted()
                        .toList();
        BigDecimal wonP90 =
                won.isEmpty() ? BigDecimal.ZERO : won.get((int) Math.floor(0.9 * (won.size() - 1)));
        BigDecimal pipeline =
                open.stream()
                        .map(DemoLiveChanges::amountHome)
                        .reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal half = new BigDecimal("0.5");
        return amount.compareTo(wonP90.multiply(half)) >= 0
                || amount.compareTo(pipeline.multiply(new BigDecimal("0.05"))) >= 0;
    }

    private static BigDecimal amountHome(Deal deal) {
        return deal.amount() == null
                ? BigDecimal.ZERO
                : deal.amount().divide(deal.exchangeRate(), 2, RoundingMode.HALF_UP);
    }
}
