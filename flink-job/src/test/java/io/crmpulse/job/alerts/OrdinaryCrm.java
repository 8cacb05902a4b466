package io.crmpulse.job.alerts;

import io.crmpulse.job.alerts.common.BusinessCalendar;
import io.crmpulse.job.config.AlertSettings;
import io.crmpulse.job.model.DealRow;
import io.crmpulse.job.model.LeadRow;
import io.crmpulse.job.normalize.MetricClasses;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded, ordinary CRM with nothing wrong in it: the changes of its leads and deals in time
 * order. Leads arrive as a Poisson process whose daily rate has weekday seasonality and day-to-day
 * gamma noise (over-dispersed, as real lead flow is), mostly in office hours with a late-morning
 * peak; reps triage them (junk at each source's own rate) mostly within the SLA, and work them on
 * later; a few are deleted. Deals are created, negotiated, won or lost with log-normal amounts.
 */
final class OrdinaryCrm {

    /** A change of the CRM at a time: a lead or a deal version. */
    record Change(Instant at, long sequence, LeadRow lead, DealRow deal) {}

    private record Source(String name, double perWeekday, double junkRate) {}

    private static final List<Source> SOURCES =
            List.of(
                    new Source("Web Download", 38, 0.18),
                    new Source("Advertisement", 24, 0.32),
                    new Source("Chat", 14, 0.12),
                    new Source("Partner", 7, 0.05),
                    new Source("Employee Referral", 3, 0.03),
                    new Source("Trade Show", 2, 0.10));

    /** Monday .. Sunday. */
    private static final double[] WEEKDAY = {1.15, 1.10, 1.05, 1.0, 0.9, 0.45, 0.12};

    private static final String[] REPS = {"Priya", "Arjun", "Meera", "Rahul", "Kavya", "Vikram"};

    /** Gamma shape of the day-to-day noise of each source's rate: coefficient of variation 0.2. */
    private static final double DAY_NOISE_SHAPE = 25;

    private final SplittableRandom random;
    private final ZoneId zone;
    private final BusinessCalendar calendar;
    private final List<Change> changes = new ArrayList<>();
    private long sequence;
    private long ids;

    OrdinaryCrm(long seed, ZoneId zone) {
        this.random = new SplittableRandom(seed);
        this.zone = zone;
        this.calendar = BusinessCalendar.of(AlertSettings.defaults().businessHours(), zone);
    }

    /** Leads created on {@code [from, to)}, deals created on {@code [dealsFrom, to)}. */
    List<Change> generate(LocalDate dealsFrom, LocalDate from, LocalDate to) {
        for (LocalDate day = from; day.isBefore(to); day = day.plusDays(1)) {
            double weekday = WEEKDAY[day.getDayOfWeek().getValue() - 1];
            for (Source source : SOURCES) {
                double rate =
                        source.perWeekday() * weekday * gamma(DAY_NOISE_SHAPE) / DAY_NOISE_SHAPE;
                int count = poisson(rate);
                for (int i = 0; i < count; i++) {
                    lead(source, timeOfDay(day));
                }
            }
        }
        for (LocalDate day = dealsFrom; day.isBefore(to); day = day.plusDays(1)) {
            if (day.getDayOfWeek() == DayOfWeek.SUNDAY) {
                continue;
            }
            int count = poisson(1.6);
            for (int i = 0; i < count; i++) {
                deal(timeOfDay(day));
            }
        }
        Instant end = to.atStartOfDay(zone).toInstant();
        return changes.stream()
                .filter(c -> c.at().isBefore(end))
                .sorted(Comparator.comparing(Change::at).thenComparingLong(Change::sequence))
                .toList();
    }

    private void lead(Source source, Instant created) {
        String id = "L" + (++ids);
        String rep = REPS[random.nextInt(REPS.length)];
        add(leadVersion(id, source.name(), "Not Contacted", rep, created, created));
        // Triage: most within the SLA (median 15 business minutes), a few late.
        double minutes = Math.exp(Math.log(15) + 0.75 * gaussian());
        if (random.nextDouble() < 0.01) {
            minutes += 60 + random.nextInt(600);
        }
        Instant triaged =
                calendar.plusBusinessTime(created, Duration.ofSeconds((long) (minutes * 60)));
        boolean junk = random.nextDouble() < source.junkRate();
        add(
                leadVersion(
                        id,
                        source.name(),
                        junk ? "Junk Lead" : "Attempted to Contact",
                        rep,
                        created,
                        triaged));
        if (!junk && random.nextDouble() < 0.5) {
            Instant contacted =
                    calendar.plusBusinessTime(
                            triaged, Duration.ofMinutes(60 + random.nextInt(1800)));
            add(leadVersion(id, source.name(), "Contacted", rep, created, contacted));
        }
        if (random.nextDouble() < 0.005) {
            Instant deleted = triaged.plus(Duration.ofDays(2));
            changes.add(new Change(deleted, sequence++, LeadRow.deletion(id, deleted), null));
        }
    }

    private LeadRow leadVersion(
            String id,
            String source,
            String status,
            String rep,
            Instant created,
            Instant modified) {
        LeadRow row = new LeadRow();
        row.setId(id);
        row.setLeadSource(source);
        row.setLeadStatus(status);
        row.setStatusClass(MetricClasses.defaults().statusClass(false, status));
        row.setOwnerId(rep.toLowerCase());
        row.setOwnerName(rep);
        row.setCreatedTime(created);
        row.setModifiedTime(modified);
        row.setCohortDay(LocalDate.ofInstant(created, zone));
        return row;
    }

    private void add(LeadRow row) {
        changes.add(new Change(row.getModifiedTime(), sequence++, row, null));
    }

    private void deal(Instant created) {
        String id = "D" + (++ids);
        String rep = REPS[random.nextInt(REPS.length)];
        BigDecimal amount =
                BigDecimal.valueOf(Math.exp(Math.log(50_000) + 0.9 * gaussian()))
                        .setScale(2, RoundingMode.HALF_UP);
        String source = SOURCES.get(random.nextInt(SOURCES.size())).name();
        addDeal(dealVersion(id, "Qualification", amount, rep, source, created, created));
        Instant negotiation = created.plus(Duration.ofHours(24L * (3 + random.nextInt(10))));
        addDeal(dealVersion(id, "Negotiation/Review", amount, rep, source, created, negotiation));
        double roll = random.nextDouble();
        if (roll < 0.8) {
            Instant closed = negotiation.plus(Duration.ofHours(24L * (5 + random.nextInt(45))));
            String stage = roll < 0.35 ? "Closed Won" : "Closed Lost";
            addDeal(dealVersion(id, stage, amount, rep, source, created, closed));
        }
    }

    private DealRow dealVersion(
            String id,
            String stage,
            BigDecimal amount,
            String rep,
            String source,
            Instant created,
            Instant modified) {
        DealRow d = new DealRow();
        d.setId(id);
        d.setDealName("Deal " + id);
        d.setStage(stage);
        d.setStageClass(MetricClasses.defaults().stageClass(stage));
        d.setAmount(amount);
        d.setExchangeRate(BigDecimal.ONE);
        d.setAmountHome(amount);
        d.setProbability(50);
        d.setOwnerId(rep.toLowerCase());
        d.setOwnerName(rep);
        d.setLeadSource(source);
        d.setCreatedTime(created);
        d.setModifiedTime(modified);
        return d;
    }

    private void addDeal(DealRow row) {
        changes.add(new Change(row.getModifiedTime(), sequence++, null, row));
    }

    /** 80% in office hours with a late-morning peak, 20% at any time of the day. */
    private Instant timeOfDay(LocalDate day) {
        double hour;
        if (random.nextDouble() < 0.8) {
            do {
                hour = 12 + 2.6 * gaussian();
            } while (hour < 8 || hour >= 20);
        } else {
            hour = 24 * random.nextDouble();
        }
        long seconds = (long) (hour * 3600);
        return day.atStartOfDay(zone).toInstant().plusSeconds(seconds);
    }

    private int poisson(double mean) {
        // Knuth for small means, normal approximation above.
        if (mean > 60) {
            return Math.max(0, (int) Math.round(mean + Math.sqrt(mean) * gaussian()));
        }
        double l = Math.exp(-mean);
        int k = 0;
        double p = 1;
        do {
            k++;
            p *= random.nextDouble();
        } while (p > l);
        return k - 1;
    }

    /** Gamma(shape, 1) by Marsaglia and Tsang (shape >= 1). */
    private double gamma(double shape) {
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = gaussian();
            double v = Math.pow(1 + c * x, 3);
            if (v <= 0) {
                continue;
            }
            double u = random.nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }

    private double gaussian() {
        // Box-Muller
        double u1 = random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1 == 0 ? 1e-12 : u1)) * Math.cos(2 * Math.PI * u2);
    }
}
