package io.crmpulse.zoho.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmpulse.zoho.ZohoModule;
import io.crmpulse.zoho.ZohoSourceConfig;
import io.crmpulse.zoho.ZohoSourceException;
import io.crmpulse.zoho.ZohoSyncMode;
import io.crmpulse.zoho.client.MalformedRecord;
import io.crmpulse.zoho.client.ZohoApiException;
import io.crmpulse.zoho.split.SyncEvent;
import io.crmpulse.zoho.split.ZohoModuleSplit;
import io.crmpulse.zoho.testutils.FakeZohoCrmClient;
import io.crmpulse.zoho.testutils.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

class ZohoSplitReaderTest {

    private static final Instant T0 = Instant.parse("2026-03-08T09:00:00Z");
    private static final Duration POLL_INTERVAL = Duration.ofSeconds(60);

    private final FakeZohoCrmClient zoho = new FakeZohoCrmClient();
    private final MutableClock clock = new MutableClock(T0);
    private final ZohoSourceMetrics metrics =
            new ZohoSourceMetrics(new UnregisteredMetricsGroup(), clock);

    @Test
    void pollsAgainOnlyAfterThePollIntervalOnceAPollCompleted() {
        zoho.put("Leads", "1", T0.minusSeconds(5));
        ZohoSplitReader reader = reader(ZohoSyncMode.CONTINUOUS, "Leads");

        assertThat(fetchEvents(reader)).hasSize(3); // started, the scan started, one upsert
        List<SyncEvent> completion = fetchEvents(reader);
        assertThat(completion.get(completion.size() - 2))
                .isInstanceOf(SyncEvent.PollCompleted.class);
        assertThat(completion)
                .last()
                .isEqualTo(
                        new SyncEvent.Progress(T0, T0, 0, false)); // the fake counts no API calls
        long calls = zoho.requests().size();

        clock.advance(POLL_INTERVAL.minusSeconds(1));
        assertThat(fetchEvents(reader)).isEmpty();
        assertThat(zoho.requests()).hasSize((int) calls);

        clock.advance(Duration.ofSeconds(1));
        fetchEvents(reader);
        assertThat(zoho.requests()).hasSize((int) calls + 1);
    }

