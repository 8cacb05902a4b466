package io.crmpulse.sinks.outbox;

import io.crmpulse.sinks.twilio.WhatsAppSender;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import javax.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an {@link OutboxDispatcher} on its own thread: a cycle whenever something becomes due, when
 * woken after new rows, and at least every poll interval (rows other writers insert). A lost
 * database connection is reopened with backoff; nothing is lost meanwhile, the rows wait in the
 * table.
 */
final class OutboxDispatchLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxDispatchLoop.class);

    private static final Duration MIN_WAIT = Duration.ofMillis(10);

    private final OutboxDatabase database;
    @Nullable private final WhatsAppSender sender;
    private final DeliveryPolicy policy;
    private final Clock clock;
    private final Duration sendingLease;
    private final OutboxMetrics metrics;
    private final Object signal = new Object();

    @Nullable private Thread thread;
    private volatile boolean running;
    private boolean woken;

    /** Owned by whichever thread runs cycles: the loop's, or the caller of {@link #drain}. */
    @Nullable private Outbox outbox;

    @Nullable private OutboxDispatcher dispatcher;

    OutboxDispatchLoop(
            OutboxDatabase database,
            @Nullable WhatsAppSender sender,
            DeliveryPolicy policy,
            Clock clock,
            Duration sendingLease,
            OutboxMetrics metrics) {
        this.database = Objects.requireNonNull(database, "database");
        this.sender = sender;
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sendingLease = Objects.requireNonNull(sendingLease, "sendingLease");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    synchronized void start(String threadName) {
        if (thread != null) {
            return;
        }
        running = true;
        thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Asks for a cycle now (new rows were written). */
    void wakeUp() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    /** Stops the thread after its current cycle. */
    synchronized void stop() throws InterruptedException {
        Thread running = thread;
        if (running == null) {
            return;
        }
        this.running = false;
        wakeUp();
        running.join(sendingLease.toMillis() + 5_000);
        if (running.isAlive()) {
            LOG.warn("The WhatsApp outbox dispatcher did not stop in time; interrupting it");
            running.interrupt();
            running.join(5_000);
        }
        thread = null;
    }

    /**
     * Stops the thread, then delivers in the calling thread what is due now, without the group wait
     * or interval, waiting (up to {@code timeout}) for retries and reconciliations that become due
     * meanwhile. Quiet hours and the cap still hold.
     *
     * @return the last cycle's report
     */
    DispatchReport drain(Duration timeout) throws InterruptedException, SQLException {
        stop();
        long deadline = System.nanoTime() + timeout.toNanos();
        DispatchReport report;
        while (true) {
            report = cycle(true);
            long leftNanos = deadline - System.nanoTime();
            if (leftNanos <= 0) {
                break;
            }
            if (report.acted()) {
                continue;
            }
            Instant retryAt = report.retryAt();
            if (retryAt == null) {
                break;
            }
            Duration wait = Duration.between(clock.instant(), retryAt);
            if (wait.toNanos() > leftNanos) {
                break;
            }
            Thread.sleep(Math.max(MIN_WAIT.toMillis(), wait.toMillis()));
        }
        if (report.retryAt() != null || report.busyRecipients() > 0) {
            LOG.warn(
                    "End of input: some WhatsApp messages are still waiting (Twilio unavailable,"
                            + " or another dispatcher is busy); they stay pending in the"
                            + " notifications table and the next run sends them");
        }
        return report;
    }

    private void run() {
        int failures = 0;
        while (running) {
            Duration wait = policy.pollInterval();
            try {
                DispatchReport report = cycle(false);
                failures = 0;
                if (report.wakeAt() != null) {
                    Duration untilDue = Duration.between(clock.instant(), report.wakeAt());
                    if (untilDue.compareTo(wait) < 0) {
                        wait = untilDue.compareTo(MIN_WAIT) < 0 ? MIN_WAIT : untilDue;
                    }
                }
            } catch (SQLException e) {
                failures++;
                wait = policy.backoff().ceiling(failures);
                LOG.warn(
                        "WhatsApp outbox: the database is unavailable ({}); messages wait in the"
                                + " table, trying again in {}",
                        e.getMessage(),
                        wait);
                closeOutbox();
            } catch (RuntimeException e) {
                failures++;
                wait = policy.backoff().ceiling(failures);
                LOG.error("WhatsApp outbox dispatcher failed; trying again in {}", wait, e);
                closeOutbox();
            }
            await(wait);
        }
        closeOutbox();
    }

    private void await(Duration wait) {
        synchronized (signal) {
            try {
                if (!woken && running) {
                    signal.wait(Math.max(1, wait.toMillis()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
            woken = false;
        }
    }

    private DispatchReport cycle(boolean draining) throws SQLException {
        DispatchReport report = dispatcher().runOnce(draining);
        metrics.cycle(report);
        metrics.pending(outbox.openRowCount());
        return report;
    }

    private OutboxDispatcher dispatcher() throws SQLException {
        if (dispatcher == null || outbox == null || !outbox.isValid()) {
            closeOutbox();
            outbox = Outbox.connect(database);
            dispatcher = new OutboxDispatcher(outbox, sender, policy, clock, sendingLease);
        }
        return dispatcher;
    }

    private void closeOutbox() {
        if (outbox != null) {
            try {
                outbox.close();
            } catch (SQLException e) {
                LOG.debug("Closing the outbox connection failed", e);
            }
        }
        outbox = null;
        dispatcher = null;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        closeOutbox();
    }
}
