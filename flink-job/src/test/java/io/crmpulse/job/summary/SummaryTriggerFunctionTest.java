package io.crmpulse.job.summary;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The trigger with the harness's processing time: the poll reports are plain strings here. */
class SummaryTriggerFunctionTest {

    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final Duration CATCH_UP = Duration.ofMinutes(2);
    private static final LocalDate D = LocalDate.of(2026, 6, 2);

    private KeyedOneInputStreamOperatorTestHarness<String, String, LocalDate> harness;
    private ZoneId zone = KOLKATA;

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private void open(LocalTime time, ZoneId zone, boolean active, OperatorSubtaskState restore)
            throws Exception {
        this.zone = zone;
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new SummaryTriggerFunction<String>(
                                        new SummarySchedule(time, zone), CATCH_UP, active)),
                        x -> SummaryTriggerFunction.KEY,
                        Types.STRING);
        if (restore != null) {
            harness.initializeState(restore);
        }
        harness.open();
    }

    private void open(LocalTime time, ZoneId zone) throws Exception {
        open(time, zone, true, null);
    }

    /** Moves the clock to local {@code at} (firing the timers up to it). */
    private void at(String local) throws Exception {
        at(LocalDateTime.parse(local).atZone(zone).toInstant());
    }

    private void at(Instant instant) throws Exception {
        harness.setProcessingTime(instant.toEpochMilli());
    }

    private void report() throws Exception {
        harness.processElement("poll report", harness.getProcessingTime());
    }

    private java.util.List<LocalDate> days() {
        return harness.extractOutputValues();
    }

    @Test
    void eachDayEndsOnceAtTheSummaryTime() throws Exception {
        open(LocalTime.of(19, 0), KOLKATA);
        at("2026-06-02T10:00");
        report();
        at("2026-06-02T18:59:59");
        assertThat(days()).isEmpty();

        at("2026-06-02T19:00");
        assertThat(days()).containsExactly(D);

        at("2026-06-02T23:00");
        report();
        at("2026-06-03T18:00");
        report();
        assertThat(days()).containsExactly(D);

        at("2026-06-03T19:00:30");
        at("2026-06-04T19:00");
        assertThat(days()).containsExactly(D, D.plusDays(1), D.plusDays(2));
    }

    @Test
    void aJobStartedAfterTheTimeWaitsForTheNextDay() throws Exception {
        open(LocalTime.of(19, 0), KOLKATA);
        at("2026-06-02T20:00");
        report();
        at("2026-06-03T18:59");
        assertThat(days()).isEmpty();

        at("2026-06-03T19:00");
        assertThat(days()).containsExactly(D.plusDays(1));
    }

    @Test
    void onTheSpringForwardDayAMissingTimeFiresWhenTheClocksJump() throws Exception {
        open(LocalTime.of(2, 30), NEW_YORK);
        at("2026-03-07T12:00");
        report();

        at(Instant.parse("2026-03-08T06:59:59Z")); // 01:59:59 EST
        assertThat(days()).isEmpty();
        at(Instant.parse("2026-03-08T07:00:00Z")); // 03:00 EDT: 02:30 never came
        assertThat(days()).containsExactly(LocalDate.of(2026, 3, 8));

        at(Instant.parse("2026-03-09T06:29:59Z"));
        assertThat(days()).hasSize(1);
        at(Instant.parse("2026-03-09T06:30:00Z")); // 02:30 EDT
        assertThat(days()).containsExactly(LocalDate.of(2026, 3, 8), LocalDate.of(2026, 3, 9));
    }

    @Test
    void onTheFallBackDayARepeatedTimeFiresOnce() throws Exception {
        open(LocalTime.of(1, 30), NEW_YORK);
        at("2026-10-31T12:00");
        report();

        at(Instant.parse("2026-11-01T05:30:00Z")); // 01:30 EDT
        assertThat(days()).containsExactly(LocalDate.of(2026, 11, 1));

        at(Instant.parse("2026-11-01T06:30:00Z")); // 01:30 EST, the second time
        report();
        at(Instant.parse("2026-11-01T20:00:00Z"));
        report();
        assertThat(days()).containsExactly(LocalDate.of(2026, 11, 1));

        at(Instant.parse("2026-11-02T06:30:00Z")); // 01:30 EST
        assertThat(days()).containsExactly(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 2));
    }

    @Test
    void aRestartAfterTheTriggerDoesNotFireTheDayAgain() throws Exception {
        open(LocalTime.of(19, 0), KOLKATA);
        at("2026-06-02T10:00");
        report();
        at("2026-06-02T19:00");
        assertThat(days()).containsExactly(D);
        OperatorSubtaskState snapshot = harness.snapshot(1, harness.getProcessingTime());
        harness.close();

        open(LocalTime.of(19, 0), KOLKATA, true, snapshot);
        at("2026-06-02T19:05");
        report();
        at("2026-06-03T18:59");
        report();
        assertThat(days()).isEmpty();

        at("2026-06-03T19:00");
        assertThat(days()).containsExactly(D.plusDays(1));
    }

    @Test
    void aTriggerMissedWhileTheJobWasDownFiresOnceAfterTheCatchUpDelay() throws Exception {
        open(LocalTime.of(19, 0), KOLKATA);
        at("2026-06-02T10:00");
        report();
        OperatorSubtaskState snapshot = harness.snapshot(1, harness.getProcessingTime());
        harness.close();

        // Down from 10:00 to 08:00 the next morning: the restored 19:00 timer fires late.
        open(LocalTime.of(19, 0), KOLKATA, true, snapshot);
        at("2026-06-03T08:00");
        report();
        assertThat(days()).as("not before the job has caught up").isEmpty();

        at(LocalDateTime.parse("2026-06-03T08:00").atZone(KOLKATA).toInstant().plus(CATCH_UP));
        assertThat(days()).containsExactly(D);
        report();
        at("2026-06-03T12:00");
        report();
        assertThat(days()).containsExactly(D);

        at("2026-06-03T19:00");
        assertThat(days()).containsExactly(D, D.plusDays(1));
    }

    @Test
    void aLongDowntimeSummarizesOnlyTheLatestDay() throws Exception {
        open(LocalTime.of(19, 0), KOLKATA);
        at("2026-06-02T10:00");
        report();
        OperatorSubtaskState snapshot = harness.snapshot(1, harness.getProcessingTime());
        harness.close();

        open(LocalTime.of(19, 0), KOLKATA, true, snapshot);
        at("2026-06-05T09:00");
        report();
        at("2026-06-05T09:10");
        report();

        assertThat(days()).containsExactly(D.plusDays(2));
    }

    @Test
    void aRestartDuringTheCatchUpDelayStillFiresOnce() throws Exception {
        open(LocalTime.of(19, 0), KOLKATA);
        at("2026-06-02T10:00");
        report();
        OperatorSubtaskState before = harness.snapshot(1, harness.getProcessingTime());
        harness.close();
        open(LocalTime.of(19, 0), KOLKATA, true, before);
        at("2026-06-03T08:00");
        OperatorSubtaskState waiting = harness.snapshot(2, harness.getProcessingTime());
        harness.close();

        open(LocalTime.of(19, 0), KOLKATA, true, waiting);
        at("2026-06-03T08:01");
        report();
        at("2026-06-03T08:10");
        report();

        assertThat(days()).containsExactly(D);
    }

    @Test
    void anInactiveTriggerKeepsQuiet() throws Exception {
        open(LocalTime.of(19, 0), KOLKATA, false, null);
        at("2026-06-02T10:00");
        report();
        at("2026-06-04T20:00");
        report();

        assertThat(days()).isEmpty();
    }
}
