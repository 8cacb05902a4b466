package io.crmpulse.job.summary;

import io.crmpulse.job.config.DashboardLinks;
import io.crmpulse.job.config.DisplayFormat;
import io.crmpulse.job.config.SummarySettings;
import io.crmpulse.sinks.jdbc.JdbcSettings;
import io.crmpulse.sinks.outbox.OutboxMessage;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a business day's summary off the task thread (Flink async I/O), so that a slow model never
 * holds a checkpoint: reads the day's numbers ({@link DailyNumbersQuery}), has {@link
 * SummaryWriter} write it, stores it in {@code ai_summaries} and emits the stored WhatsApp report
 * for the outbox.
 *
 * <p>Exactly once per day: a day that has a row already is not written again; its stored report is
 * emitted once more, which the outbox's key (the recipient and the day) turns into nothing new.
 * This is what a replay after a restore, or a restore from an older checkpoint, does. When the
 * operator's timeout fires first, the template stands in with that reason.
 */
public final class DailySummaryFunction extends RichAsyncFunction<LocalDate, OutboxMessage> {

    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(DailySummaryFunction.class);

    private final JdbcSettings database;
    private final ZoneId zone;
    private final SummarySettings settings;
    private final DisplayFormat display;
    private final DashboardLinks dashboard;
    private final Duration readTimeout;

    private transient ExecutorService writing;
    private transient ExecutorService fallbacks;
    private transient SummaryWriter writer;
    private transient SummaryMetrics metrics;
    private transient Future<?> running;

    /** The day whose writer the timeout gave up on: that writer must not store its result. */
    private transient volatile LocalDate abandoned;

    /**
     * @param database where {@code ai_summaries} and the metrics tables are
     * @param zone the business timezone
     * @param settings Ollama's address and the model
     * @param display how the numbers read
     * @param dashboard where the WhatsApp report's closing link points
     * @param readTimeout how long one chat may take, a cold model's load included
     */
    public DailySummaryFunction(
            JdbcSettings database,
            ZoneId zone,
            SummarySettings settings,
            DisplayFormat display,
            DashboardLinks dashboard,
            Duration readTimeout) {
        this.database = Objects.requireNonNull(database, "database");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.display = Objects.requireNonNull(display, "display");
        this.dashboard = Objects.requireNonNull(dashboard, "dashboard");
        this.readTimeout = Objects.requireNonNull(readTimeout, "readTimeout");
    }

    /**
     * The async operator's timeout: well above what the writer may take (the preflight, two chats
     * of at most {@code readTimeout} and the retries' waits), so it fires only when something
     * hangs.
     */
    public static Duration operatorTimeout(Duration readTimeout) {
        return readTimeout
                .multipliedBy(2)
                .plus(HttpOllamaClient.PREFLIGHT_TIMEOUT.multipliedBy(2))
                .plusMinutes(1);
    }

    @Override
    public void open(Configuration parameters) {
        writing = Executors.newSingleThreadExecutor(daemon("daily-summary-writer"));
        fallbacks = Executors.newSingleThreadExecutor(daemon("daily-summary-fallback"));
        HttpOllamaClient ollama =
                new HttpOllamaClient(
                        settings.ollamaBaseUrl(),
                        readTimeout,
                        HttpOllamaClient.DEFAULT_BACKOFF,
                        d -> Thread.sleep(d.toMillis()));
        metrics = new SummaryMetrics(getRuntimeContext().getMetricGroup());
        writer =
                new SummaryWriter(
                                metrics.timed(ollama), settings.model(), display, Clock.systemUTC())
                        .withLink(dashboard.summary());
    }

    @Override
    public void asyncInvoke(LocalDate day, ResultFuture<OutboxMessage> result) {
        abandoned = null;
        running =
                writing.submit(
                        () ->
                                complete(
                                        day,
                                        result,
                                        () -> writer.write(numbers(day)),
                                        "written",
                                        true));
    }

    @Override
    public void timeout(LocalDate day, ResultFuture<OutboxMessage> result) {
        abandoned = day;
        Future<?> hung = running;
        if (hung != null) {
            hung.cancel(true);
        }
        String reason =
                "timeout: the summary was not written within "
                        + operatorTimeout(readTimeout).toSeconds()
                        + " s";
        LOG.warn("The summary of {} took too long: using the template", day);
        fallbacks.submit(
                () ->
                        complete(
                                day,
                                result,
                                () -> writer.fallback(numbers(day), reason),
                                "written by the template after a timeout",
                                false));
    }

    @FunctionalInterface
    private interface Write {
        DailySummary write() throws SQLException;
    }

    private void complete(
            LocalDate day,
            ResultFuture<OutboxMessage> result,
            Write write,
            String how,
            boolean byWriter) {
        try (Connection c = connect()) {
            Optional<SummaryStore.Stored> stored = SummaryStore.find(c, day);
            if (stored.isPresent()) {
                LOG.info(
                        "The summary of {} is in ai_summaries already ({}); it is not written"
                                + " again",
                        day,
                        stored.get().status());
            } else {
                DailySummary summary = write.write();
                if (byWriter && day.equals(abandoned)) {
                    // The timeout's template stands in, with the timeout as its reason.
                    return;
                }
                if (SummaryStore.insert(c, summary, Clock.systemUTC().instant())) {
                    metrics.stored(summary.verdict());
                    LOG.info(
                            "Daily summary of {} {} and stored ({}); handed to the outbox",
                            day,
                            how,
                            summary.verdict().status().column());
                }
                stored = SummaryStore.find(c, day);
            }
            SummaryStore.Stored row = stored.orElseThrow();
            result.complete(List.of(OutboxMessage.summary(day, row.whatsApp(), row.createdAt())));
        } catch (Exception e) {
            if (Thread.currentThread().isInterrupted()) {
                return; // cancelled by the timeout, which completes the result
            }
            result.completeExceptionally(
                    new IllegalStateException(
                            "Could not write the daily summary of " + day + ": " + e, e));
        }
    }

    private DailyNumbers numbers(LocalDate day) throws SQLException {
        try (Connection c = connect()) {
            return new DailyNumbersQuery(zone).numbers(c, day);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(database.url(), database.user(), database.password());
    }

    @Override
    public void close() {
        if (writing != null) {
            writing.shutdownNow();
            fallbacks.shutdownNow();
            try {
                writing.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
