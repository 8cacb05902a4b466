package io.crmpulse.simulator.truth;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The metrics tables of docs/METRICS.md section 4 as plain Java over normalized live records: a
 * second, independent statement of the definitions that the job's Flink SQL is checked against.
 */
final class MetricsCalculator {

    private MetricsCalculator() {}

    static TruthMetrics compute(List<LeadFacts> leads, List<DealFacts> deals, ZoneId zone) {
        return new TruthMetrics(
                matrix(leads, deals, LeadFacts::leadSource, DealFacts::leadSource)
                        .entrySet()
                        .stream()
                        .map(e -> new LeadSourceQualityRow(e.getKey(), e.getValue().columns()))
                        .toList(),
                repPipeline(leads, deals),
                daily(leads, deals, zone, LeadFacts::leadSource, DealFacts::leadSource)
                        .entrySet()
                        .stream()
                        .map(
                                e ->
                                        new DailySourceStatsRow(
                                                e.getKey().day(),
                                                e.getKey().group(),
                                                e.getValue().columns()))
                        .toList(),
                daily(leads, deals, zone, LeadFacts::ownerId, DealFacts::ownerId)
                        .entrySet()
                        .stream()
                        .map(
                                e ->
                                        new DailyRepStatsRow(
                                                e.getKey().day(),
                                                e.getKey().group(),
                                                e.getValue().columns()))
                        .toList());
    }

    private static List<RepPipelineRow> repPipeline(List<LeadFacts> leads, List<DealFacts> deals) {
        // "owner_name (latest seen)": the name on the owner's most recently modified record.
        Map<String, NameSeen> names = new TreeMap<>();
        for (LeadFacts lead : leads) {
            names.merge(
                    lead.ownerId(),
                    new NameSeen(lead.ownerName(), lead.modifiedTime(), lead.id()),
                    NameSeen::later);
        }
        for (DealFacts deal : deals) {
            names.merge(
                    deal.ownerId(),
                    new NameSeen(deal.ownerName(), deal.modifiedTime(), deal.id()),
                    NameSeen::later);
        }
        List<RepPipelineRow> rows = new ArrayList<>();
        matrix(leads, deals, LeadFacts::ownerId, DealFacts::ownerId)
                .forEach(
                        (ownerId, tally) ->
                                rows.add(
                                        new RepPipelineRow(
                                                ownerId,
                                                names.get(ownerId).name(),
                                                tally.columns())));
        return rows;
    }

    private static Map<String, MatrixTally> matrix(
            List<LeadFacts> leads,
            List<DealFacts> deals,
            Function<LeadFacts, String> leadKey,
            Function<DealFacts, String> dealKey) {
        Map<String, MatrixTally> tallies = new TreeMap<>();
        for (LeadFacts lead : leads) {
            tallies.computeIfAbsent(leadKey.apply(lead), k -> new MatrixTally()).add(lead);
        }
        for (DealFacts deal : deals) {
            tallies.computeIfAbsent(dealKey.apply(deal), k -> new MatrixTally()).add(deal);
        }
        return tallies;
    }

    private static Map<DayKey, DailyTally> daily(
            List<LeadFacts> leads,
            List<DealFacts> deals,
            ZoneId zone,
            Function<LeadFacts, String> leadKey,
            Function<DealFacts, String> dealKey) {
        Map<DayKey, DailyTally> tallies = new TreeMap<>();
        for (LeadFacts lead : leads) {
            DayKey key = new DayKey(day(lead.createdTime(), zone), leadKey.apply(lead));
            tallies.computeIfAbsent(key, k -> new DailyTally()).add(lead);
        }
        for (DealFacts deal : deals) {
            if (deal.stageClass() == StageClass.WON && deal.wonAt() != null) {
                DayKey key = new DayKey(day(deal.wonAt(), zone), dealKey.apply(deal));
                tallies.computeIfAbsent(key, k -> new DailyTally()).addWon(deal);
            }
        }
        return tallies;
    }

    private static LocalDate day(Instant instant, ZoneId zone) {
        return LocalDate.ofInstant(instant, zone);
    }

