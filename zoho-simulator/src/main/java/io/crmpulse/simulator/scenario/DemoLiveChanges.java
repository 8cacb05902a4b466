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
    static final Duration JUNK_SPIKE_START = Duration.ofMinutes(1);
    static final Duration JUNK_SPIKE_END = Duration.ofMinutes(6);
    static final Duration BIG_DEAL_LOST_AT = Duration.ofMinutes(4);

    private static final Logger LOG = LoggerFactory.getLogger(DemoLiveChanges.class);
    private static final double SPIKE_JUNK_RATE = 0.8;

    private final CrmWorld world;
    private final SplittableRandom random;
    private final Instant start;
    private final Deque<String> untriagedSpikeLeads = new ArrayDeque<>();
    private ScheduledExecutorService scheduler;
    private boolean spikeAnnounced;
    private boolean bigDealLost;

    DemoLiveChanges(CrmWorld world, SplittableRandom random) {
        this.world = world;
        this.random = random;
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
                JUNK_SPIKE_START,
                JUNK_SPIKE_END,
                BIG_DEAL_LOST_AT,
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
        if (!bigDealLost && elapsed.compareTo(BIG_DEAL_LOST_AT) >= 0) {
            loseBiggestOpenDeal();
            bigDealLost = true;
        }
        if (elapsed.compareTo(JUNK_SPIKE_START) >= 0 && elapsed.compareTo(JUNK_SPIKE_END) < 0) {
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
            world.editDeals(1);
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

    private static BigDecimal amountHome(Deal deal) {
        return deal.amount() == null
                ? BigDecimal.ZERO
                : deal.amount().divide(deal.exchangeRate(), 2, RoundingMode.HALF_UP);
    }
}
