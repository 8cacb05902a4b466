package io.crmpulse.zoho.sync;

import io.crmpulse.zoho.ZohoModule;
import io.crmpulse.zoho.client.DeletedPage;
import io.crmpulse.zoho.client.DeletedRecord;
import io.crmpulse.zoho.client.DeletedRequest;
import io.crmpulse.zoho.client.MalformedRecord;
import io.crmpulse.zoho.client.RecordsPage;
import io.crmpulse.zoho.client.RecordsRequest;
import io.crmpulse.zoho.client.ZohoCrmClient;
import io.crmpulse.zoho.client.ZohoRecord;
import io.crmpulse.zoho.model.RecordChange;
import io.crmpulse.zoho.split.ZohoModuleSplitState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;

/**
 * Drives the incremental sync of one module, one API call per {@link #step}. Plain Java: it knows
 * the Zoho client and the module's state, nothing of Flink or of time.
 *
 * <p>A poll reads the module's records changed since the cursor's resume point ({@code
 * If-Modified-Since}, sorted by {@code Modified_Time} ascending, following {@code page_token} past
 * the 2,000-record wall), then its deletions the same way. A version (id, time) is emitted only if
 * the cursor has not seen it, so the overlap re-read behind the cursor never emits twice. The
 * deletions stream starts at the first poll: a record deleted before it is not in the backfill, so
 * its deletion concerns nobody downstream (and Zoho keeps up to 120 days of them). Because Zoho
 * pages by offset, a record edited or deleted while a scan pages shifts the rows behind it by one
 * and the scan can skip a row; when that can have happened, the poller asks the next poll to
 * re-read from the moved record's old time ({@link SyncEvent.Rewound}). What a scan read lives only
 * in memory, so until its poll completes the checkpointed cursor owes a rewind to the scan's start
 * ({@link SyncEvent.ScanStarted}): a job restored in the middle of a scan reads it again from there
 * instead of trusting pages that may have skipped a row, and emits only what it had not emitted.
 *
 * <p>Exceptions from the client leave the poll where it was: calling {@code step} again retries the
 * same call, so a rate limit in the middle of a 50-page backfill costs one call, not fifty.
 */
public final class ModulePoller {

    private final ZohoModule module;
    private final ZohoModuleSplitState state;
    @Nullable private Poll poll;

    public ModulePoller(ZohoModule module, ZohoModuleSplitState state) {
        this.module = module;
        this.state = state;
    }

    public ZohoModule module() {
        return module;
    }

    public ZohoModuleSplitState state() {
        return state;
    }

    /** Whether a poll is under way (its next step continues it rather than starting a new one). */
    public boolean isPolling() {
        return poll != null;
    }

    /**
     * Makes exactly one API call (starting a poll first if none is under way) and returns the
     * events it produced, already applied to this poller's state, in the order to emit them.
     *
     * @param now the job's clock, used once: when the module's very first poll starts
     */
    public List<SyncEvent> step(ZohoCrmClient client, Instant now) {
        if (poll == null) {
            poll = new Poll(state.records().resumeFrom());
            poll.firstPollStart = state.deletions().high() == null ? now : null;
        }
        List<SyncEvent> events = new ArrayList<>();
        if (poll.deletedRequest == null) {
            readRecordsPage(client, events);
        } else {
            readDeletionsPage(client, events);
        }
        return events;
    }

    /**
     * Zoho no longer accepts the scan's page token (24 h old, or bound to other parameters): the
     * records scan starts again from the cursor, which already holds what was emitted.
     */
    public void restartScan() {
        if (poll != null && poll.deletedRequest == null) {
            poll.recordsRequest =
                    RecordsRequest.firstPage(
                            module.name(), module.fields(), state.records().restartFrom());
        }
    }