    @Test
    void rateLimitReschedulesTheModuleAfterTheServersRetryAfter() {
        zoho.put("Leads", "1", T0);
        zoho.failNext(
                ZohoApiException.retryLater(
                        "TOO_MANY_REQUESTS", "429 from Zoho", Duration.ofSeconds(30)));
        ZohoSplitReader reader = reader(ZohoSyncMode.CONTINUOUS, "Leads");

        assertThat(fetchEvents(reader)).isEmpty();
        clock.advance(Duration.ofSeconds(29));
        assertThat(fetchEvents(reader)).isEmpty();
        assertThat(zoho.requests()).hasSize(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(fetchEvents(reader)).hasSize(3); // started, the scan started, one upsert
        assertThat(zoho.requests()).hasSize(2);
    }

    @Test
    void aFailedTokenRefreshIsReportedDownstreamAndRetried() {
        zoho.put("Leads", "1", T0);
        zoho.failNext(
                ZohoApiException.retryLater("Access Denied", "Zoho refused to mint a token", null)
                        .duringTokenRefresh());
        ZohoSplitReader reader = reader(ZohoSyncMode.CONTINUOUS, "Leads");

        assertThat(fetchEvents(reader))
                .containsExactly(
                        new SyncEvent.TokenRefreshFailed(T0, "Zoho refused to mint a token"));

        clock.advance(Duration.ofMinutes(1));
        assertThat(fetchEvents(reader))
                .hasAtLeastOneElementOfType(SyncEvent.Emitted.class)
                .doesNotHaveAnyElementsOfTypes(SyncEvent.TokenRefreshFailed.class);
    }

    @Test
    void boundedModeFinishesAModuleWhenAPollFindsNothingNew() {
        zoho.put("Leads", "1", T0);
        ZohoSplitReader reader = reader(ZohoSyncMode.UNTIL_CAUGHT_UP, "Leads");
        List<SyncEvent> events = new ArrayList<>();
        Set<String> finished = fetchUntilFinished(reader, events);

        assertThat(finished).containsExactly("Leads");
        // backfill: records + deletions; confirming poll: records + deletions.
        assertThat(zoho.requests()).hasSize(4);
        assertThat(events.stream().filter(e -> e instanceof SyncEvent.Emitted)).hasSize(1);
        assertThat(reader.modules()).isEmpty();
    }

    @Test
    void boundedModeFinishesAlthoughZohoKeepsSendingAnUnreadableRecord() {
        zoho.put("Leads", "1", T0);
        zoho.putMalformed(
                "Leads",
                new MalformedRecord(
                        "2", "{\"id\":\"2\",\"Modified_Time\":\"next Tuesday\"}", "bad time"));
        ZohoSplitReader reader = reader(ZohoSyncMode.UNTIL_CAUGHT_UP, "Leads");
        List<SyncEvent> events = new ArrayList<>();
        Set<String> finished = fetchUntilFinished(reader, events);

        assertThat(finished).containsExactly("Leads");
        assertThat(zoho.requests()).hasSize(4);
        assertThat(events.stream().filter(e -> e instanceof SyncEvent.Emitted)).hasSize(2);
    }

    @Test
    void catchUpThenContinueReportsCaughtUpAndThenPollsAtItsInterval() {
        zoho.put("Leads", "1", T0);
        ZohoSplitReader reader = reader(ZohoSyncMode.CATCH_UP_THEN_CONTINUE, "Leads");
        List<SyncEvent.Progress> reports = new ArrayList<>();
        for (int i = 0; i < 10 && reports.stream().noneMatch(SyncEvent.Progress::caughtUp); i++) {
            reader.wakeUp();
            RecordsWithSplitIds<SyncEvent> batch = reader.fetch();
            drain(batch).stream()
                    .filter(e -> e instanceof SyncEvent.Progress)
                    .forEach(e -> reports.add((SyncEvent.Progress) e));
            assertThat(batch.finishedSplits()).isEmpty();
        }

        // The backfill found a change, so the module was polled again at once, found nothing.
        assertThat(reports).extracting(SyncEvent.Progress::caughtUp).containsExactly(false, true);
        assertThat(zoho.requests()).hasSize(4);
        assertThat(reader.modules()).containsExactly("Leads");

        // Caught up, it keeps polling, at the interval even when a poll finds a change.
        zoho.put("Leads", "2", T0.plusSeconds(1));
        assertThat(fetchEvents(reader)).isEmpty();
        clock.advance(POLL_INTERVAL);
        List<SyncEvent> poll = new ArrayList<>();
        for (int i = 0;
                i < 5 && poll.stream().noneMatch(e -> e instanceof SyncEvent.Progress);
                i++) {
            poll.addAll(fetchEvents(reader));
        }
        assertThat(poll)
                .last()
                .isEqualTo(
                        new SyncEvent.Progress(
                                T0.plus(POLL_INTERVAL), T0.plus(POLL_INTERVAL), 0, false));
        long calls = zoho.requests().size();
        assertThat(fetchEvents(reader)).isEmpty();
        assertThat(zoho.requests()).hasSize((int) calls);
    }

    @Test
    void boundedModePollsAQuietModuleAgainWhenAnotherOneChanged() {
        zoho.put("Leads", "lead", T0);
        // Leads is rate limited first, so Deals is polled (and found quiet) before the lead is
        // read; reading it converts it into a deal, which Deals must still pick up.
        zoho.failNext(ZohoApiException.retryLater("TOO_MANY_REQUESTS", "429", null));
        zoho.afterRecordsPage(
                page -> {
                    if (page == 2) {
                        zoho.put("Deals", "deal-from-lead", T0);
                    }
                });
        ZohoSplitReader reader = reader(ZohoSyncMode.UNTIL_CAUGHT_UP, "Leads", "Deals");
        List<SyncEvent> events = new ArrayList<>();
        Set<String> finished = new java.util.HashSet<>();
        for (int i = 0; i < 30 && finished.size() < 2; i++) {
            reader.wakeUp();
            RecordsWithSplitIds<SyncEvent> batch = reader.fetch();
            events.addAll(drain(batch));
            finished.addAll(batch.finishedSplits());
            clock.advance(Duration.ofSeconds(1));
        }

        assertThat(finished).containsExactlyInAnyOrder("Leads", "Deals");
        assertThat(events)
                .filteredOn(e -> e instanceof SyncEvent.Emitted)
                .extracting(e -> ((SyncEvent.Emitted) e).change().getId())
                .containsExactlyInAnyOrder("lead", "deal-from-lead");
    }

    @Test
    void fatalErrorStopsTheSourceWithZohosMessage() {
        zoho.failNext(
                ZohoApiException.fatal(
                        "INVALID_MODULE",
                        "Zoho does not know the module Leads: check ZOHO_MODULES"));
        ZohoSplitReader reader = reader(ZohoSyncMode.CONTINUOUS, "Leads");

        assertThatThrownBy(reader::fetch)
                .isInstanceOf(ZohoSourceException.class)
                .hasMessageContaining("Zoho sync of Leads cannot go on")
                .hasMessageContaining("check ZOHO_MODULES");
    }

    @Test
    void pageTokenRejectionRestartsTheScanAtOnce() {
        zoho.put("Leads", "1", T0);
        zoho.failNext(
                new ZohoApiException(
                        ZohoApiException.Kind.RESTART_SCAN,
                        "EXPIRED_VALUE",
                        "page token expired",
                        null,
                        null));
        ZohoSplitReader reader = reader(ZohoSyncMode.CONTINUOUS, "Leads");

        assertThat(fetchEvents(reader)).isEmpty();
        assertThat(fetchEvents(reader)).hasSize(3); // started, the scan started, the upsert
        assertThat(zoho.requests()).hasSize(2);
    }

    @Test
    void closingTheReaderClosesTheClient() throws Exception {
        reader(ZohoSyncMode.CONTINUOUS, "Leads").close();

        assertThat(zoho.isClosed()).isTrue();
    }

    private ZohoSplitReader reader(ZohoSyncMode mode, String... modules) {
        List<ZohoModule> list = new ArrayList<>();
        List<ZohoModuleSplit> splits = new ArrayList<>();
        for (String m : modules) {
            list.add(ZohoModule.of(m));
            splits.add(ZohoModuleSplit.initial(m));
        }
        ZohoSourceConfig config =
                new ZohoSourceConfig(list, POLL_INTERVAL, Duration.ofSeconds(60), mode, l -> zoho);
        ZohoSplitReader reader =
                new ZohoSplitReader(
                        config,
                        zoho,
                        metrics,
                        ZohoSplitReader.DEFAULT_BACKOFF,
                        new Random(7)::nextDouble,
                        clock);
        reader.handleSplitsChanges(new SplitsAddition<>(splits));
        return reader;
    }

    /** Up to ten fetches, until one finishes splits; returns those, collecting the events. */
    private static Set<String> fetchUntilFinished(ZohoSplitReader reader, List<SyncEvent> events) {
        Set<String> finished = Set.of();
        for (int i = 0; i < 10 && finished.isEmpty(); i++) {
            reader.wakeUp();
            RecordsWithSplitIds<SyncEvent> batch = reader.fetch();
            events.addAll(drain(batch));
            finished = batch.finishedSplits();
        }
        return finished;
    }

    /** One fetch, without waiting for real time to pass. */
    private static List<SyncEvent> fetchEvents(ZohoSplitReader reader) {
        reader.wakeUp();
        return drain(reader.fetch());
    }

    private static List<SyncEvent> drain(RecordsWithSplitIds<SyncEvent> batch) {
        List<SyncEvent> events = new ArrayList<>();
        while (batch.nextSplit() != null) {
            SyncEvent e;
            while ((e = batch.nextRecordFromSplit()) != null) {
                events.add(e);
            }
        }
        return events;
    }
}
