package io.crmpulse.simulator.truth;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.simulator.SimClock;
import io.crmpulse.simulator.world.CrmWorld;
import io.crmpulse.simulator.world.OrgCurrency;
import io.crmpulse.simulator.world.Rep;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The metrics of a hand-built world, worked out by hand. Lead source "Web Download": two untouched,
 * one junk, one attempted, one converted (its deal deleted), one contacted late in the day; a
 * deleted lead; two leads without source or status. Deals: open ₹100,000 at 10%, open $1,000 at 75%
 * (₹83,333.33), open without amount, won €500 (₹45,454.55), lost ₹20,000, and a "Trade Show" deal
 * won for $2,000 (₹166,666.67).
 */
class GroundTruthTest {

    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");

    private final SimClock clock = SimClock.fixed(Instant.parse("2026-03-10T10:00:00Z"));
    private final CrmWorld world = new CrmWorld(1, clock);
    private final GroundTruth truth = new GroundTruth(world);
    private Rep asha;
    private Rep ben;

    @BeforeEach
    void buildWorld() {
        asha = world.reps().get(0);
        ben = world.reps().get(1);
        world.createLeads(2, "Web Download", "Not Contacted", asha);
        world.createLeads(1, " Web Download ", "Junk Lead", asha);
        world.createLeads(1, "Web Download", "Attempted to Contact", ben);
        String converted = world.createLeads(1, "Web Download", "Pre-Qualified", ben).get(0);
        world.deleteRecord("Deals", world.convertLead(converted));
        world.deleteRecord("Leads", world.createLeads(1, "Web Download", "Contacted", ben).get(0));
        world.createLeads(1, null, null, asha);
        world.createLeads(1, "-None-", "-None-", asha);

        world.createDeal("Web Download", "Qualification", amount("100000"), OrgCurrency.INR, asha);
        world.createDeal(
                "Web Download", "Proposal/Price Quote", amount("1000"), OrgCurrency.USD, ben);
        String wonEur =
                world.createDeal(
                        "Web Download", "Negotiation/Review", amount("500"), OrgCurrency.EUR, ben);
        world.createDeal(
                "Web Download",
                "Closed Lost to Competition",
                amount("20000"),
                OrgCurrency.INR,
                asha);
        world.createDeal("Web Download", "Needs Analysis", null, OrgCurrency.INR, asha);
        String wonUsd =
                world.createDeal(
                        "Trade Show", "Qualification", amount("2000"), OrgCurrency.USD, asha);

        clock.set(Instant.parse("2026-03-10T20:00:00Z")); // 01:30 on the 11th in Kolkata
        world.createLeads(1, "Web Download", "Contacted", ben);
        clock.set(Instant.parse("2026-03-11T04:00:00Z"));
        world.moveDealStage(wonEur, "Closed Won");
        clock.set(Instant.parse("2026-03-11T06:00:00Z"));
        world.editRecord("Deals", wonEur); // an edit after the win does not move won_at
        clock.set(Instant.parse("2026-03-12T19:00:00Z")); // 00:30 on the 13th in Kolkata
        world.moveDealStage(wonUsd, "Closed Won");
    }

    @Test
    void computesTheLeadSourceQualityMatrix() {
        List<LeadSourceQualityRow> rows = truth.metrics(KOLKATA).leadSourceQuality();

        assertThat(rows)
                .containsExactly(
                        new LeadSourceQualityRow(
                                "(none)",
                                new MatrixColumns(
                                        2,
                                        0,
                                        2,
                                        0,
                                        0,
                                        0,
                                        rate("0.0000"),
                                        rate("0.0000"),
                                        rate("0.0000"),
                                        0,
                                        0,
                                        0,
                                        0,
                                        money("0.00"),
                                        money("0.00"),
                                        money("0.00"),
                                        null)),
                        new LeadSourceQualityRow(
                                "Trade Show",
                                new MatrixColumns(
                                        0,
                                        0,
                                        0,
                                        0,
                                        0,
                                        0,
                                        null,
                                        null,
                                        null,
                                        1,
                                        0,
                                        1,
                                        0,
                                        money("0.00"),
                                        money("0.00"),
                                        money("166666.67"),
                                        rate("1.0000"))),
                        new LeadSourceQualityRow(
                                "Web Download",
                                new MatrixColumns(
                                        6,
                                        1,
                                        2,
                                        1,
                                        1,
                                        1,
                                        rate("0.1667"),
                                        rate("0.3333"),
                                        rate("0.1667"),
                                        5,
                                        3,
                                        1,
                                        1,
                                        money("183333.33"),
                                        money("72500.00"),
                                        money("45454.55"),
                                        rate("0.5000"))));
    }

