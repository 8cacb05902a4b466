package io.crmpulse.job.alerts.volume;

import io.crmpulse.job.alerts.common.AlertTexts;
import io.crmpulse.job.model.LeadCountDelta;
import io.crmpulse.job.model.LeadSnapshot;
import io.crmpulse.job.model.LeadTransition;
import io.crmpulse.job.normalize.MetricClasses;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Routes a lead transition to the counts it moves: its source's and the total, each by (after minus
 * before) of created, triaged and junk. A lead that changed source moves -1 to the old source and
 * +1 to the new; the total does not move.
 */
public class SourceDeltas implements FlatMapFunction<LeadTransition, LeadCountDelta> {

    private static final long serialVersionUID = 1L;

    public static final String UID = "alerts-source-deltas";

    public static final String NAME = "alerts: lead count deltas";

    @Override
    public void flatMap(LeadTransition t, Collector<LeadCountDelta> out) {
        Map<String, int[]> deltas = new LinkedHashMap<>();
        add(deltas, t.getBefore(), -1);
        add(deltas, t.getAfter(), +1);
        LeadSnapshot any = t.getAfter() != null ? t.getAfter() : t.getBefore();
        for (Map.Entry<String, int[]> e : deltas.entrySet()) {
            int[] d = e.getValue();
            if (d[0] == 0 && d[1] == 0 && d[2] == 0) {
                continue;
            }
            LeadCountDelta delta = new LeadCountDelta();
            delta.setSubject(e.getKey());
            delta.setCreatedTime(any.getCreatedTime());
            delta.setCreated(d[0]);
            delta.setTriaged(d[1]);
            delta.setJunk(d[2]);
            delta.setChangedAt(t.getChangedAt());
            delta.setLive(t.isLive());
            out.collect(delta);
        }
    }

    private static void add(Map<String, int[]> deltas, LeadSnapshot lead, int sign) {
        if (lead == null) {
            return;
        }
        int triaged = MetricClasses.UNTOUCHED.equals(lead.getStatusClass()) ? 0 : 1;
        int junk = MetricClasses.JUNK.equals(lead.getStatusClass()) ? 1 : 0;
        for (String subject :
                new String[] {AlertTexts.TOTAL, AlertTexts.sourceSubject(lead.getLeadSource())}) {
            int[] d = deltas.computeIfAbsent(subject, s -> new int[3]);
            d[0] += sign;
            d[1] += sign * triaged;
            d[2] += sign * junk;
        }
    }
}
