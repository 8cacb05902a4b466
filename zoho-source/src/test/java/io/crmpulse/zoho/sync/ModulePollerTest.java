package io.crmpulse.zoho.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmpulse.zoho.ZohoModule;
import io.crmpulse.zoho.client.DeletedRequest;
import io.crmpulse.zoho.client.MalformedRecord;
import io.crmpulse.zoho.client.RecordsRequest;
import io.crmpulse.zoho.client.ZohoApiException;
import io.crmpulse.zoho.model.ChangeOp;
import io.crmpulse.zoho.model.RecordChange;
import io.crmpulse.zoho.split.ZohoModuleSplit;
import io.crmpulse.zoho.split.ZohoModuleSplitState;
import io.crmpulse.zoho.testutils.FakeZohoCrmClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ModulePollerTest {

    private static final Duration OVERLAP = Duration.ofSeconds(60);
    private static final Instant T0 = Instant.parse("2026-03-08T09:00:00Z");

    /** When the first poll starts, by the job's clock. */
    private static final Instant NOW = T0;

    private final FakeZohoCrmClient zoho = new FakeZohoCrmClient();
    private final ModulePoller poller =
            new ModulePoller(
                    ZohoModule.of("Leads"),
                    new ZohoModuleSplitState(ZohoModuleSplit.initial("Leads"), OVERLAP));

    @Test
    void backfillEmitsEveryRecordOnceAcrossPagesFullOfSameSecondTies() {
        // 100 records a second apart, then a bulk edit of 350 records in one second.
        IntStream.range(0, 100).forEach(i -> zoho.put("Leads", "a" + i, T0.plusSeconds(i)));
        IntStream.range(0, 350).forEach(i -> zoho.put("Leads", "b" + i, T0.plusSeconds(500)));

        List<RecordChange> emitted = changes(pollToEnd());

        assertThat(emitted).hasSize(450);
        assertThat(emitted).extracting(RecordChange::getId).doesNotHaveDuplicates();
        assertThat(emitted)
                .isSortedAccordingTo((a, b) -> a.getModifiedTime().compareTo(b.getModifiedTime()));
        assertThat(zoho.recordsCalls()).isEqualTo(3);
        assertThat(poller.state().records().resumeFrom()).isEqualTo(T0.plusSeconds(440));
    }

    @Test
    void overlapReReadEmitsNothingTwiceButCatchesALateCommitInsideIt() {
        IntStream.range(0, 10).forEach(i -> zoho.put("Leads", "a" + i, T0.plusSeconds(i)));
        pollToEnd();

        // Committed late: older than the newest record already read, but inside the overlap.
        zoho.put("Leads", "late", T0.plusSeconds(3));
        List<RecordChange> second = changes(pollToEnd());

        assertThat(second).extracting(RecordChange::getId).containsExactly("late");
        assertThat(changes(pollToEnd())).isEmpty();
    }

    @Test
    void secondEditOfARecordIsEmittedAsANewVersion() {
        zoho.put("Leads", "1", T0);
        pollToEnd();
        zoho.put("Leads", "1", T0.plusSeconds(5));

        List<RecordChange> emitted = changes(pollToEnd());

        assertThat(emitted)
                .singleElement()
                .satisfies(c -> assertThat(c.getModifiedTime()).isEqualTo(T0.plusSeconds(5)));
    }

    @Test
    void firstPollAsksForEverythingAndLaterPollsForTheOverlapBehindTheCursor() {
        zoho.put("Leads", "1", T0.plusSeconds(100));
        pollToEnd();
        pollToEnd();

        List<Object> requests = zoho.requests();
        assertThat(((RecordsRequest) requests.get(0)).ifModifiedSince()).isNull();
        assertThat(((DeletedRequest) requests.get(1)).ifModifiedSince())
                .isEqualTo(NOW.minus(OVERLAP));
        assertThat(((RecordsRequest) requests.get(2)).ifModifiedSince())
                .isEqualTo(T0.plusSeconds(40));
        assertThat(((RecordsRequest) requests.get(2)).fields()).isEqualTo(ZohoModule.LEAD_FIELDS);
    }

    @Test
    void recordEditedWhilePagingRewindsSoTheShiftedRowIsReadNextPoll() {
        IntStream.range(0, 400)
                .forEach(i -> zoho.put("Leads", String.format("r%03d", i), T0.plusSeconds(i)));
        // After page 1, r005 is edited: it moves to the end, every later row moves up by one,
        // and r200 (first of page 2) slides onto page 1, which was already read.
        zoho.afterRecordsPage(
                page -> {
                    if (page == 1) {
                        zoho.put("Leads", "r005", T0.plusSeconds(1000));
                    }
                });

        List<SyncEvent> first = pollToEnd();
        List<SyncEvent> second = pollToEnd();

        assertThat(changes(first)).extracting(RecordChange::getId).doesNotContain("r200");
        assertThat(first).contains(new SyncEvent.Rewound(T0.plusSeconds(5)));
        assertThat(((SyncEvent.PollCompleted) first.get(first.size() - 1)).rewindTo())
                .isEqualTo(T0.plusSeconds(5));
        assertThat(changes(second)).extracting(RecordChange::getId).contains("r200");
        List<String> all = new ArrayList<>();
        changes(first).forEach(c -> all.add(c.getId() + "@" + c.getModifiedTime()));
        changes(second).forEach(c -> all.add(c.getId() + "@" + c.getModifiedTime()));
        assertThat(all).hasSize(401).doesNotHaveDuplicates();
        // The rewind is paid: the poll after that starts at the overlap again.
        assertThat(poller.state().records().resumeFrom()).isEqualTo(T0.plusSeconds(940));
    }

    @Test
    void aJobRestoredBeforeItsScanNoticedAShiftReadsTheScanAgainAndLosesNoRow() {
        IntStream.range(0, 600)
                .forEach(i -> zoho.put("Leads", String.format("r%03d", i), T0.plusSeconds(i)));
        // After page 1, r005 is edited: r200 slides onto page 1 and page 2 skips it. The scan
        // would notice on page 3, where r005 comes back, but the job is restored before that
        // from a checkpoint taken after page 2.
        zoho.afterRecordsPage(
                page -> {
                    if (page == 1) {
                        zoho.put("Leads", "r005", T0.plusSeconds(1000));
                    }
                });
        List<SyncEvent> beforeCheckpoint = new ArrayList<>(poller.step(zoho, NOW));
        beforeCheckpoint.addAll(poller.step(zoho, NOW));
        assertThat(changes(beforeCheckpoint)).extracting(RecordChange::getId).hasSize(400);
        assertThat(changes(beforeCheckpoint))
                .extracting(RecordChange::getId)
                .doesNotContain("r200");
        assertThat(beforeCheckpoint).doesNotHaveAnyElementsOfTypes(SyncEvent.Rewound.class);

        ModulePoller restored =
                new ModulePoller(
                        ZohoModule.of("Leads"),
                        new ZohoModuleSplitState(poller.state().toSplit(), OVERLAP));
        assertThat(restored.state().records().resumeFrom()).isEqualTo(T0);
        List<SyncEvent> afterRestore = new ArrayList<>();
        do {
            afterRestore.addAll(restored.step(zoho, NOW));
        } while (restored.isPolling());

        List<String> all = new ArrayList<>();
        changes(beforeCheckpoint).forEach(c -> all.add(c.getId() + "@" + c.getModifiedTime()));
        changes(afterRestore).forEach(c -> all.add(c.getId() + "@" + c.getModifiedTime()));
        // Every record once, plus r005's new version; nothing read before the checkpoint again.
        assertThat(all)
                .hasSize(601)
                .doesNotHaveDuplicates()
                .contains("r200@" + T0.plusSeconds(200), "r005@" + T0.plusSeconds(1000));
        // The scan completed: the cursor owes no rewind to its start any more.
        assertThat(restored.state().records().resumeFrom()).isEqualTo(T0.plusSeconds(940));
    }

    @Test
    void deletionsAreEmittedOnceAsDeletes() {
        zoho.put("Leads", "1", T0);
        zoho.put("Leads", "2", T0);
        pollToEnd();
        zoho.delete("Leads", "2", T0.plusSeconds(30));

        List<RecordChange> emitted = changes(pollToEnd());

        assertThat(emitted)
                .singleElement()
                .satisfies(
                        c -> {
                            assertThat(c.getOp()).isEqualTo(ChangeOp.DELETE);
                            assertThat(c.getId()).isEqualTo("2");
                            assertThat(c.getModifiedTime()).isEqualTo(T0.plusSeconds(30));
                            assertThat(c.getFieldsJson()).isNull();
                        });
        assertThat(changes(pollToEnd())).isEmpty();
    }

    @Test
    void deletionsFromBeforeTheFirstPollAreNotReplayed() {
        zoho.delete("Leads", "long-gone", NOW.minus(Duration.ofDays(30)));
        zoho.delete("Leads", "just-now", NOW.minusSeconds(10));
        zoho.put("Leads", "1", T0);

        List<RecordChange> emitted = changes(pollToEnd());

        assertThat(emitted)
                .extracting(RecordChange::getId)
                .containsExactlyInAnyOrder("1", "just-now");
    }

    @Test
    void retryableFailureRetriesTheSameCallWithoutRestartingThePoll() {
        IntStream.range(0, 450).forEach(i -> zoho.put("Leads", "r" + i, T0.plusSeconds(i)));
        poller.step(zoho, NOW);
        zoho.failNext(ZohoApiException.retryLater("TOO_MANY_REQUESTS", "rate limited", null));

        assertThatThrownBy(() -> poller.step(zoho, NOW)).isInstanceOf(ZohoApiException.class);
        List<SyncEvent> rest = pollToEnd();

        List<Object> requests = zoho.requests();
        assertThat(((RecordsRequest) requests.get(1)).pageToken()).isEqualTo("200");
        assertThat(((RecordsRequest) requests.get(2)).pageToken()).isEqualTo("200");
        assertThat(changes(rest)).hasSize(250);
    }

    @Test
    void restartScanStartsAgainFromTheCursorWithoutEmittingTwice() {
        IntStream.range(0, 450).forEach(i -> zoho.put("Leads", "r" + i, T0.plusSeconds(i)));
        List<SyncEvent> firstPage = poller.step(zoho, NOW);

        poller.restartScan();
        List<SyncEvent> rest = pollToEnd();

        RecordsRequest restarted = (RecordsRequest) zoho.requests().get(1);
        assertThat(restarted.pageToken()).isNull();
        assertThat(restarted.ifModifiedSince()).isEqualTo(T0.plusSeconds(199 - 60));
        assertThat(changes(firstPage).size() + changes(rest).size()).isEqualTo(450);
    }

    @Test
    void incrementalPollCostsOneCallPerTwoHundredChangedOrOverlappingRecordsPlusOne() {
        IntStream.range(0, 1000).forEach(i -> zoho.put("Leads", "r" + i, T0.plusSeconds(i)));
        pollToEnd();
        zoho.clearRequests();
        int k = 450;
        IntStream.range(0, k).forEach(i -> zoho.put("Leads", "n" + i, T0.plusSeconds(2000)));
        long overlapRecords = 61; // r939..r999 lie within 60 s of the cursor (inclusive)

        List<RecordChange> emitted = changes(pollToEnd());

        assertThat(emitted).hasSize(k);
        assertThat(zoho.recordsCalls()).isEqualTo((k + overlapRecords + 199) / 200);
        assertThat(zoho.deletedCalls()).isEqualTo(1);
    }

    @Test
    void malformedItemsAreEmittedForTheDeadLettersAndTheSyncGoesOn() {
        zoho.put("Leads", "1", T0);
        zoho.putMalformed("Leads", new MalformedRecord(null, "{\"Lead_Source\":\"Web\"}", "no id"));

        List<RecordChange> emitted = changes(pollToEnd());

        assertThat(emitted).hasSize(2);
        assertThat(emitted.get(1).getOp()).isEqualTo(ChangeOp.MALFORMED);
        assertThat(emitted.get(1).getProblem()).isEqualTo("no id");
        assertThat(emitted.get(1).getFieldsJson()).isEqualTo("{\"Lead_Source\":\"Web\"}");
        assertThat(poller.state().records().snapshot().seenCount()).isEqualTo(1);
    }

    private List<SyncEvent> pollToEnd() {
        List<SyncEvent> events = new ArrayList<>();
        do {
            events.addAll(poller.step(zoho, NOW));
        } while (poller.isPolling());
        assertThat(events).last().isInstanceOf(SyncEvent.PollCompleted.class);
        return events;
    }

    private static List<RecordChange> changes(List<SyncEvent> events) {
        return events.stream()
                .filter(e -> e instanceof SyncEvent.Emitted)
                .map(e -> ((SyncEvent.Emitted) e).change())
                .toList();
    }
}
