package io.crmpulse.job.deals;

import io.crmpulse.job.model.DealRow;
import io.crmpulse.job.normalize.MetricClasses;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;
import javax.annotation.Nullable;

/**
 * Sets {@code won_at}, {@code lost_at} and the won day of a deal version (docs/METRICS.md sections
 * 2 and 3): {@code won_at} is the modified time of the first version the job saw in the won class,
 * kept while the deal stays won, cleared when it leaves; a deal that is won again gets the time of
 * its new first won version. {@code lost_at} likewise. Zoho has no "won at" field: this memory is
 * why the job keeps per-deal state.
 */
public final class DealLifecycle implements Serializable {

    private static final long serialVersionUID = 1L;

    private final ZoneId businessZone;

    /**
     * @param businessZone {@code PULSE_TIMEZONE}: the won day is the date of {@code won_at} there
     */
    public DealLifecycle(ZoneId businessZone) {
        this.businessZone = Objects.requireNonNull(businessZone, "businessZone");
    }

    /**
     * @param previousWonAt the won time of the deal's previous version, or null
     * @param previousLostAt the lost time of the deal's previous version, or null
     * @param row a version straight from the normalizer
     * @return a copy of {@code row} with {@code wonAt}, {@code lostAt} and {@code wonDay} set; a
     *     deletion is returned as a copy unchanged
     */
    public DealRow apply(
            @Nullable Instant previousWonAt, @Nullable Instant previousLostAt, DealRow row) {
        DealRow out = row.copy();
        if (row.isDeleted()) {
            return out;
        }
        Instant wonAt = null;
        if (MetricClasses.WON.equals(row.getStageClass())) {
            wonAt = previousWonAt != null ? previousWonAt : row.getModifiedTime();
        }
        Instant lostAt = null;
        if (MetricClasses.LOST.equals(row.getStageClass())) {
            lostAt = previousLostAt != null ? previousLostAt : row.getModifiedTime();
        }
        out.setWonAt(wonAt);
        out.setLostAt(lostAt);
        out.setWonDay(wonAt == null ? null : LocalDate.ofInstant(wonAt, businessZone));
        return out;
    }
}
