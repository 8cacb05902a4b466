package io.crmpulse.zoho.reader;

import io.crmpulse.common.retry.Backoff;
import io.crmpulse.zoho.ZohoModule;
import io.crmpulse.zoho.ZohoSourceConfig;
import io.crmpulse.zoho.ZohoSourceException;
import io.crmpulse.zoho.client.ZohoApiException;
import io.crmpulse.zoho.client.ZohoCrmClient;
import io.crmpulse.zoho.split.SyncEvent;
import io.crmpulse.zoho.split.SyncPhase;
import io.crmpulse.zoho.split.ZohoModuleSplit;
import io.crmpulse.zoho.split.ZohoModuleSplitState;
import io.crmpulse.zoho.sync.ModulePoller;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.DoubleSupplier;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches the changes of the modules assigned to this reader, one API call per {@link #fetch()}.
 *
 * <p>Pacing is scheduled, never slept: each module has a due time. A poll's pages are fetched back
 * to back; once a poll completes the module is due again after the poll interval (while catching up
 * in {@link io.crmpulse.zoho.ZohoSyncMode#UNTIL_CAUGHT_UP} or {@link
 * io.crmpulse.zoho.ZohoSyncMode#CATCH_UP_THEN_CONTINUE}, at once while polls find changes; in the
 * first, the splits finish together once every module was polled to nothing new). A retryable
 * failure (429, 5xx, timeout, an HTML page) reschedules the module after an exponential back-off
 * with jitter that honours {@code Retry-After}, and the poll continues with the same call. When no
 * module is due, {@code fetch} waits on a condition until the earliest due time or a {@link
 * #wakeUp()}, so the fetcher thread stays responsive to new splits and shutdown.
 */
public class ZohoSplitReader implements SplitReader<SyncEvent, ZohoModuleSplit> {

    private static final Logger LOG = LoggerFactory.getLogger(ZohoSplitReader.class);

    /** The longest single wait, so that a changed clock or a lost wake-up costs little. */
    private static final Duration MAX_WAIT = Duration.ofSeconds(1);

    /** Zoho's code for a scan that reached the most records one page token reaches. */
    private static final String PAGINATION_LIMIT_EXCEEDED = "PAGINATION_LIMIT_EXCEEDED";

    /**
     * 1 s doubling to 5 min, full jitter: the pollers of one org retry apart, since Zoho counts its
     * concurrency limit across them.
     */
    public static final Backoff DEFAULT_BACKOFF =
            new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5));

    private final ZohoSourceConfig config;
    private final ZohoCrmClient client;
    private final ZohoSourceMetrics metrics;
    private final Backoff backoff;
    private final DoubleSupplier jitter;
    private final Clock clock;
    private final Map<String, ScheduledModule> modules = new LinkedHashMap<>();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wakeUpSignal = lock.newCondition();
    private boolean wakeUpRequested;

    /** Every module was polled to nothing new since the last change of any of them. */
    private boolean caughtUp;

    /** Caught up at least once: from then on, a mode that continues polls at its interval. */
    private boolean everCaughtUp;

    public ZohoSplitReader(
            ZohoSourceConfig config,
            ZohoCrmClient client,
            ZohoSourceMetrics metrics,
            Backoff backoff,
            DoubleSupplier jitter,
            Clock clock) {
        this.config = config;
        this.client = client;
        this.metrics = metrics;
        this.backoff = backoff;
        this.jitter = jitter;
        this.clock = clock;
    }

    @Override
    public RecordsWithSplitIds<SyncEvent> fetch() {
        RecordsBySplits.Builder<SyncEvent> batch = new RecordsBySplits.Builder<>();
        ScheduledModule next =
                modules.values().stream().min(Comparator.comparing(m -> m.due)).orElse(null);
        if (next == null) {
            return batch.build();
        }
        Instant now = clock.instant();
        if (next.due.isAfter(now)) {
            awaitUntil(next.due, now);
            return batch.build();
        }
        step(next, now, batch);
        return batch.build();
    }

    private void step(
            ScheduledModule module, Instant now, RecordsBySplits.Builder<SyncEvent> batch) {
        String name = module.poller.module().name();
        if (!module.poller.isPolling()) {
            module.pollStartedAt = now;
        }
        List<SyncEvent> events;
        try {
            events = module.poller.step(client, now);
            module.failures = 0;
        } catch (ZohoApiException e) {
            handleFailure(module, e, now);
            if (e.isRetryable() && e.isTokenRefresh()) {
                batch.add(name, new SyncEvent.TokenRefreshFailed(now, e.getMessage()));
            }
            return;
        }
        for (SyncEvent event : events) {
            batch.add(name, event);
            if (event instanceof SyncEvent.PollCompleted completed) {
                pollCompleted(module, completed, batch);
            }
        }
    }

    private void pollCompleted(
            ScheduledModule module,
            SyncEvent.PollCompleted completed,
            RecordsBySplits.Builder<SyncEvent> batch) {
        String name = module.poller.module().name();
        Instant now = clock.instant();
        ZohoSourceMetrics.ModuleMetrics moduleMetrics = metrics.module(name);
        moduleMetrics.pollCompleted(module.pollStartedAt.toEpochMilli(), now.toEpochMilli());
        long calls = moduleMetrics.apiCalls();
        if (module.phase == SyncPhase.BACKFILL) {
            LOG.info(
                    "{}: backfill complete ({} changes in the first poll), now incremental",
                    name,
                    completed.newChanges());
            module.phase = SyncPhase.INCREMENTAL;
        } else {
            LOG.debug("{}: poll complete, {} new changes", name, completed.newChanges());
        }
        if (completed.rewindTo() != null) {
            LOG.info(
                    "{}: records changed while the scan paged; the next poll re-reads from {}",
                    name,
                    completed.rewindTo());
        }
        boolean caughtUp = schedule(module, completed.newChanges() == 0, now);
        batch.add(
                name,
                new SyncEvent.Progress(
                        module.pollStartedAt, now, calls - module.apiCallsReported, caughtUp));
        module.apiCallsReported = calls;
        if (caughtUp && config.bounded()) {
            for (String finished : new ArrayList<>(modules.keySet())) {
                LOG.info("{}: caught up, nothing new since the last poll", finished);
                batch.addFinishedSplit(finished);
            }
            modules.clear();
        }
    }

    /**
     * Schedules the module's next poll and tells whether the reader is caught up: every module,
     * polled after the last change of any of them, found nothing new. Changes in one module can
     * bring changes in another (a converted lead creates a deal), so a module that was quiet before
     * another one moved counts as quiet again only after its next poll; until the reader is caught
     * up, modes that catch up eagerly poll such modules at once instead of after the interval.
     */
    private boolean schedule(ScheduledModule module, boolean nothingNew, Instant now) {
        boolean eager = config.pollsBackToBackUntilCaughtUp() && !everCaughtUp;
        if (nothingNew) {
            module.quiet = true;
            module.due = now.plus(config.pollInterval());
        } else {
            for (ScheduledModule m : modules.values()) {
                if (m.quiet) {
                    m.quiet = false;
                    if (eager) {
                        m.due = now;
                    }
                }
            }
            module.due = eager ? now : now.plus(config.pollInterval());
        }
        caughtUp = modules.values().stream().allMatch(m -> m.quiet);
        if (caughtUp && !everCaughtUp && !config.bounded()) {
            LOG.info("Caught up: {} polled to nothing new", modules.keySet());
        }
        everCaughtUp |= caughtUp;
        return caughtUp;
    }

    private void handleFailure(ScheduledModule module, ZohoApiException e, Instant now) {
        String name = module.poller.module().name();
        switch (e.kind()) {
            case RETRY_LATER:
                module.failures++;
                Duration delay = backoff.delay(module.failures, jitter, e.retryAfter());
                module.due = now.plus(delay);
                LOG.warn(
                        "{}: {} (attempt {}); retrying in {} s",
                        name,
                        e.getMessage(),
                        module.failures,
                        delay.toMillis() / 1000.0);
                break;
            case RESTART_SCAN:
                LOG.warn("{}: {}; restarting the scan where it stands", name, e.getMessage());
                module.poller.restartScan(
                        e.zohoCode().filter(PAGINATION_LIMIT_EXCEEDED::equals).isPresent());
                break;
            case FATAL:
            default:
                throw new ZohoSourceException(
                        "Zoho sync of " + name + " cannot go on: " + e.getMessage(), e);
        }
    }

    private void awaitUntil(Instant due, Instant now) {
        long waitNanos = Math.min(Duration.between(now, due).toNanos(), MAX_WAIT.toNanos());
        lock.lock();
        try {
            if (!wakeUpRequested) {
                wakeUpSignal.await(waitNanos, TimeUnit.NANOSECONDS);
            }
            wakeUpRequested = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void handleSplitsChanges(SplitsChange<ZohoModuleSplit> splitsChanges) {
        if (!(splitsChanges instanceof SplitsAddition)) {
            throw new UnsupportedOperationException(
                    "The Zoho source only adds splits, got " + splitsChanges);
        }
        Instant now = clock.instant();
        for (ZohoModuleSplit split : splitsChanges.splits()) {
            ZohoModule module =
                    config.module(split.module())
                            .orElseGet(
                                    () -> {
                                        LOG.warn(
                                                "{} is in the checkpoint but not configured; "
                                                        + "syncing it with its default fields",
                                                split.module());
                                        return ZohoModule.of(split.module());
                                    });
            ZohoModuleSplitState state = new ZohoModuleSplitState(split, config.overlap());
            modules.put(
                    split.module(),
                    new ScheduledModule(new ModulePoller(module, state, config.overlap()), now));
            metrics.module(split.module());
            LOG.info(
                    "{}: sync starts in phase {}, resuming from {}",
                    split.module(),
                    split.phase(),
                    state.records().resumeFrom() == null
                            ? "the beginning"
                            : state.records().resumeFrom());
        }
    }

    @Override
    public void wakeUp() {
        lock.lock();
        try {
            wakeUpRequested = true;
            wakeUpSignal.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        client.close();
    }

    /** The modules this reader follows, for tests. */
    List<String> modules() {
        return new ArrayList<>(modules.keySet());
    }

    private static final class ScheduledModule {
        final ModulePoller poller;
        Instant due;
        Instant pollStartedAt;
        SyncPhase phase;
        int failures;

        /** Polled to nothing new since the last change of any module. */
        boolean quiet;

        /** The module's API-call counter when the last poll was reported. */
        long apiCallsReported;

        ScheduledModule(ModulePoller poller, Instant due) {
            this.poller = poller;
            this.due = due;
            this.pollStartedAt = due;
            this.phase = poller.state().phase();
        }
    }
}
