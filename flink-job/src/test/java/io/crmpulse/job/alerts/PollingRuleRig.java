package io.crmpulse.job.alerts;

import io.crmpulse.job.alerts.common.DataFreshness;
import io.crmpulse.job.model.Alert;
import io.crmpulse.zoho.model.RecordChange;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;

/**
 * A rule function that reads the Zoho poll reports as broadcast input, in a keyed broadcast
 * harness: time moves in 5-minute steps, each with a completed poll of both modules unless {@link
 * #polling} is off.
 */
public abstract class PollingRuleRig<IN> implements AutoCloseable {

    public static final Duration STEP = Duration.ofMinutes(5);

    private final KeyedBroadcastOperatorTestHarness<String, IN, RecordChange, Alert> harness;
    private final AtomicLong checkpoints = new AtomicLong();
    private Instant now;
    public boolean polling = true;

    public PollingRuleRig(
            KeyedBroadcastProcessFunction<String, IN, RecordChange, Alert> function,
            KeySelector<IN, String> key,
            Instant start,
            OperatorSubtaskState restore)
            throws Exception {
        harness =
                new KeyedBroadcastOperatorTestHarness<>(
                        new CoBroadcastWithKeyedOperator<>(function, List.of(DataFreshness.POLLS)),
                        key,
                        Types.STRING,
                        128,
                        1,
                        0);
        if (restore != null) {
            harness.initializeState(restore);
        }
        harness.open();
        now = start;
        harness.setProcessingTime(start.toEpochMilli());
    }

    public Instant now() {
        return now;
    }

    public OperatorSubtaskState snapshot() throws Exception {
        return harness.snapshot(checkpoints.incrementAndGet(), now.toEpochMilli());
    }

    /** Elements arriving now. */
    public void send(List<IN> elements) throws Exception {
        for (IN element : elements) {
            harness.processElement(element, now.toEpochMilli());
        }
    }

    /** Moves time to {@code t} in steps, each with a completed poll unless polling is off. */
    public void advanceTo(Instant t) throws Exception {
        while (now.isBefore(t)) {
            Instant next = now.plus(STEP);
            now = next.isAfter(t) ? t : next;
            if (polling) {
                pollNow();
            }
            harness.setProcessingTime(now.toEpochMilli());
        }
    }

    /** A poll of both modules now, without moving time. */
    public void pollNow() throws Exception {
        harness.processBroadcastElement(Fixtures.poll("Leads", now), now.toEpochMilli());
        harness.processBroadcastElement(Fixtures.poll("Deals", now), now.toEpochMilli());
    }

    public List<Alert> alerts() {
        return harness.extractOutputValues();
    }

    @Override
    public void close() throws Exception {
        harness.close();
    }
}
