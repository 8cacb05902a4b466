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
import io.crmpulse.zoho.split.SyncEvent;
import io.crmpulse.zoho.split.ZohoModuleSplit;
import io.crmpulse.zoho.split.ZohoModuleSplitSerializer;
import io.crmpulse.zoho.split.ZohoModuleSplitState;
import io.crmpulse.zoho.testutils.FakeZohoCrmClient;
import io.crmpulse.zoho.testutils.LatestVersions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ModulePollerTest {

    private static final Duration OVERLAP = Duration.ofSeconds(60);
    private static final Instant T0 = Instant.parse("2026-03-08T09:00:00Z");

    /** When the first poll starts, by the job's clock. */
    private static final Instant NOW = T0;

    private final FakeZohoCrmClient zoho = new FakeZohoCrmClient();
    private final ModulePoller poller = poller(ZohoModuleSplit.initial("Leads"));

    /** What the job downstream of the source sees. */
    private final LatestVersions downstream = new LatestVersions();

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
        downstream.offer(changes(first));
        downstream.offer(changes(second));
        assertThat(versions(downstream.passed()))
                .hasSize(401)
                .doesNotHaveDuplicates()
                .contains("r200@" + T0.plusSeconds(200), "r005@" + T0.plusSeconds(1000));
        // Re-read behind the overlap, the second poll's rows are replays: no news.
        assertThat(((SyncEvent.PollCompleted) second.get(second.size() - 1)).newChanges()).isZero();
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

        ModulePoller restored = poller(checkpoint(poller));
        assertThat(restored.state().records().resumeFrom()).isEqualTo(T0);
        List<SyncEvent> afterRestore = new ArrayList<>();
        do {
            afterRestore.addAll(restored.step(zoho, NOW));
        } while (restored.isPolling());

        downstream.offer(changes(beforeCheckpoint));
        downstream.offer(changes(afterRestore));
        // Every record once downstream, plus r005's new version.
        assertThat(versions(downstream.passed()))
                .hasSize(601)
                .doesNotHaveDuplicates()
                .contains("r200@" + T0.plusSeconds(200), "r005@" + T0.plusSeconds(1000));
        // What the source itself emitted as new was never emitted before.
        List<String> newOnes = versions(newChanges(beforeCheckpoint));
        newOnes.addAll(versions(newChanges(afterRestore)));
        assertThat(newOnes).doesNotHaveDuplicates();
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
    void restartScanStartsAgainAnOverlapBehindItsPositionWithoutEmittingTwice() {
        IntStream.range(0, 450).forEach(i -> zoho.put("Leads", "r" + i, T0.plusSeconds(i)));
        List<SyncEvent> firstPage = poller.step(zoho, NOW);

        poller.restartScan(false);
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

    @Test
    void aJobRestoredAtAnyPageBoundaryOfAMultiPageDeletionsScanListsEveryDeletion() {
        // 650 deletions on four pages, newest first. Before the fix, a checkpoint after the first
        // page held the newest deletion as the cursor, and the restored poll asked only for an
        // overlap behind it: the older pages were never listed again.
        IntStream.range(0, 650).forEach(i -> zoho.put("Leads", "d" + i, T0.plusSeconds(i)));
        List<SyncEvent> backfill = pollToEnd();
        downstream.offer(changes(backfill));
        IntStream.range(0, 650)
                .forEach(i -> zoho.delete("Leads", "d" + i, NOW.plus(Duration.ofMinutes(10 + i))));
        ZohoModuleSplit beforeDeletions = checkpoint(poller);

        for (int pages = 1; pages <= 3; pages++) {
            ModulePoller first = poller(beforeDeletions);
            LatestVersions seen = new LatestVersions();
            seen.offer(changes(backfill));
            List<SyncEvent> beforeCheckpoint = new ArrayList<>(first.step(zoho, NOW));
            for (int page = 0; page < pages; page++) {
                beforeCheckpoint.addAll(first.step(zoho, NOW));
            }
            assertThat(first.isPolling()).isTrue();
            ModulePoller restored = poller(checkpoint(first));
            List<SyncEvent> afterRestore = pollToEnd(restored);

            seen.offer(changes(beforeCheckpoint));
            seen.offer(changes(afterRestore));
            assertThat(
                            seen.passed().stream()
                                    .filter(c -> c.getOp() == ChangeOp.DELETE)
                                    .map(RecordChange::getId)
                                    .distinct())
                    .as("deletions after a restore at the end of deletions page %d", pages)
                    .hasSize(650);
            assertThat(restored.state().deletions().resumeFrom())
                    .isEqualTo(NOW.plus(Duration.ofMinutes(10 + 649)).minus(OVERLAP));
        }
    }

    @Test
    void twoEditsWithinOneSecondWithAPollBetweenThemAreTwoVersions() {
        zoho.put("Leads", "1", T0, "Not Contacted");
        List<RecordChange> first = changes(pollToEnd());
        zoho.put("Leads", "1", T0, "Junk Lead");

        List<RecordChange> second = changes(pollToEnd());

        assertThat(first).singleElement();
        assertThat(second)
                .singleElement()
                .satisfies(c -> assertThat(c.getFieldsJson()).contains("Junk Lead"));
        assertThat(downstream.offer(first)).hasSize(1);
        assertThat(downstream.offer(second)).hasSize(1);
        assertThat(changes(pollToEnd())).isEmpty();
    }

    @Test
    void aRecordStampedInTheFutureNeitherFreezesTheCursorNorComesBackAsNews() {
        Instant zohoNow = T0.plusSeconds(100);
        zoho.serverClock(() -> zohoNow);
        zoho.put("Leads", "1", T0);
        // A clock step on the CRM's side, far larger than the overlap.
        zoho.put("Leads", "imported", T0.plus(Duration.ofDays(30)));
        pollToEnd();

        // An ordinary edit made after that, an hour before the future record's time.
        zoho.serverClock(() -> zohoNow.plusSeconds(120));
        zoho.put("Leads", "2", zohoNow.plusSeconds(110));
        List<SyncEvent> next = pollToEnd();

        assertThat(changes(next)).extracting(RecordChange::getId).containsExactly("2");
        assertThat(poller.state().records().high()).isEqualTo(zohoNow.plusSeconds(110));
        assertThat(changes(pollToEnd())).isEmpty();
    }

    @Test
    void aRecordStampedInTheFutureCanStillBeEditedAndDeleted() {
        Instant zohoNow = T0.plusSeconds(100);
        zoho.serverClock(() -> zohoNow);
        zoho.put("Leads", "imported", T0.plus(Duration.ofDays(30)), "Not Contacted");
        downstream.offer(changes(pollToEnd()));

        // A rep triages it: Zoho stamps the edit with its real time, a month before the import's.
        zoho.serverClock(() -> zohoNow.plusSeconds(60));
        zoho.put("Leads", "imported", zohoNow.plusSeconds(50), "Junk Lead");
        List<RecordChange> edit = downstream.offer(changes(pollToEnd()));
        zoho.serverClock(() -> zohoNow.plusSeconds(120));
        zoho.delete("Leads", "imported", zohoNow.plusSeconds(110));
        List<RecordChange> deletion = downstream.offer(changes(pollToEnd()));

        assertThat(edit)
                .singleElement()
                .satisfies(c -> assertThat(c.getFieldsJson()).contains("Junk Lead"));
        assertThat(deletion)
                .singleElement()
                .satisfies(c -> assertThat(c.getOp()).isEqualTo(ChangeOp.DELETE));
    }

    @Test
    void theDeletionsStreamStartsAtZohosClockNotTheJobs() {
        // The job's host runs ten minutes ahead of Zoho.
        Instant zohoNow = NOW.minus(Duration.ofMinutes(10));
        zoho.serverClock(() -> zohoNow);
        zoho.put("Leads", "1", T0);
        zoho.put("Leads", "2", T0);
        pollToEnd();
        zoho.delete("Leads", "2", zohoNow.plusSeconds(30));

        List<RecordChange> emitted = changes(pollToEnd());

        assertThat(((DeletedRequest) zoho.requests().get(1)).ifModifiedSince())
                .isEqualTo(zohoNow.minus(OVERLAP));
        assertThat(emitted)
                .singleElement()
                .satisfies(c -> assertThat(c.getOp()).isEqualTo(ChangeOp.DELETE));
    }

    @Test
    void anUnreadableItemReadAgainIsNotNewsSoTheModuleBecomesQuiet() {
        zoho.put("Leads", "1", T0);
        zoho.putMalformed(
                "Leads",
                new MalformedRecord("7", "{\"id\":\"7\",\"Modified_Time\":\"soon\"}", "bad"));

        List<SyncEvent> first = pollToEnd();
        List<SyncEvent> second = pollToEnd();
        ModulePoller restored = poller(checkpoint(poller));
        List<SyncEvent> afterRestore = pollToEnd(restored);

        assertThat(newChangesOfLastPoll(first)).isEqualTo(2);
        assertThat(changes(second)).isEmpty();
        assertThat(newChangesOfLastPoll(second)).isZero();
        assertThat(changes(afterRestore)).isEmpty();
        assertThat(newChangesOfLastPoll(afterRestore)).isZero();
    }

    @Test
    void anUnreadableItemThatIsGoneIsForgottenAndNewAgainIfItReturns() {
        MalformedRecord item = new MalformedRecord(null, "{\"Lead_Source\":\"Web\"}", "no id");
        zoho.putMalformed("Leads", item);
        pollToEnd();
        zoho.clearMalformed("Leads");
        pollToEnd();
        assertThat(poller.state().toSplit().malformed()).isEmpty();

        zoho.putMalformed("Leads", item);

        assertThat(newChangesOfLastPoll(pollToEnd())).isEqualTo(1);
    }

    @Test
    void aMassUpdateLargerThanOnePageTokenReachesStillMakesProgress() {
        zoho.pageTokenLimit(1_000);
        IntStream.range(0, 50).forEach(i -> zoho.put("Leads", "old" + i, T0.plusSeconds(i)));
        pollToEnd();
        zoho.clearRequests();
        // 2,500 records edited within 20 s: more than one token reaches inside one overlap.
        IntStream.range(0, 2_500)
                .forEach(
                        i ->
                                zoho.put(
                                        "Leads",
                                        String.format("m%04d", i),
                                        T0.plusSeconds(600 + i / 125)));

        List<SyncEvent> events = pollToEndRestartingScans();

        assertThat(newChanges(events)).hasSize(2_500);
        assertThat(downstream.offer(changes(events))).hasSize(2_500);
        assertThat(zoho.recordsCalls()).isLessThan(40);
    }

    @Test
    void moreRecordsInOneSecondThanOneTokenReachesCannotStopTheScan() {
        zoho.pageTokenLimit(400);
        IntStream.range(0, 500)
                .forEach(i -> zoho.put("Leads", String.format("s%03d", i), T0.plusSeconds(10)));
        IntStream.range(0, 5).forEach(i -> zoho.put("Leads", "after" + i, T0.plusSeconds(11 + i)));

        List<SyncEvent> events = pollToEndRestartingScans();

        // Zoho cannot page past 400 rows of one second by time; the scan goes on after it.
        assertThat(newChanges(events)).hasSize(405);
        assertThat(newChanges(events)).extracting(RecordChange::getId).contains("after0", "after4");
    }

    private List<SyncEvent> pollToEnd() {
        return pollToEnd(poller);
    }

    /** Polls to the end as the split reader does when Zoho refuses a page token. */
    private List<SyncEvent> pollToEndRestartingScans() {
        List<SyncEvent> events = new ArrayList<>();
        do {
            try {
                events.addAll(poller.step(zoho, NOW));
            } catch (ZohoApiException e) {
                assertThat(e.kind()).isEqualTo(ZohoApiException.Kind.RESTART_SCAN);
                poller.restartScan(e.zohoCode().equals(Optional.of("PAGINATION_LIMIT_EXCEEDED")));
            }
        } while (poller.isPolling());
        return events;
    }

    private List<SyncEvent> pollToEnd(ModulePoller poller) {
        List<SyncEvent> events = new ArrayList<>();
        do {
            events.addAll(poller.step(zoho, NOW));
        } while (poller.isPolling());
        assertThat(events).last().isInstanceOf(SyncEvent.PollCompleted.class);
        return events;
    }

    private static ModulePoller poller(ZohoModuleSplit split) {
        return new ModulePoller(
                ZohoModule.of(split.module()), new ZohoModuleSplitState(split, OVERLAP), OVERLAP);
    }

    /** The poller's state through the split serializer, as a checkpoint and a restore see it. */
    private static ZohoModuleSplit checkpoint(ModulePoller poller) {
        try {
            ZohoModuleSplitSerializer serializer = ZohoModuleSplitSerializer.INSTANCE;
            return serializer.deserialize(
                    serializer.getVersion(), serializer.serialize(poller.state().toSplit()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<RecordChange> changes(List<SyncEvent> events) {
        return events.stream()
                .filter(e -> e instanceof SyncEvent.Emitted)
                .map(e -> ((SyncEvent.Emitted) e).change())
                .toList();
    }

    private static List<RecordChange> newChanges(List<SyncEvent> events) {
        return events.stream()
                .filter(e -> e instanceof SyncEvent.Emitted emitted && emitted.isNew())
                .map(e -> ((SyncEvent.Emitted) e).change())
                .toList();
    }

    private static int newChangesOfLastPoll(List<SyncEvent> events) {
        return ((SyncEvent.PollCompleted) events.get(events.size() - 1)).newChanges();
    }

    private static List<String> versions(List<RecordChange> changes) {
        List<String> versions = new ArrayList<>();
        changes.forEach(c -> versions.add(c.getId() + "@" + c.getModifiedTime()));
        return versions;
    }
}
