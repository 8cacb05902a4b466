package io.crmpulse.job.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crmpulse.zoho.model.ChangeOp;
import io.crmpulse.zoho.model.RecordChange;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.accumulators.IntCounter;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs how many changes per module have arrived from the CRM, at most once per interval and once
 * more at the end, so that whoever runs the job sees the sync progress. Passes changes through.
 *
 * <p>It also counts the progress reports that say the source is caught up in the accumulator
 * {@value #CAUGHT_UP_ACCUMULATOR}, which the launcher of {@code --until-caught-up} watches.
 */
public class SyncProgressLogger extends ProcessFunction<RecordChange, RecordChange> {

    /** Progress reports that said every module was polled to nothing new. */
    public static final String CAUGHT_UP_ACCUMULATOR = "caught-up-reports";

    private static final Logger LOG = LoggerFactory.getLogger(SyncProgressLogger.class);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Duration interval;
    private transient Clock clock;
    private transient Map<String, long[]> counts;
    private transient long nextReport;
    private transient boolean unreported;
    private transient IntCounter caughtUpReports;

    public SyncProgressLogger(Duration interval) {
        this.interval = interval;
    }

    @Override
    public void open(Configuration parameters) {
        clock = Clock.systemUTC();
        counts = new TreeMap<>();
        nextReport = clock.millis() + interval.toMillis();
        caughtUpReports = new IntCounter();
        getRuntimeContext().addAccumulator(CAUGHT_UP_ACCUMULATOR, caughtUpReports);
    }

    @Override
    public void processElement(RecordChange change, Context ctx, Collector<RecordChange> out) {
        if (change.getOp() == ChangeOp.UPSERT || change.getOp() == ChangeOp.DELETE) {
            long[] c = counts.computeIfAbsent(change.getModule(), m -> new long[2]);
            c[change.getOp() == ChangeOp.DELETE ? 1 : 0]++;
            unreported = true;
        } else if (change.getOp() == ChangeOp.SYNC_PROGRESS && isCaughtUp(change)) {
            caughtUpReports.add(1);
        }
        // Every completed poll sends a progress report through here too, so pending counts are
        // logged within an interval even when the CRM goes quiet.
        if (unreported && clock.millis() >= nextReport) {
            report();
        }
        out.collect(change);
    }

    @Override
    public void close() {
        if (unreported) {
            report();
        }
    }

    private static boolean isCaughtUp(RecordChange progress) {
        try {
            JsonNode json = JSON.readTree(progress.getFieldsJson());
            return json.path("caught_up").asBoolean(false);
        } catch (Exception e) {
            LOG.warn(
                    "Unreadable sync progress report of {}: {}",
                    progress.getModule(),
                    e.toString());
            return false;
        }
    }

    private void report() {
        StringBuilder line = new StringBuilder("CRM changes received so far:");
        counts.forEach(
                (module, c) ->
                        line.append(
                                String.format(" %s %,d upserts %,d deletes;", module, c[0], c[1])));
        LOG.info("{}", line);
        nextReport = clock.millis() + interval.toMillis();
        unreported = false;
    }
}
