package io.crmpulse.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.crmpulse.simulator.SimClock;
import io.crmpulse.simulator.truth.GroundTruth;
import io.crmpulse.simulator.truth.LeadSourceQualityRow;
import io.crmpulse.simulator.truth.TruthMetrics;
import io.crmpulse.simulator.world.CrmRecord;
import io.crmpulse.simulator.world.CrmWorld;
import io.crmpulse.simulator.world.Deal;
import io.crmpulse.simulator.world.DealPipeline;
import io.crmpulse.simulator.world.DeletedRecord;
import io.crmpulse.simulator.world.DeletionType;
import io.crmpulse.simulator.world.Lead;
import io.crmpulse.simulator.world.LeadStatuses;
import io.crmpulse.simulator.world.WorldSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ScaleScenarioTest {

    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private static final ZoneId ZONE = ZoneId.of("America/New_York");
    private static final int LEADS = 20_000;
    private static final int DEALS = 4_000;

    private static CrmWorld world;
    private static WorldSnapshot history;

    @BeforeAll
    static void generate() {
        world = new CrmWorld(42, SimClock.fixed(NOW));
        Scenario.scale(LEADS, DEALS).writeHistory(world, ZONE);
        history = world.snapshot();
    }

    @Test
    void holdsTheRequestedLeadsAndDealsWithinFivePercent() {
        // Counts are the outcome of random lifecycles; at a million leads they land within 1%.
        assertThat((double) history.leads().size()).isCloseTo(LEADS, within(LEADS * 0.05));
        assertThat((double) history.deals().size()).isCloseTo(DEALS, within(DEALS * 0.05));
    }

    @Test
    void spreadsCreationAndModificationEvenlyOverTwoYears() {
        Instant oldest =
                history.leads().stream()
                        .map(Lead::createdTime)
                        .min(Instant::compareTo)
                        .orElseThrow();
        assertThat(Duration.between(oldest, NOW).toDays()).isBetween(728L, 731L);
        // Eight quarters of about 12.5% each, for creation and for the last modification alike
        // (but for the mass transfer's leads, all modified in one second a month ago).
        Instant transfer = biggestTie().getKey();
        List<Lead> notTransferred =
                history.leads().stream().filter(l -> !l.modifiedTime().equals(transfer)).toList();
        for (Function<CrmRecord, Instant> time :
                List.<Function<CrmRecord, Instant>>of(
                        CrmRecord::createdTime, CrmRecord::modifiedTime)) {
            Map<Long, Long> perQuarter =
                    countBy(
                            notTransferred,
                            l -> Duration.between(time.apply(l), NOW).toDays() / 92);
            assertThat(perQuarter.keySet())
                    .containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
            assertThat(perQuarter.values())
                    .allSatisfy(n -> assertThat(n).isBetween(LEADS * 10L / 100, LEADS * 15L / 100));
        }
        assertThat(history.leads()).allSatisfy(l -> assertThat(l.modifiedTime()).isBefore(NOW));
        assertThat(history.deals()).allSatisfy(d -> assertThat(d.modifiedTime()).isBefore(NOW));
    }

    @Test
    void hasTheStatusesOwnersAndConversionsOfARealCrm() {
        Map<String, Long> statuses =
                countBy(history.leads(), l -> Objects.toString(l.leadStatus(), "(unset)"));
        assertThat(statuses)
                .containsKeys(
                        "(unset)",
                        LeadStatuses.NONE,
                        LeadStatuses.NOT_CONTACTED,
                        LeadStatuses.CONTACTED,
                        LeadStatuses.PRE_QUALIFIED,
                        LeadStatuses.LOST);
        assertThat(statuses.get(LeadStatuses.JUNK)).isGreaterThan(LEADS / 50L);
        assertThat(countBy(history.leads(), l -> Objects.toString(l.leadSource())))
                .hasSizeGreaterThan(5);
        assertThat(countBy(history.leads(), l -> Objects.toString(l.owner())))
                .containsKeys(world.reps().stream().map(Objects::toString).toArray(String[]::new));
        assertThat(history.leads().stream().filter(Lead::converted).count())
                .isGreaterThan(LEADS / 10L);
        assertThat(countBy(history.deals(), Deal::stage))
                .containsKeys(
                        DealPipeline.QUALIFICATION,
                        DealPipeline.NEGOTIATION,
                        DealPipeline.CLOSED_WON,
                        DealPipeline.CLOSED_LOST,
                        DealPipeline.CLOSED_LOST_TO_COMPETITION);
        assertThat(history.deletedRecords())
                .extracting(DeletedRecord::type)
                .contains(DeletionType.RECYCLE, DeletionType.PERMANENT);
    }

    @Test
    void tiesAThousandLeadsInTheSecondOfTheMassTransfer() {
        assertThat(biggestTie().getValue()).isEqualTo(1_000L);
        assertThat(Duration.between(biggestTie().getKey(), NOW).toDays()).isBetween(29L, 30L);
    }

    @Test
    void theGroundTruthCountsEveryLeadAndDeal() {
        TruthMetrics metrics = new GroundTruth(world).metrics(ZONE);

        assertThat(metrics.leadSourceQuality().stream().mapToLong(r -> r.columns().leads()).sum())
                .isEqualTo(history.leads().size());
        assertThat(metrics.leadSourceQuality().stream().mapToLong(r -> r.columns().deals()).sum())
                .isEqualTo(history.deals().size());
        assertThat(metrics.leadSourceQuality())
                .extracting(LeadSourceQualityRow::leadSource)
                .hasSizeGreaterThan(5);
    }

    @Test
    void refusesNegativeCounts() {
        assertThatThrownBy(() -> Scenario.scale(-1, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("leads -1, deals 10");
    }

    private static Map.Entry<Instant, Long> biggestTie() {
        return countBy(history.leads(), Lead::modifiedTime).entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .orElseThrow();
    }

    private static <T, K> Map<K, Long> countBy(List<T> items, Function<T, K> key) {
        return items.stream().collect(Collectors.groupingBy(key, Collectors.counting()));
    }
}
