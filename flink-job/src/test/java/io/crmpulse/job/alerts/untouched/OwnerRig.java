package io.crmpulse.job.alerts.untouched;

import io.crmpulse.job.alerts.Fixtures;
import io.crmpulse.job.alerts.PollingRuleRig;
import io.crmpulse.job.config.AlertSettings;
import io.crmpulse.job.model.LeadSnapshot;
import io.crmpulse.job.model.OwnerLeadChange;
import java.time.Instant;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;

/** {@link UntouchedLeadsFunction} in a keyed broadcast harness, time moved in 5-minute steps. */
final class OwnerRig extends PollingRuleRig<OwnerLeadChange> {

    private OwnerRig(AlertSettings settings, Instant start, OperatorSubtaskState restore)
            throws Exception {
        super(
                new UntouchedLeadsFunction(settings, Fixtures.ZONE, Fixtures.DISPLAY),
                OwnerLeadChange::getOwnerId,
                start,
                restore);
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

    /** A lead version moves (before to after) at the current time; null for none. */
    void change(String leadId, LeadSnapshot before, LeadSnapshot after, boolean live)
            throws Exception {
        send(Fixtures.ownerChanges(Fixtures.transition(leadId, before, after, now(), live)));
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
}
