package io.crmpulse.simulator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.simulator.SimClock;
import io.crmpulse.simulator.scenario.Scenario;
import io.crmpulse.simulator.world.CrmModule;
import io.crmpulse.simulator.world.CrmRecord;
import io.crmpulse.simulator.world.CrmWorld;
import io.crmpulse.simulator.world.Lead;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SortedLiveRecordsTest {

    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");

    private final SimClock clock = SimClock.fixed(NOW);
    private final CrmWorld world = new CrmWorld(7, clock);
    private final SortedLiveRecords sorted = new SortedLiveRecords(world);

    @BeforeEach
    void writeABackfillHistory() {
        // Converted leads, deletions, and 360 leads tied in one second.
        Scenario.named("backfill").writeHistory(world, ZoneOffset.UTC);
    }

    @Test
    void selectsWhatACopyAndSortOfTheWholeModuleSelects() {
        Instant tie = mostCommonModifiedTime(CrmModule.LEADS);
        List<Instant> sinces = Arrays.asList(null, NOW.minus(Duration.ofDays(30)), tie, NOW);
        for (CrmModule module : CrmModule.values()) {
            for (String converted : List.of("false", "true", "both")) {
                for (String sortBy : List.of("id", "Created_Time", "Modified_Time")) {
                    for (String sortOrder : List.of("asc", "desc")) {
                        for (Instant since : sinces) {
                            for (boolean inclusive : List.of(true, false)) {
                                assertThat(
                                                sorted.select(
                                                        module, converted, sortBy, sortOrder, since,
                                                        inclusive))
                                        .as(
                                                "%s converted=%s %s %s since %s inclusive=%s",
                                                module, converted, sortBy, sortOrder, since,
                                                inclusive)
                                        .containsExactlyElementsOf(
                                                copyAndSort(
                                                        module, converted, sortBy, sortOrder, since,
                                                        inclusive));
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void seesEveryChangeToTheWorld() {
        Instant since = NOW.minus(Duration.ofDays(3));
        List<CrmRecord> before =
                sorted.select(CrmModule.LEADS, "false", "Modified_Time", "asc", since, true);

        clock.advance(Duration.ofSeconds(5));
        String edited = world.liveRecords(CrmModule.LEADS).get(0).id();
        world.editRecord("Leads", edited);
        world.createLeads(3);
        world.deleteLeads(2);
        world.convertLeads(2);

        List<CrmRecord> after =
                sorted.select(CrmModule.LEADS, "false", "Modified_Time", "asc", since, true);
        assertThat(after).isNotEqualTo(before);
        assertThat(after)
                .containsExactlyElementsOf(
                        copyAndSort(CrmModule.LEADS, "false", "Modified_Time", "asc", since, true));
        assertThat(after.get(after.size() - 1).modifiedTime()).isEqualTo(world.now());
    }

    /** What Get Records did before the views: filter and sort a copy of the module per page. */
    private List<CrmRecord> copyAndSort(
            CrmModule module,
            String converted,
            String sortBy,
            String sortOrder,
            Instant since,
            boolean inclusive) {
        Predicate<CrmRecord> keep = r -> true;
        if (module == CrmModule.LEADS && !converted.equals("both")) {
            boolean wanted = converted.equals("true");
            keep = r -> ((Lead) r).converted() == wanted;
        }
        if (since != null) {
            keep =
                    keep.and(
                            inclusive
                                    ? r -> !r.modifiedTime().isBefore(since)
                                    : r -> r.modifiedTime().isAfter(since));
        }
        Comparator<CrmRecord> byId = Comparator.comparingLong(r -> Long.parseLong(r.id()));
        Comparator<CrmRecord> order =
                switch (sortBy) {
                    case "Created_Time" ->
                            Comparator.comparing(CrmRecord::createdTime).thenComparing(byId);
                    case "Modified_Time" ->
                            Comparator.comparing(CrmRecord::modifiedTime).thenComparing(byId);
                    default -> byId;
                };
        if (sortOrder.equals("desc")) {
            order = order.reversed();
        }
        return new ArrayList<>(world.liveRecords(module))
                .stream().filter(keep).sorted(order).toList();
    }

    private Instant mostCommonModifiedTime(CrmModule module) {
        return world.liveRecords(module).stream()
                .collect(Collectors.groupingBy(CrmRecord::modifiedTime, Collectors.counting()))
                .entrySet()
                .stream()
                .max(Map.Entry.comparingByValue())
                .orElseThrow()
                .getKey();
    }
}
