package io.crmpulse.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.simulator.SimClock;
import io.crmpulse.simulator.world.CrmWorld;
import io.crmpulse.simulator.world.Deal;
import io.crmpulse.simulator.world.DealPipeline;
import io.crmpulse.simulator.world.DeletedRecord;
import io.crmpulse.simulator.world.DeletionType;
import io.crmpulse.simulator.world.Lead;
import io.crmpulse.simulator.world.WorldSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BackfillScenarioTest {

    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private static final ZoneId ZONE = ZoneId.of("America/New_York");

    private static WorldSnapshot history;

    @BeforeAll
    static void generate() {
        history = generate(42);
    }

    private static WorldSnapshot generate(long seed) {
        CrmWorld world = new CrmWorld(seed, SimClock.fixed(NOW));
        Scenario.named("backfill").writeHistory(world, ZONE);
        return world.snapshot();
    }

    @Test
    void holdsNinetyDaysOfAtLeastFiveThousandLeadsAndAThousandDeals() {
        assertThat(history.leads()).hasSizeGreaterThan(5000);
        assertThat(history.deals()).hasSizeGreaterThan(1000);
        Instant oldest =
                history.leads().stream()
                        .map(Lead::createdTime)
                        .min(Instant::compareTo)
                        .orElseThrow();
        assertThat(Duration.between(oldest, NOW).toDays()).isBetween(88L, 91L);
        assertThat(history.leads()).allSatisfy(l -> assertThat(l.modifiedTime()).isBefore(NOW));
    }

    @Test
    void includesConversionsEveryDealOutcomeAndBothKindsOfDeletion() {
        assertThat(history.leads().stream().filter(Lead::converted).count()).isGreaterThan(400);
        Map<String, Long> stages =
                history.deals().stream()
                        .collect(Collectors.groupingBy(Deal::stage, Collectors.counting()));
        assertThat(stages)
                .containsKeys(
                        DealPipeline.QUALIFICATION,
                        DealPipeline.CLOSED_WON,
                        DealPipeline.CLOSED_LOST,
                        DealPipeline.CLOSED_LOST_TO_COMPETITION);
        assertThat(history.deletedRecords())
                .extracting(DeletedRecord::type)
                .contains(DeletionType.RECYCLE, DeletionType.PERMANENT);
    }

    @Test
    void tiesThreeHundredSixtyLeadsInTheSecondOfTheMassTransfer() {
        long biggestTie =
                countBy(history.leads(), Lead::modifiedTime).values().stream()
                        .max(Long::compare)
                        .orElseThrow();

        assertThat(biggestTie).isEqualTo(360);
    }

    @Test
    void neverTouchesADealAfterItCloses() {
        assertThat(history.deals())
                .filteredOn(d -> DealPipeline.isClosed(d.stage()))
                .isNotEmpty()
                .allSatisfy(
                        d ->
                                assertThat(d.modifiedTime())
                                        .isEqualTo(
                                                d.stageHistory()
                                                        .get(d.stageHistory().size() - 1)
                                                        .at()));
    }

    @Test
    void theSameSeedGivesTheSameHistory() {
        assertThat(generate(42)).isEqualTo(history);
        assertThat(generate(43).leads()).isNotEqualTo(history.leads());
    }

    private static <T, K> Map<K, Long> countBy(Collection<T> items, Function<T, K> key) {
        return items.stream().collect(Collectors.groupingBy(key, Collectors.counting()));
    }
}