    @Test
    void computesTheRepPipelineMatrix() {
        List<RepPipelineRow> rows = truth.metrics(KOLKATA).repPipeline();

        assertThat(rows)
                .containsExactly(
                        new RepPipelineRow(
                                asha.id(),
                                asha.name(),
                                new MatrixColumns(
                                        5,
                                        1,
                                        4,
                                        0,
                                        0,
                                        0,
                                        rate("0.2000"),
                                        rate("0.0000"),
                                        rate("0.0000"),
                                        4,
                                        2,
                                        1,
                                        1,
                                        money("100000.00"),
                                        money("10000.00"),
                                        money("166666.67"),
                                        rate("0.5000"))),
                        new RepPipelineRow(
                                ben.id(),
                                ben.name(),
                                new MatrixColumns(
                                        3,
                                        0,
                                        0,
                                        1,
                                        1,
                                        1,
                                        rate("0.0000"),
                                        rate("0.6667"),
                                        rate("0.3333"),
                                        2,
                                        1,
                                        1,
                                        0,
                                        money("83333.33"),
                                        money("62500.00"),
                                        money("45454.55"),
                                        rate("1.0000"))));
    }

    @Test
    void bucketsDailySourceStatsByBusinessDay() {
        List<DailySourceStatsRow> rows = truth.dailySourceStats(KOLKATA);

        assertThat(rows)
                .containsExactly(
                        new DailySourceStatsRow(
                                day("2026-03-10"), "(none)", daily(2, 0, 0, 0, 0, "0.00")),
                        new DailySourceStatsRow(
                                day("2026-03-10"), "Web Download", daily(5, 1, 0, 1, 0, "0.00")),
                        new DailySourceStatsRow(
                                day("2026-03-11"),
                                "Web Download",
                                daily(1, 0, 1, 0, 1, "45454.55")),
                        new DailySourceStatsRow(
                                day("2026-03-13"),
                                "Trade Show",
                                daily(0, 0, 0, 0, 1, "166666.67")));
    }

    @Test
    void bucketsDailyRepStatsByBusinessDay() {
        List<DailyRepStatsRow> rows = truth.dailyRepStats(KOLKATA);

        assertThat(rows)
                .containsExactly(
                        new DailyRepStatsRow(
                                day("2026-03-10"), asha.id(), daily(5, 1, 0, 0, 0, "0.00")),
                        new DailyRepStatsRow(
                                day("2026-03-10"), ben.id(), daily(2, 0, 0, 1, 0, "0.00")),
                        new DailyRepStatsRow(
                                day("2026-03-11"), ben.id(), daily(1, 0, 1, 0, 1, "45454.55")),
                        new DailyRepStatsRow(
                                day("2026-03-13"), asha.id(), daily(0, 0, 0, 0, 1, "166666.67")));
    }

    @Test
    void theBusinessZoneMovesDayBoundaries() {
        List<DailySourceStatsRow> utc = truth.dailySourceStats(ZoneOffset.UTC);

        assertThat(utc)
                .extracting(DailySourceStatsRow::day, DailySourceStatsRow::leadSource)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(day("2026-03-10"), "(none)"),
                        org.assertj.core.groups.Tuple.tuple(day("2026-03-10"), "Web Download"),
                        org.assertj.core.groups.Tuple.tuple(day("2026-03-11"), "Web Download"),
                        org.assertj.core.groups.Tuple.tuple(day("2026-03-12"), "Trade Show"));
        assertThat(utc.get(1).columns().leadsCreated()).isEqualTo(6);
        assertThat(utc.get(2).columns().leadsCreated()).isZero();
    }

    @Test
    void wonAtIsWhenTheDealLastEnteredTheWonClass() {
        String reopened =
                world.createDeal("Chat", "Closed Won", amount("1000"), OrgCurrency.INR, asha);
        String wonTwice =
                world.createDeal(
                        "Chat", "Negotiation/Review", amount("3000"), OrgCurrency.INR, asha);
        world.moveDealStage(reopened, "Negotiation/Review");
        world.moveDealStage(wonTwice, "Closed Won");
        clock.set(Instant.parse("2026-03-20T10:00:00Z"));
        world.moveDealStage(wonTwice, "Closed Lost");
        clock.set(Instant.parse("2026-03-25T10:00:00Z"));
        world.moveDealStage(wonTwice, "Closed Won");

        List<DailySourceStatsRow> chat =
                truth.dailySourceStats(ZoneOffset.UTC).stream()
                        .filter(r -> r.leadSource().equals("Chat"))
                        .toList();

        assertThat(chat)
                .containsExactly(
                        new DailySourceStatsRow(
                                day("2026-03-25"), "Chat", daily(0, 0, 0, 0, 1, "3000.00")));
    }

    @Test
    void listsLiveRecordsAndDeletedIds() {
        assertThat(truth.liveRecords("Leads")).hasSize(8);
        assertThat(truth.liveRecords("Deals")).hasSize(6);
        assertThat(truth.deletedIds("Leads")).hasSize(1);
        assertThat(truth.deletedIds("Deals")).hasSize(1);
    }

    private static DailyColumns daily(
            long created, long junk, long contacted, long converted, long won, String value) {
        return new DailyColumns(created, junk, contacted, converted, won, money(value));
    }

    private static BigDecimal amount(String value) {
        return new BigDecimal(value);
    }

    private static BigDecimal rate(String value) {
        return new BigDecimal(value);
    }

    private static BigDecimal money(String value) {
        return new BigDecimal(value);
    }

    private static LocalDate day(String value) {
        return LocalDate.parse(value);
    }
}
