package io.crmpulse.sinks.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.sinks.outbox.DeliveryPlanner.History;
import io.crmpulse.sinks.outbox.DeliveryPlanner.PendingItem;
import io.crmpulse.sinks.outbox.DeliveryPlanner.Plan;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DeliveryPlannerTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final Instant T0 = Instant.parse("2026-03-02T15:00:00Z");

    private final DeliveryPolicy defaults = DeliveryPolicy.defaults();
    private final DeliveryPlanner planner = new DeliveryPlanner(defaults);

    private static PendingItem warning(String id, Instant since) {
        return new PendingItem(
                "alert:" + id, NotificationKind.ALERT, Severity.WARNING, since, since);
    }

    private static PendingItem critical(String id, Instant since) {
        return new PendingItem(
                "alert:" + id, NotificationKind.ALERT, Severity.CRITICAL, since, since);
    }

    private static PendingItem summary(String day, Instant since) {
        return new PendingItem("summary:" + day, NotificationKind.SUMMARY, null, since, since);
    }

    private static List<List<String>> keys(Plan plan) {
        return plan.messages().stream()
                .map(m -> m.stream().map(PendingItem::key).collect(Collectors.toList()))
                .collect(Collectors.toList());
    }

    @Test
    void theFirstWarningWaitsTheGroupWaitThenGoesOutWithEverythingPending() {
        List<PendingItem> pending =
                List.of(
                        warning("a", T0),
                        warning("b", T0.plusSeconds(2)),
                        warning("c", T0.plusSeconds(4)));

        Plan early = planner.plan(T0.plusSeconds(4), pending, History.NONE, false);
        Plan due = planner.plan(T0.plusSeconds(5), pending, History.NONE, false);

        assertThat(early.messages()).isEmpty();
        assertThat(early.wakeAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(keys(due)).containsExactly(List.of("alert:a", "alert:b", "alert:c"));
    }

    @Test
    void alertsWithinTheIntervalAfterTheLastMessageWaitForItsEndAndGoTogether() {
        Instant lastSent = T0;
        History history = new History(lastSent, 1);
        List<PendingItem> pending =
                List.of(warning("b", T0.plusSeconds(60)), warning("c", T0.plusSeconds(200)));

        Plan held = planner.plan(T0.plusSeconds(299), pending, history, false);
        Plan due = planner.plan(T0.plusSeconds(300), pending, history, false);

        assertThat(held.messages()).isEmpty();
        assertThat(held.wakeAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        assertThat(keys(due)).containsExactly(List.of("alert:b", "alert:c"));
    }

    @Test
    void anAlertAfterTheIntervalStartsANewGroupWithTheShortWait() {
        History history = new History(T0, 1);
        Instant later = T0.plus(Duration.ofMinutes(10));

        Plan plan = planner.plan(later, List.of(warning("x", later)), history, false);

        assertThat(plan.messages()).isEmpty();
        assertThat(plan.wakeAt()).isEqualTo(later.plusSeconds(5));
    }

    @Test
    void aCriticalAlertBypassesGroupingAndQuietHours() {
        DeliveryPlanner quiet =
                new DeliveryPlanner(
                        defaults.withZone(NEW_YORK)
                                .withQuietHours(
                                        new QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0))));
        Instant night = Instant.parse("2026-03-03T04:00:00Z"); // 23:00 in New York
        History justSent = new History(night.minusSeconds(30), 3);
        List<PendingItem> pending =
                List.of(critical("big-deal", night), warning("w", night.minusSeconds(60)));

        Plan plan = quiet.plan(night, pending, justSent, false);

        assertThat(keys(plan)).containsExactly(List.of("alert:big-deal"));
        assertThat(plan.wakeAt()).isEqualTo(Instant.parse("2026-03-03T13:00:00Z")); // 08:00 EST
    }

    @Test
    void beyondTheDailyCapAlertsAreCappedButSummariesStillGo() {
        History tenSent = new History(T0.minus(Duration.ofHours(1)), 10);
        List<PendingItem> pending =
                List.of(
                        critical("c1", T0),
                        warning("w1", T0.minusSeconds(30)),
                        summary("2026-03-02", T0));

        Plan plan = planner.plan(T0, pending, tenSent, false);

        assertThat(keys(plan)).containsExactly(List.of("summary:2026-03-02"));
        assertThat(plan.capped())
                .extracting(PendingItem::key)
                .containsExactly("alert:c1", "alert:w1");
    }

    @Test
    void theCapCountsMessagesSoTheEleventhIsCapped() {
        History nineSent = new History(null, 9);

        Plan plan =
                planner.plan(
                        T0.plusSeconds(1),
                        List.of(critical("c10", T0), critical("c11", T0.plusMillis(1))),
                        nineSent,
                        false);

        assertThat(keys(plan)).containsExactly(List.of("alert:c10"));
        assertThat(plan.capped()).extracting(PendingItem::key).containsExactly("alert:c11");
    }

    @Test
    void summariesAreOneMessageEachAndNeverHeld() {
        DeliveryPlanner quiet =
                new DeliveryPlanner(defaults.withQuietHours(QuietHours.parse("00:00-23:59")));

        Plan plan =
                quiet.plan(
                        T0,
                        List.of(summary("2026-03-01", T0), summary("2026-03-02", T0)),
                        new History(T0, 50),
                        false);

        assertThat(keys(plan))
                .containsExactly(List.of("summary:2026-03-01"), List.of("summary:2026-03-02"));
    }

    @Test
    void rowsBackingOffAreNotDueUntilTheirTime() {
        PendingItem retrying =
                new PendingItem(
                        "alert:r",
                        NotificationKind.ALERT,
                        Severity.CRITICAL,
                        T0,
                        T0.plusSeconds(30));

        Plan plan = planner.plan(T0.plusSeconds(10), List.of(retrying), History.NONE, false);

        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.wakeAt()).isEqualTo(T0.plusSeconds(30));
    }

    @Test
    void drainingSkipsTheGroupWaitButNotQuietHours() {
        List<PendingItem> pending = List.of(warning("a", T0));
        DeliveryPlanner quiet =
                new DeliveryPlanner(defaults.withQuietHours(QuietHours.parse("14:00-16:00")));

        assertThat(keys(planner.plan(T0, pending, new History(T0, 1), true)))
                .containsExactly(List.of("alert:a"));
        assertThat(quiet.plan(T0, pending, History.NONE, true).messages()).isEmpty();
    }

    @Test
    void quietHoursHoldWarningsUntilTheirLocalEndAcrossTheSpringDstChange() {
        DeliveryPlanner quiet =
                new DeliveryPlanner(
                        defaults.withZone(NEW_YORK)
                                .withQuietHours(QuietHours.parse("21:00-08:00")));
        // 2026-03-08: New York moves from EST (-5) to EDT (-4) at 02:00.
        Instant beforeChange = Instant.parse("2026-03-08T06:30:00Z"); // 01:30 EST
        Instant dayBefore = Instant.parse("2026-03-07T06:30:00Z"); // 01:30 EST

        Plan onDstDay =
                quiet.plan(beforeChange, List.of(warning("a", beforeChange)), History.NONE, false);
        Plan onPlainDay =
                quiet.plan(dayBefore, List.of(warning("a", dayBefore)), History.NONE, false);

        assertThat(onDstDay.messages()).isEmpty();
        assertThat(onDstDay.wakeAt()).isEqualTo(Instant.parse("2026-03-08T12:00:00Z")); // 08:00 EDT
        assertThat(onPlainDay.wakeAt())
                .isEqualTo(Instant.parse("2026-03-07T13:00:00Z")); // 08:00 EST
        Instant eightEdt = Instant.parse("2026-03-08T12:00:00Z");
        assertThat(
                        keys(
                                quiet.plan(
                                        eightEdt,
                                        List.of(warning("a", beforeChange)),
                                        History.NONE,
                                        false)))
                .containsExactly(List.of("alert:a"));
    }

    @Test
    void theCapsDayFollowsTheLocalCalendarOnDstDays() {
        DeliveryPlanner planner = new DeliveryPlanner(defaults.withZone(NEW_YORK));

        DeliveryPlanner.Day spring = planner.day(Instant.parse("2026-03-08T15:00:00Z"));
        DeliveryPlanner.Day autumn = planner.day(Instant.parse("2026-11-01T15:00:00Z"));
        DeliveryPlanner.Day lateEvening = planner.day(Instant.parse("2026-03-08T03:30:00Z"));

        assertThat(spring.date()).isEqualTo(LocalDate.of(2026, 3, 8));
        assertThat(spring.start()).isEqualTo(Instant.parse("2026-03-08T05:00:00Z"));
        assertThat(Duration.between(spring.start(), spring.end())).isEqualTo(Duration.ofHours(23));
        assertThat(Duration.between(autumn.start(), autumn.end())).isEqualTo(Duration.ofHours(25));
        // 22:30 EST on the 7th still counts toward the 7th.
        assertThat(lateEvening.date()).isEqualTo(LocalDate.of(2026, 3, 7));
    }

    @Test
    void quietHoursEndingInADstGapEndAtTheFirstValidTime() {
        QuietHours quiet = QuietHours.parse("00:30-02:30");
        Instant oneAm = Instant.parse("2026-03-08T06:00:00Z"); // 01:00 EST

        assertThat(quiet.contains(oneAm, NEW_YORK)).isTrue();
        // 02:30 does not exist that night; the clocks jump from 02:00 EST to 03:00 EDT.
        assertThat(quiet.endAfter(oneAm, NEW_YORK))
                .isEqualTo(Instant.parse("2026-03-08T07:30:00Z"));
    }

    @Test
    void quietHoursMayRunPastMidnight() {
        QuietHours quiet = QuietHours.parse("21:00-08:00");
        ZoneId utc = ZoneId.of("UTC");

        assertThat(quiet.contains(Instant.parse("2026-03-02T20:59:59Z"), utc)).isFalse();
        assertThat(quiet.contains(Instant.parse("2026-03-02T21:00:00Z"), utc)).isTrue();
        assertThat(quiet.contains(Instant.parse("2026-03-03T07:59:59Z"), utc)).isTrue();
        assertThat(quiet.contains(Instant.parse("2026-03-03T08:00:00Z"), utc)).isFalse();
        assertThat(quiet.endAfter(Instant.parse("2026-03-02T22:00:00Z"), utc))
                .isEqualTo(Instant.parse("2026-03-03T08:00:00Z"));
    }
}
