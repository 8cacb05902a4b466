package io.crmpulse.job.alerts;

import io.crmpulse.job.model.Alert;
import io.crmpulse.job.model.LeadSnapshot;
import io.crmpulse.job.model.OwnerLeadChange;
import io.crmpulse.zoho.model.RecordChange;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;

/** {@link UntouchedLeadsFunction} in a keyed broadcast harness, time moved in 5-minute steps. */
final class OwnerRig implements AutoCloseable {

    private static final Duration STEP = Duration.ofMinutes(5);

    private final KeyedBroadcastOperatorTestHarness<String, OwnerLeadChange, RecordChange, Alert>
            harness;
    private final AtomicLong checkpoints = new AtomicLong();
    private Instant now;
    boolean polling = true;

    private OwnerRig(AlertSettings settings, Instant start, OperatorSubtaskState restore)
            throws Exception {
        harness =
                new KeyedBroadcastOperatorTestHarness<>(
                        new CoBroadcastWithKeyedOperator<>(
                                new UntouchedLeadsFunction(settings, Fixtures.ZONE),
                                List.of(DataFreshness.POLLS)),
                        OwnerLeadChange::getOwnerId,
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

    static OwnerRig start(AlertSettings settings, Instant start) throws Exception {
        OwnerRig rig = new OwnerRig(settings, start, null);
        rig.pollNow();
        return rig;
    }

    static OwnerRig restore(AlertSettings settings, Instant start, OperatorSubtaskState state)
            throws Exception {
        return new OwnerRig(settings, start, state);
    }

    OperatorSubtaskState snapshot() throws Exception {
        return harness.snapshot(checkpoints.incrementAndGet(), now.toEpochMilli());
    }

    Instant now() {
        return now;
    }

    /** A lead version moves (before to after) at the current time; null for none. */
    void change(String leadId, LeadSnapshot before, LeadSnapshot after, boolean live)
            throws Exception {
        for (OwnerLeadChange c :
                Fixtures.ownerChanges(Fixtures.transition(leadId, before, after, now, live))) {
            harness.processElement(c, now.toEpochMilli());
        }
    }

    /** A new untouched lead of {@code owner}, created at {@code created}, arriving now. */
    void newLead(String leadId, String owner, String source, Instant created, boolean live)
            throws Exception {
        change(leadId, null, untouched(owner, source, created), live);
    }

    /** Time moves to {@code created}, and a new untouched lead of {@code owner} arrives. */
    void liveLead(String leadId, String owner, String source, Instant created) throws Exception {
        advanceTo(created);
        newLead(leadId, owner, source, created, true);
    }

    static LeadSnapshot untouched(String owner, String source, Instant created) {
        return Fixtures.snapshot(source, "untouched", owner, created, created);
    }

    static LeadSnapshot attempted(String owner, String source, Instant created, Instant at) {
        return Fixtures.snapshot(source, "attempted", owner, created, at);
    }

    void advanceTo(Instant t) throws Exception {
        while (now.isBefore(t)) {
            Instant next = now.plus(STEP);
            now = next.isAfter(t) ? t : next;
            if (polling) {
                pollNow();
            }
            harness.setProcessingTime(now.toEpochMilli());
        }
    }

    void pollNow() throws Exception {
        harness.processBroadcastElement(Fixtures.poll("Leads", now), now.toEpochMilli());
        harness.processBroadcastElement(Fixtures.poll("Deals", now), now.toEpochMilli());
    }

    List<Alert> alerts() {
        return harness.extractOutputValues();
    }

    @Override
    public void close() throws Exception {
        harness.close();
    }
}
