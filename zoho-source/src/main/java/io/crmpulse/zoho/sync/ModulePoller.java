package io.crmpulse.zoho.sync;

import com.carrotsearch.hppc.LongArrayDeque;
import com.carrotsearch.hppc.LongLongHashMap;
import io.crmpulse.zoho.ZohoModule;
import io.crmpulse.zoho.client.DeletedPage;
import io.crmpulse.zoho.client.DeletedRecord;
import io.crmpulse.zoho.client.DeletedRequest;
import io.crmpulse.zoho.client.MalformedRecord;
import io.crmpulse.zoho.client.RecordsPage;
import io.crmpulse.zoho.client.RecordsRequest;
import io.crmpulse.zoho.client.ZohoCrmClient;
import io.crmpulse.zoho.client.ZohoRecord;
import io.crmpulse.zoho.model.ContentHash;
import io.crmpulse.zoho.model.RecordChange;
import io.crmpulse.zoho.split.ChangeCursorState;
import io.crmpulse.zoho.split.ChangeCursorState.Verdict;
import io.crmpulse.zoho.split.SyncEvent;
import io.crmpulse.zoho.split.ZohoModuleSplitState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the incremental sync of one module, one API call per {@link #step}. Plain Java: it knows
 * the Zoho client and the module's state, nothing of Flink; the only time it reads is Zoho's own
 * clock (the {@code Date} of its answers).
 *
 * <p>A poll reads the module's records changed since the cursor's resume point ({@code
 * If-Modified-Since}, sorted by {@code Modified_Time} ascending, following {@code page_token} past
 * the 2,000-record wall), then its deletions the same way. The cursor remembers the versions (id,
 * time, content) it emitted inside the overlap behind its newest time, so the overlap re-read never
 * emits one twice, and two edits within one second are two versions. The deletions stream starts at
 * the first poll, by Zoho's clock: a record deleted before it is not in the backfill, so its
 * deletion concerns nobody downstream (and Zoho keeps up to 120 days of them).
 *
 * <p>Because Zoho pages by offset, a record edited or deleted while a scan pages shifts the rows
 * behind it by one and the scan can skip a row; when that can have happened, the poller asks the
 * next poll to re-read from the moved record's old time ({@link SyncEvent.Rewound}). What a scan
 * read lives only in memory, so until its poll completes the checkpointed cursor owes a re-read
 * from the scan's start ({@link SyncEvent.ScanStarted}, {@link SyncEvent.DeletionsScanStarted}): a
 * job restored in the middle of a scan reads it again from there. A re-read further back than the
 * overlap emits what it finds as replays (the cursor does not remember that far), which {@link
 * io.crmpulse.zoho.source.LatestVersionFilter} drops downstream when they were emitted before.
 *
 * <p>Exceptions from the client leave the poll where it was: calling {@code step} again retries the
 * same call, so a rate limit in the middle of a 50-page backfill costs one call, not fifty.
 */
public final class ModulePoller {

    private static final Logger LOG = LoggerFactory.getLogger(ModulePoller.class);

    /**
     * A record stamped this far ahead of Zoho's clock is reported (once, when emitted): the cursor
     * stays at Zoho's clock anyway.
     */
    static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);

    private final ZohoModule module;
    private final ZohoModuleSplitState state;
    private final Duration overlap;
    @Nullable private Poll poll;
    private boolean warnedNoServerClock;

    /**
     * @param overlap how far behind its newest time the cursor re-reads; a scan restarted in the
     *     middle re-reads as far behind its position
     */
    public ModulePoller(ZohoModule module, ZohoModuleSplitState state, Duration overlap) {
        this.module = module;
        this.state = state;
        this.overlap = overlap;
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
     * @param now the job's clock, used only when Zoho's answer has no {@code Date}, to start the
     *     deletions stream at the module's very first poll
     */
    public List<SyncEvent> step(ZohoCrmClient client, Instant now) {
        if (poll == null) {
            poll = new Poll(state.records().resumeFrom(), state.deletions().high() == null);
        }
        List<SyncEvent> events = new ArrayList<>();
        if (poll.deletedRequest == null) {
            readRecordsPage(client, now, events);
        } else {
            readDeletionsPage(client, events);
        }
        return events;
    }

    /**
     * Zoho no longer accepts the scan's page token: it expired (24 h), was bound to other
     * parameters, or the scan reached the most records one token pages through ({@code
     * limitReached}, 100,000). The records scan starts again an overlap behind where it stands,
     * keeping its memory of what it read. After the limit, it starts at its position itself when
     * that overlap alone holds half a token's worth of records (a mass update), and one second past
     * it when that second alone holds more than a token reaches: the scan always makes progress.
     */
    public void restartScan(boolean limitReached) {
        if (poll == null || poll.deletedRequest != null) {
            return;
        }
        Instant position = poll.position;
        Instant from;
        if (position == null) {
            from = poll.since;
        } else if (limitReached
                && position.equals(poll.lastLimitPosition)
                && position.equals(poll.restartedFrom)) {
            from = position.plusSeconds(1);
            LOG.error(
                    "{}: more records than one Zoho page token reaches share the second {}; the"
                            + " scan goes on from the next second, and the records of that second"
                            + " it did not read are read when they change again",
                    module.name(),
                    position);
        } else if (limitReached && poll.readInOverlap() * 2L >= poll.readSinceRestart) {
            from = position;
            LOG.warn(
                    "{}: {} of the {} records this scan read since its last start are within {} s"
                            + " behind {}; the scan goes on from there without re-reading that"
                            + " overlap",
                    module.name(),
                    poll.readInOverlap(),
                    poll.readSinceRestart,
                    overlap.toSeconds(),
                    position);
        } else {
            from = position.minus(overlap);
        }
        if (limitReached) {
            poll.lastLimitPosition = position;
        }
        poll.restarted(from);
        poll.recordsRequest = RecordsRequest.firstPage(module.name(), module.fields(), from);
    }

    private void readRecordsPage(ZohoCrmClient client, Instant now, List<SyncEvent> events) {
        RecordsPage page = client.getRecords(poll.recordsRequest);
        Instant serverTime = page.serverTime();
        // Events only after the call succeeded: a failed call must leave the state untouched,
        // or the split reader's state and the checkpointed one would part.
        if (poll.firstPoll) {
            emit(
                    new SyncEvent.Started(serverTime == null ? fallbackClock(now) : serverTime),
                    events);
            poll.firstPoll = false;
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
        ChangeCursorState records = state.records();
        for (ZohoRecord record : page.records()) {
            Instant time = record.modifiedTime();
            poll.read(time);
            long earlier = poll.readThisPoll.put(ContentHash.of(record.id()), time.toEpochMilli());
            if (earlier != 0 && time.toEpochMilli() > earlier) {
                // Edited while we paged: the rows behind its old place moved up by one.
                Instant from = Instant.ofEpochMilli(earlier);
                emit(new SyncEvent.Rewound(from), events);
                poll.owedRewind = ChangeCursorState.earliest(poll.owedRewind, from);
            }
            RecordChange change =
                    RecordChange.upsert(module.name(), record.id(), time, record.json());
            Verdict verdict =
                    records.classify(record.id(), time, change.getContentHash(), serverTime);
            if (verdict != Verdict.SEEN) {
                change.setReplay(verdict == Verdict.REPLAY);
                emit(new SyncEvent.Emitted(change, serverTime), events);
                if (verdict == Verdict.NEW) {
                    warnIfAhead("record", record.id(), time, serverTime);
                }
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
        Instant serverTime = page.serverTime();
        if (!poll.deletionsScanStarted && poll.deletedRequest.ifModifiedSince() != null) {
            emit(new SyncEvent.DeletionsScanStarted(poll.deletedRequest.ifModifiedSince()), events);
            poll.deletionsScanStarted = true;
        }
        for (DeletedRecord deleted : page.records()) {
            long read = poll.readThisPoll.get(ContentHash.of(deleted.id()));
            if (read != 0) {
                // Deleted after this poll read it, maybe while it paged: same shift as an edit.
                Instant from = Instant.ofEpochMilli(read);
                emit(new SyncEvent.Rewound(from), events);
                poll.owedRewind = ChangeCursorState.earliest(poll.owedRewind, from);
            }
            Verdict verdict =
                    state.deletions()
                            .classify(
                                    deleted.id(),
                                    deleted.deletedTime(),
                                    ContentHash.NONE,
                                    serverTime);
            if (verdict != Verdict.SEEN) {
                RecordChange change =
                        RecordChange.delete(module.name(), deleted.id(), deleted.deletedTime());
                change.setReplay(verdict == Verdict.REPLAY);
                emit(new SyncEvent.Emitted(change, serverTime), events);
                if (verdict == Verdict.NEW) {
                    warnIfAhead("deletion of", deleted.id(), deleted.deletedTime(), serverTime);
                }
            }
        }
        emitMalformed(page.malformed(), events);
        if (page.moreRecords()) {
            poll.deletedRequest = poll.deletedRequest.nextPage();
        } else {
            emit(
                    new SyncEvent.PollCompleted(
                            poll.owedRewind, poll.newChanges, poll.malformedRead),
                    events);
            poll = null;
        }
    }

    /**
     * An unreadable item has no time the cursor could file it under, so it is remembered by its
     * fingerprint for as long as polls keep reading it: read again, it is not news.
     */
    private void emitMalformed(List<MalformedRecord> items, List<SyncEvent> events) {
        for (MalformedRecord malformed : items) {
            RecordChange change =
                    RecordChange.malformed(
                            module.name(),
                            malformed.id(),
                            null,
                            malformed.json(),
                            malformed.reason());
            poll.malformedRead.add(change.getContentHash());
            Verdict verdict = state.classifyMalformed(change.getContentHash());
            if (verdict != Verdict.SEEN) {
                change.setReplay(verdict == Verdict.REPLAY);
                emit(new SyncEvent.Emitted(change), events);
            }
        }
    }

    private void warnIfAhead(String what, String id, Instant time, @Nullable Instant serverTime) {
        if (serverTime != null && time.isAfter(serverTime.plus(FUTURE_TOLERANCE))) {
            LOG.warn(
                    "{}: {} {} is stamped {}, {} min ahead of Zoho's clock ({}); it is emitted,"
                            + " and the cursor stays at Zoho's clock so that no edit made until"
                            + " then is skipped",
                    module.name(),
                    what,
                    id,
                    time,
                    Duration.between(serverTime, time).toMinutes(),
                    serverTime);
        }
    }

    private Instant fallbackClock(Instant now) {
        if (!warnedNoServerClock) {
            warnedNoServerClock = true;
            LOG.warn(
                    "{}: Zoho's answer has no Date header; the deletions stream starts from the"
                            + " job's clock ({}) instead of Zoho's",
                    module.name(),
                    now);
        }
        return now;
    }

    private void emit(SyncEvent event, List<SyncEvent> events) {
        state.apply(event);
        events.add(event);
        if (event instanceof SyncEvent.Emitted emitted && emitted.isNew()) {
            poll.newChanges++;
        }
    }

    /** The progress of one poll; lives only in memory, a restored job simply polls again. */
    private final class Poll {
        RecordsRequest recordsRequest;
        @Nullable DeletedRequest deletedRequest;

        /** Where the poll's records scan started ({@code If-Modified-Since}). */
        @Nullable final Instant since;

        /**
         * Every record read in this poll, by a fingerprint of its id, with its time in epoch
         * milliseconds: how edits and deletions while paging are noticed. Primitive longs, so that
         * a scan of a million records costs about 20 MB; a fingerprint collision can only cause an
         * unneeded re-read.
         */
        final LongLongHashMap readThisPoll = new LongLongHashMap();

        /** The newest time this scan read; {@code null} before its first record. */
        @Nullable Instant position;

        /** The times read since the scan (re)started within the overlap behind the newest. */
        final LongArrayDeque recentTimes = new LongArrayDeque();

        @Nullable Instant owedRewind;
        int newChanges;
        final Set<Long> malformedRead = new HashSet<>();

        /** Whether the scan's start was recorded in the cursor ({@link SyncEvent.ScanStarted}). */
        boolean scanStarted;

        boolean deletionsScanStarted;

        /** The module's very first poll: its deletions stream starts with it. */
        boolean firstPoll;

        /** Records read since the scan (re)started, and where it last restarted. */
        int readSinceRestart;

        @Nullable Instant restartedFrom;
        @Nullable Instant lastLimitPosition;

        Poll(@Nullable Instant since, boolean firstPoll) {
            this.since = since;
            this.firstPoll = firstPoll;
            this.recordsRequest = RecordsRequest.firstPage(module.name(), module.fields(), since);
        }

        void read(Instant time) {
            readSinceRestart++;
            if (position == null || time.isAfter(position)) {
                position = time;
            }
            long millis = time.toEpochMilli();
            if (recentTimes.isEmpty() || millis >= recentTimes.getLast()) {
                recentTimes.addLast(millis);
            }
            long windowStart = recentTimes.getLast() - overlap.toMillis();
            while (recentTimes.getFirst() < windowStart) {
                recentTimes.removeFirst();
            }
        }

        void restarted(Instant from) {
            restartedFrom = from;
            readSinceRestart = 0;
            recentTimes.clear();
        }

        int readInOverlap() {
            return recentTimes.size();
        }
    }
}
