package io.crmpulse.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.simulator.SimClock;
import io.crmpulse.simulator.world.CrmWorld;
import io.crmpulse.simulator.world.Deal;
import io.crmpulse.simulator.world.DealPipeline;
import io.crmpulse.simulator.world.Lead;
import io.crmpulse.simulator.world.LeadStatuses;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DemoScenarioTest {

    private static final Instant START = Instant.parse("2026-03-10T09:00:00Z");

    private final SimClock clock = SimClock.fixed(START);
    private CrmWorld world;

    @BeforeEach
    void writeHistory() {
        world = new CrmWorld(42, clock);
        Scenario.named("demo").writeHistory(world, ZoneId.of("Asia/Kolkata"));
    }

    @Test
    void holdsThirtyDaysOfHistoryWithABigDealInNegotiation() {
        assertThat(world.snapshot().leads()).hasSizeBetween(2000, 3500);
        Deal biggest = biggestOpenDeal();
        assertThat(biggest.amount()).isEqualByComparingTo(new BigDecimal("9500000"));
        assertThat(biggest.stage()).isEqualTo(DealPipeline.NEGOTIATION);
    }

    @Test
    void thePartnerSourceSentItsLastLeadInAQuietSpellBeforeTheStart() {
        DemoTimings timings = DemoTimings.DEFAULTS;
        Instant quietFrom = START.minus(timings.quietBeforeStart());
        Instant partnersLast = START.minus(timings.silentSourceLastLead());

        List<Lead> partner = leadsFrom(DemoLiveChanges.SILENT_SOURCE);
        assertThat(partner).isNotEmpty();
        assertThat(partner)
                .filteredOn(l -> !l.createdTime().isBefore(quietFrom))
                .singleElement()
                .satisfies(
                        l -> {
                            assertThat(l.createdTime()).isEqualTo(partnersLast);
                            assertThat(l.leadStatus()).isEqualTo(LeadStatuses.ATTEMPTED);
                        });
        // Nothing else happened in the quiet spell: every other silence and every SLA deadline
        // of the job's demo settings (one hour) fell before the start.
        assertThat(world.snapshot().leads())
                .filteredOn(l -> !l.createdTime().equals(partnersLast))
                .allSatisfy(l -> assertThat(l.modifiedTime()).isBefore(quietFrom));
        assertThat(world.snapshot().deals())
                .allSatisfy(d -> assertThat(d.modifiedTime()).isBefore(quietFrom));
    }

    @Test
    void noLeadCrossesADayUntouchedInTheFirstHoursOfTheDemo() {
        List<Lead> untouched =
                world.snapshot().leads().stream()
                        .filter(l -> !l.converted())
                        .filter(
                                l ->
                                        l.leadStatus() == null
                                                || LeadStatuses.NONE.equals(l.leadStatus())
                                                || LeadStatuses.NOT_CONTACTED.equals(
                                                        l.leadStatus()))
                        .toList();

        assertThat(untouched).isNotEmpty();
        // Untouched for good only from before yesterday; the recent ones, from the last 22 hours:
        // none of them is a day old before 2 hours into the demo.
        Instant twoDaysAgo = START.minus(Duration.ofDays(2));
        Instant recent = START.minus(Duration.ofHours(22));
        assertThat(untouched)
                .filteredOn(
                        l ->
                                !l.createdTime().isBefore(twoDaysAgo)
                                        && !l.createdTime().isAfter(recent))
                .isEmpty();
    }

    @Test
    void playsTheJunkSpikeAndTheBigDealLossAtTheirOffsets() {
        Deal biggest = biggestOpenDeal();
        DemoLiveChanges live =
                new DemoLiveChanges(world, new SplittableRandom(1), DemoTimings.DEFAULTS);

        runFor(live, Duration.ofMinutes(3).plusSeconds(58));
        assertThat(world.deal(biggest.id()).orElseThrow().stage())
                .isEqualTo(DealPipeline.NEGOTIATION);
        runFor(live, Duration.ofMinutes(3));

        assertThat(world.deal(biggest.id()).orElseThrow().stage())
                .isEqualTo(DealPipeline.CLOSED_LOST);
        List<Lead> spiked =
                leadsFrom(DemoLiveChanges.SPIKE_SOURCE).stream()
                        .filter(l -> !l.createdTime().isBefore(START))
                        .toList();
        long triaged =
                spiked.stream()
                        .filter(l -> !LeadStatuses.NOT_CONTACTED.equals(l.leadStatus()))
                        .count();
        long junk = spiked.stream().filter(l -> LeadStatuses.JUNK.equals(l.leadStatus())).count();
        assertThat(triaged).isGreaterThan(100);
        assertThat((double) junk / triaged).isGreaterThan(0.6);
        assertThat(leadsFrom(DemoLiveChanges.SILENT_SOURCE))
                .noneSatisfy(l -> assertThat(l.createdTime()).isAfterOrEqualTo(START));
    }

    /** Ticks every two seconds of simulated time. */
    private void runFor(DemoLiveChanges live, Duration duration) {
        for (long s = 0; s < duration.toSeconds(); s += 2) {
            clock.advance(Duration.ofSeconds(2));
            live.step();
        }
    }

    private Deal biggestOpenDeal() {
        return world.snapshot().deals().stream()
                .filter(d -> !DealPipeline.isClosed(d.stage()) && d.amount() != null)
                .max(
                        (a, b) ->
                                a.amount()
                                        .divide(a.exchangeRate(), 2, java.math.RoundingMode.HALF_UP)
                                        .compareTo(
                                                b.amount()
                                                        .divide(
                                                                b.exchangeRate(),
                                                                2,
                                                                java.math.RoundingMode.HALF_UP)))
                .orElseThrow();
    }

    private List<Lead> leadsFrom(String source) {
        return world.snapshot().leads().stream()
                .filter(l -> Objects.equals(l.leadSource(), source))
                .toList();
    }
}