    private void readRecordsPage(ZohoCrmClient client, List<SyncEvent> events) {
        RecordsPage page = client.getRecords(poll.recordsRequest);
        // Events only after the call succeeded: a failed call must leave the state untouched,
        // or the split reader's state and the checkpointed one would part.
        if (poll.firstPollStart != null) {
            emit(new SyncEvent.Started(poll.firstPollStart), events);
            poll.firstPollStart = null;
        }
        if (!poll.scanStarted && !page.records().isEmpty()) {
            Instant oldest =
                    page.records().stream()
                            .map(ZohoRecord::modifiedTime)
                            .min(Instant::compareTo)
                            .orElseThrow();
            emit(new SyncEvent.ScanStarted(oldest), events);
            poll.scanStarted = true;
        }
        for (ZohoRecord record : page.records()) {
            Instant time = record.modifiedTime();
            Instant earlier = poll.readThisPoll.put(record.id(), time);
            if (earlier != null && time.isAfter(earlier)) {
                // Edited while we paged: the rows behind its old place moved up by one.
                emit(new SyncEvent.Rewound(earlier), events);
                poll.owedRewind = min(poll.owedRewind, earlier);
            }
            // The cursor keeps the versions emitted since the scan began (and, once a scan found
            // a shift, since the time it rewinds to): each version is emitted once.
            if (state.records().isNew(record.id(), time)) {
                emit(
                        new SyncEvent.Emitted(
                                RecordChange.upsert(
                                        module.name(), record.id(), time, record.json())),
                        events);
            }
        }
        emitMalformed(page.malformed(), events);
        if (page.moreRecords() && page.nextPageToken() != null) {
            poll.recordsRequest = poll.recordsRequest.nextPage(page.nextPageToken());
        } else {
            poll.deletedRequest =
                    new DeletedRequest(module.name(), state.deletions().resumeFrom(), 1);
        }
    }

    private void readDeletionsPage(ZohoCrmClient client, List<SyncEvent> events) {
        DeletedPage page = client.getDeletedRecords(poll.deletedRequest);
        for (DeletedRecord deleted : page.records()) {
            Instant read = poll.readThisPoll.get(deleted.id());
            if (read != null) {
                // Deleted after this poll read it, maybe while it paged: same shift as an edit.
                emit(new SyncEvent.Rewound(read), events);
                poll.owedRewind = min(poll.owedRewind, read);
            }
            if (state.deletions().isNew(deleted.id(), deleted.deletedTime())) {
                emit(
                        new SyncEvent.Emitted(
                                RecordChange.delete(
                                        module.name(), deleted.id(), deleted.deletedTime())),
                        events);
            }
        }
        emitMalformed(page.malformed(), events);
        if (page.moreRecords()) {
            poll.deletedRequest = poll.deletedRequest.nextPage();
        } else {
            emit(new SyncEvent.PollCompleted(poll.owedRewind, poll.newChanges), events);
            poll = null;
        }
    }

    private void emitMalformed(List<MalformedRecord> items, List<SyncEvent> events) {
        for (MalformedRecord malformed : items) {
            // Not tracked by the cursor (it has no readable time): a later overlap re-read may
            // send it again, which the dead-letter table absorbs by its key.
            emit(
                    new SyncEvent.Emitted(
                            RecordChange.malformed(
                                    module.name(),
                                    malformed.id(),
                                    null,
                                    malformed.json(),
                                    malformed.reason())),
                    events);
        }
    }

    private void emit(SyncEvent event, List<SyncEvent> events) {
        state.apply(event);
        events.add(event);
        if (event instanceof SyncEvent.Emitted) {
            poll.newChanges++;
        }
    }

    @Nullable
    private static Instant min(@Nullable Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }

    /** The progress of one poll; lives only in memory, a restored job simply polls again. */
    private final class Poll {
        RecordsRequest recordsRequest;
        @Nullable DeletedRequest deletedRequest;

        /** Every record version read in this poll, by id: how edits while paging are noticed. */
        final Map<String, Instant> readThisPoll = new HashMap<>();

        @Nullable Instant owedRewind;
        int newChanges;

        /** Whether the scan's start was recorded in the cursor ({@link SyncEvent.ScanStarted}). */
        boolean scanStarted;

        /** When the module's very first poll started; announced with its first page. */
        @Nullable Instant firstPollStart;

        Poll(@Nullable Instant since) {
            this.recordsRequest = RecordsRequest.firstPage(module.name(), module.fields(), since);
        }
    }
}
