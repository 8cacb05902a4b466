package io.crmpulse.job.alerts.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.job.alerts.CooldownState;
import io.crmpulse.job.alerts.Fixtures;
import io.crmpulse.job.alerts.health.DataHealth;
import io.crmpulse.job.config.AlertSettings;
import io.crmpulse.zoho.model.RecordChange;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CooldownAndFreshnessTest {

    private static final Instant T = Instant.parse("2026-03-09T15:00:00Z");
    private static final Duration DAY = Duration.ofHours(24);

    @Test
    void oneAlertPerRuleAndSubjectADayUnlessTheSeverityRises() {
        CooldownState warning = CooldownState.of(T, "warning");

        assertThat(Cooldown.allows(null, T, DAY, "warning")).isTrue();
        assertThat(Cooldown.allows(warning, T.plus(Duration.ofHours(23)), DAY, "warning"))
                .isFalse();
        assertThat(Cooldown.allows(warning, T.plus(Duration.ofHours(23)), DAY, "info")).isFalse();
        assertThat(Cooldown.allows(warning, T.plus(Duration.ofHours(23)), DAY, "critical"))
                .isTrue();
        assertThat(Cooldown.allows(warning, T.plus(DAY), DAY, "warning")).isTrue();
    }

    @Test
    void dataIsFreshOnlyOnceCaughtUpAndWhileEveryModulePolls() {
        long now = T.toEpochMilli();
        long fiveMinutesAgo = now - Duration.ofMinutes(5).toMillis();
        long twentyMinutesAgo = now - Duration.ofMinutes(20).toMillis();
        Duration lag = Duration.ofMinutes(15);

        assertThat(DataFreshness.fresh(Map.<String, Long>of().entrySet(), now, lag)).isFalse();
        // A backfill in progress: polls complete, but the source has not caught up yet.
        assertThat(DataFreshness.fresh(Map.of("Leads", fiveMinutesAgo).entrySet(), now, lag))
                .isFalse();
        assertThat(
                        DataFreshness.fresh(
                                Map.of("Leads", fiveMinutesAgo, DataFreshness.CAUGHT_UP, 0L)
                                        .entrySet(),
                                now,
                                lag))
                .isTrue();
        assertThat(
                        DataFreshness.fresh(
                                Map.of(
                                                "Leads",
                                                fiveMinutesAgo,
                                                "Deals",
                                                twentyMinutesAgo,
                                                DataFreshness.CAUGHT_UP,
                                                0L)
                                        .entrySet(),
                                now,
                                lag))
                .isFalse();
    }

    @Test
    void aFailedTokenRefreshMutesTheRulesUntilTheModulePollsAgain() throws Exception {
        Duration lag = Duration.ofMinutes(15);
        MapBroadcastState polls = new MapBroadcastState();
        DataFreshness.record(Fixtures.poll("Leads", T), polls, lag);
        assertThat(DataFreshness.fresh(polls.entries(), T.toEpochMilli(), lag)).isTrue();

        Instant failed = T.plusSeconds(60);
        DataFreshness.record(
                RecordChange.syncFailure("Leads", failed, "{\"token_refresh_failed\":\"503\"}"),
                polls,
                lag);
        assertThat(DataFreshness.fresh(polls.entries(), failed.toEpochMilli(), lag)).isFalse();

        Instant polled = T.plusSeconds(120);
        DataFreshness.record(Fixtures.poll("Leads", polled), polls, lag);
        assertThat(DataFreshness.fresh(polls.entries(), polled.toEpochMilli(), lag)).isTrue();
    }

    /** The broadcast state of the rules, as a map. */
    private static final class MapBroadcastState
            implements org.apache.flink.api.common.state.BroadcastState<String, Long> {
        private final Map<String, Long> map = new java.util.HashMap<>();

        @Override
        public void put(String key, Long value) {
            map.put(key, value);
        }

        @Override
        public void putAll(Map<String, Long> all) {
            map.putAll(all);
        }

        @Override
        public void remove(String key) {
            map.remove(key);
        }

        @Override
        public java.util.Iterator<Map.Entry<String, Long>> iterator() {
            return map.entrySet().iterator();
        }

        @Override
        public Iterable<Map.Entry<String, Long>> entries() {
            return map.entrySet();
        }

        @Override
        public Long get(String key) {
            return map.get(key);
        }

        @Override
        public boolean contains(String key) {
            return map.containsKey(key);
        }

        @Override
        public Iterable<Map.Entry<String, Long>> immutableEntries() {
            return Map.copyOf(map).entrySet();
        }

        @Override
        public void clear() {
            map.clear();
        }
    }

    @Test
    void dataHealthCountsTheRunAsPolledAfterARestart() {
        DataHealth health = new DataHealth(AlertSettings.defaults().health(), Fixtures.ZONE);
        long lastPoll = T.toEpochMilli();
        long restart = T.plus(Duration.ofHours(3)).toEpochMilli();

        assertThat(health.stale(Map.of("Leads", lastPoll), lastPoll, restart)).containsKey("Leads");
        assertThat(health.stale(Map.of("Leads", lastPoll), restart, restart)).isEmpty();
        assertThat(health.nextDue(Map.of("Leads", lastPoll), restart))
                .contains(restart + Duration.ofMinutes(15).toMillis());
    }

    @Test
    void theSourceIsCaughtUpWhenItSaysSoOrWhenItsLeadsCursorIsCurrent() {
        Duration horizon = Duration.ofMinutes(15);
        assertThat(DataFreshness.caughtUp(Fixtures.poll("Deals", T), horizon)).isTrue();
        assertThat(DataFreshness.caughtUp(report("Leads", T.minusSeconds(60)), horizon)).isTrue();
        // A backfill in progress: the cursor is far behind the poll.
        assertThat(DataFreshness.caughtUp(report("Leads", T.minus(Duration.ofDays(30))), horizon))
                .isFalse();
        // A quiet Deals module's cursor says nothing about the leads.
        assertThat(DataFreshness.caughtUp(report("Deals", T.minusSeconds(60)), horizon)).isFalse();
    }

    private static RecordChange report(String module, Instant cursor) {
        return RecordChange.syncProgress(
                module,
                T,
                "{\"cursor\":\""
                        + cursor
                        + "\",\"changes_emitted\":9,\"api_calls\":3,\"poll_started_at\":\""
                        + T
                        + "\",\"poll_completed_at\":\""
                        + T
                        + "\",\"caught_up\":false}");
    }
}
