package io.crmpulse.job.alerts.untouched;

import io.crmpulse.job.model.LeadSnapshot;
import io.crmpulse.job.model.LeadTransition;
import io.crmpulse.job.model.OwnerLeadChange;
import io.crmpulse.job.normalize.MetricClasses;
import java.util.Objects;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Routes a lead transition to the owners whose untouched leads it changes (R5): the previous owner
 * loses a lead that moved away, was touched or deleted; the owner after gains or keeps an untouched
 * lead. "Touched" is the status leaving the untouched class; Zoho activities are not synced, so a
 * call logged without a status change does not count.
 */
public class OwnerChanges implements FlatMapFunction<LeadTransition, OwnerLeadChange> {

    private static final long serialVersionUID = 1L;

    public static final String UID = "alerts-owner-changes";

    public static final String NAME = "alerts: untouched lead changes";

    @Override
    public void flatMap(LeadTransition t, Collector<OwnerLeadChange> out) {
        LeadSnapshot before = t.getBefore();
        LeadSnapshot after = t.getAfter();
        boolean wasUntouched = before != null && untouched(before);
        boolean isUntouched = after != null && untouched(after);
        boolean sameOwner =
                before != null
                        && after != null
                        && Objects.equals(before.getOwnerId(), after.getOwnerId());
        if (wasUntouched && !sameOwner) {
            out.collect(change(t, before, false));
        }
        if (isUntouched || (wasUntouched && sameOwner)) {
            out.collect(change(t, after, isUntouched));
        }
    }

    private static boolean untouched(LeadSnapshot lead) {
        return MetricClasses.UNTOUCHED.equals(lead.getStatusClass());
    }

    private static OwnerLeadChange change(LeadTransition t, LeadSnapshot lead, boolean untouched) {
        OwnerLeadChange c = new OwnerLeadChange();
        c.setOwnerId(lead.getOwnerId());
        c.setOwnerName(lead.getOwnerName());
        c.setLeadId(t.getLeadId());
        c.setLeadSource(lead.getLeadSource());
        c.setCreatedTime(lead.getCreatedTime());
        c.setUntouched(untouched);
        c.setChangedAt(t.getChangedAt());
        c.setLive(t.isLive());
        return c;
    }
}