    /** {@code numerator / denominator} rounded half up to 4 decimals; null for a 0 denominator. */
    static BigDecimal rate(long numerator, long denominator) {
        return denominator == 0
                ? null
                : BigDecimal.valueOf(numerator)
                        .divide(BigDecimal.valueOf(denominator), 4, RoundingMode.HALF_UP);
    }

    /** A sum of money, rounded once at the end. */
    static BigDecimal money(BigDecimal sum) {
        return sum.setScale(2, RoundingMode.HALF_UP);
    }

    private record DayKey(LocalDate day, String group) implements Comparable<DayKey> {
        private static final Comparator<DayKey> ORDER =
                Comparator.comparing(DayKey::day).thenComparing(DayKey::group);

        @Override
        public int compareTo(DayKey other) {
            return ORDER.compare(this, other);
        }
    }

    private record NameSeen(String name, Instant modifiedTime, String recordId) {
        NameSeen later(NameSeen other) {
            int byTime = modifiedTime.compareTo(other.modifiedTime);
            if (byTime != 0) {
                return byTime > 0 ? this : other;
            }
            return recordId.compareTo(other.recordId) >= 0 ? this : other;
        }
    }

    /** Counts and sums toward one matrix row. */
    private static final class MatrixTally {
        private long leads;
        private final long[] byStatus = new long[StatusClass.values().length];
        private long deals;
        private final long[] byStage = new long[StageClass.values().length];
        private BigDecimal pipeline = BigDecimal.ZERO;
        private BigDecimal weighted = BigDecimal.ZERO;
        private BigDecimal won = BigDecimal.ZERO;

        void add(LeadFacts lead) {
            leads++;
            byStatus[lead.statusClass().ordinal()]++;
        }

        void add(DealFacts deal) {
            deals++;
            byStage[deal.stageClass().ordinal()]++;
            if (deal.stageClass() == StageClass.OPEN) {
                pipeline = pipeline.add(deal.amountHome());
                weighted =
                        weighted.add(
                                deal.amountHome()
                                        .multiply(BigDecimal.valueOf(deal.probability()))
                                        .movePointLeft(2));
            } else if (deal.stageClass() == StageClass.WON) {
                won = won.add(deal.amountHome());
            }
        }

        MatrixColumns columns() {
            long junk = byStatus[StatusClass.JUNK.ordinal()];
            long contacted = byStatus[StatusClass.CONTACTED.ordinal()];
            long converted = byStatus[StatusClass.CONVERTED.ordinal()];
            long wonDeals = byStage[StageClass.WON.ordinal()];
            long lostDeals = byStage[StageClass.LOST.ordinal()];
            return new MatrixColumns(
                    leads,
                    junk,
                    byStatus[StatusClass.UNTOUCHED.ordinal()],
                    byStatus[StatusClass.ATTEMPTED.ordinal()],
                    contacted,
                    converted,
                    rate(junk, leads),
                    rate(contacted + converted, leads),
                    rate(converted, leads),
                    deals,
                    byStage[StageClass.OPEN.ordinal()],
                    wonDeals,
                    lostDeals,
                    money(pipeline),
                    money(weighted),
                    money(won),
                    rate(wonDeals, wonDeals + lostDeals));
        }
    }

    /** Counts and sums toward one daily row. */
    private static final class DailyTally {
        private long created;
        private long junk;
        private long contacted;
        private long converted;
        private long dealsWon;
        private BigDecimal wonValue = BigDecimal.ZERO;

        void add(LeadFacts lead) {
            created++;
            switch (lead.statusClass()) {
                case JUNK -> junk++;
                case CONTACTED -> contacted++;
                case CONVERTED -> converted++;
                default -> {
                    // untouched and attempted leads only count as created
                }
            }
        }

        void addWon(DealFacts deal) {
            dealsWon++;
            wonValue = wonValue.add(deal.amountHome());
        }

        DailyColumns columns() {
            return new DailyColumns(created, junk, contacted, converted, dealsWon, money(wonValue));
        }
    }
}
