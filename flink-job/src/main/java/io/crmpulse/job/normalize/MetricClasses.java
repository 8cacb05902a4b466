package io.crmpulse.job.normalize;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * Which lead statuses and deal stages count as which class (docs/METRICS.md sections 1 and 2). Orgs
 * customise their picklists, so the lists come from {@code pulse.yaml} ({@code metrics.*}); the
 * defaults are Zoho's standard values. Entries are compared with the trimmed field value, exactly
 * (case included), as Zoho picklist values are.
 *
 * @param junkStatuses {@code metrics.junk_statuses}, default {@code Junk Lead}
 * @param untouchedStatuses {@code metrics.untouched_statuses}, default {@code (none)}, {@code Not
 *     Contacted}
 * @param attemptedStatuses {@code metrics.attempted_statuses}, default {@code Attempted to Contact}
 * @param wonStages {@code metrics.won_stages}, default {@code Closed Won}
 * @param lostStages {@code metrics.lost_stages}, default {@code Closed Lost}, {@code Closed-Lost to
 *     Competition}, {@code Closed Lost to Competition} (Zoho shows the second and stores the third)
 */
public record MetricClasses(
        List<String> junkStatuses,
        List<String> untouchedStatuses,
        List<String> attemptedStatuses,
        List<String> wonStages,
        List<String> lostStages)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final String CONVERTED = "converted";
    public static final String JUNK = "junk";
    public static final String UNTOUCHED = "untouched";
    public static final String ATTEMPTED = "attempted";
    public static final String CONTACTED = "contacted";

    public static final String WON = "won";
    public static final String LOST = "lost";
    public static final String OPEN = "open";

    public static final List<String> DEFAULT_JUNK_STATUSES = List.of("Junk Lead");
    public static final List<String> DEFAULT_UNTOUCHED_STATUSES =
            List.of(RecordNormalizer.NONE, "Not Contacted");
    public static final List<String> DEFAULT_ATTEMPTED_STATUSES = List.of("Attempted to Contact");
    public static final List<String> DEFAULT_WON_STAGES = List.of("Closed Won");
    public static final List<String> DEFAULT_LOST_STAGES =
            List.of("Closed Lost", "Closed-Lost to Competition", "Closed Lost to Competition");

    public MetricClasses {
        junkStatuses = List.copyOf(junkStatuses);
        untouchedStatuses = List.copyOf(untouchedStatuses);
        attemptedStatuses = List.copyOf(attemptedStatuses);
        wonStages = List.copyOf(wonStages);
        lostStages = List.copyOf(lostStages);
    }

    /** The defaults of docs/METRICS.md, which the tests and acceptance checks use. */
    public static MetricClasses defaults() {
        return new MetricClasses(
                DEFAULT_JUNK_STATUSES,
                DEFAULT_UNTOUCHED_STATUSES,
                DEFAULT_ATTEMPTED_STATUSES,
                DEFAULT_WON_STAGES,
                DEFAULT_LOST_STAGES);
    }

    /**
     * A lead's {@code status_class}, first match wins: {@code converted} when converted, then
     * {@code junk}, {@code untouched}, {@code attempted} by list, else {@code contacted}.
     *
     * @param leadStatus the normalized status ({@code (none)} for no status)
     */
    public String statusClass(boolean converted, String leadStatus) {
        if (converted) {
            return CONVERTED;
        }
        if (junkStatuses.contains(leadStatus)) {
            return JUNK;
        }
        if (untouchedStatuses.contains(leadStatus)) {
            return UNTOUCHED;
        }
        if (attemptedStatuses.contains(leadStatus)) {
            return ATTEMPTED;
        }
        return CONTACTED;
    }

    /** A deal's {@code stage_class}: {@code won}, {@code lost} by list, else {@code open}. */
    public String stageClass(String stage) {
        Objects.requireNonNull(stage, "stage");
        if (wonStages.contains(stage)) {
            return WON;
        }
        if (lostStages.contains(stage)) {
            return LOST;
        }
        return OPEN;
    }
}
