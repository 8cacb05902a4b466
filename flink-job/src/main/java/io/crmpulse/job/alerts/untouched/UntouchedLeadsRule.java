package io.crmpulse.job.alerts.untouched;

import io.crmpulse.job.alerts.common.AlertTexts;
import io.crmpulse.job.alerts.common.BusinessCalendar;
import io.crmpulse.job.config.AlertSettings;
import io.crmpulse.job.config.DisplayFormat;
import io.crmpulse.job.model.Alert;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.annotation.Nullable;

/**
 * R5, leads left untouched past the speed-to-lead SLA: the SLA clock of a lead (business time from
 * its creation), when it counts toward the escalation, and what an owner's open breaches fire. One
 * aggregated alert per owner once {@code untouched.per_owner_batch} breaches are open (at once for
 * a breach from a source in {@code untouched.hot_sources}); critical when {@code
 * untouched.escalate_count} leads are untouched for more than {@code untouched.escalate_hours}.
 */
public final class UntouchedLeadsRule implements Serializable {

    private static final long serialVersionUID = 1L;

    private final AlertSettings.Untouched untouched;
    private final BusinessCalendar calendar;
    private final DisplayFormat display;

    /**
     * @param display how the messages' counts read ({@code PULSE_CURRENCY}'s locale)
     */
    public UntouchedLeadsRule(
            AlertSettings.Untouched untouched, BusinessCalendar calendar, DisplayFormat display) {
        this.untouched = untouched;
        this.calendar = calendar;
        this.display = display;
    }

    /** When the SLA of a lead created at {@code created} runs out (G9: business time only). */
    public Instant slaDue(Instant created) {
        return calendar.plusBusinessTime(
                created, Duration.ofMinutes(untouched.slaBusinessMinutes()));
    }

    /**
     * When a lead still untouched counts toward the escalation: {@code escalate_hours} after its
     * creation, or the next opening if that falls outside business hours.
     */
    public Instant escalateDue(Instant created) {
        return calendar.nextBusinessInstant(
                created.plus(Duration.ofHours(untouched.escalateHours())));
    }

    /** A lead untouched this long is a stale lead (the daily summary's), not an SLA breach. */
    public Instant forgetAt(Instant created) {
        return created.plus(Duration.ofDays(untouched.maxAgeDays()));
    }

    public boolean isHot(@Nullable String source) {
        return source != null && untouched.hotSources().contains(source);
    }

    /**
     * What an owner's untouched leads fire at {@code at}.
     *
     * @param scan the owner's leads as of {@code at}
     */
    public Optional<Alert> judge(
            String ownerId, @Nullable String ownerName, Instant at, Scan scan) {
        String subject = AlertTexts.OWNER_PREFIX + ownerId;
        String who = ownerName == null || ownerName.isBlank() ? ownerId : ownerName;
        String window = calendar.date(at).toString();
        Instant start = calendar.startOf(calendar.date(at));
        String sla = untouched.slaBusinessMinutes() + "-minute SLA";
        String waiting = "";
        if (scan.oldestBreach() != null) {
            Duration waited = calendar.businessTimeBetween(scan.oldestBreach(), at);
            long times = waited.toMinutes() / Math.max(1, untouched.slaBusinessMinutes());
            waiting =
                    "; the oldest has waited "
                            + AlertTexts.businessHours(waited)
                            + " (since "
                            + AlertTexts.dayTime(scan.oldestBreach(), calendar.zone())
                            + ")"
                            + (times >= 2 ? ", " + display.count(times) + " times the SLA" : "");
        }
        if (scan.liveOverdue() && scan.overdue() >= untouched.escalateCount()) {
            return Optional.of(
                    AlertTexts.alert(
                            Alert.R5_UNTOUCHED_LEADS,
                            subject,
                            Alert.CRITICAL,
                            window,
                            at,
                            start,
                            at,
                            scan.overdue(),
                            untouched.escalateCount(),
                            scan.open(),
                            scan.overdue()
                                    + " leads untouched > "
                                    + untouched.escalateHours()
                                    + " h >= "
                                    + untouched.escalateCount(),
                            "Escalation, speed-to-lead: "
                                    + display.count(scan.overdue())
                                    + " leads of "
                                    + who
                                    + " untouched for more than "
                                    + untouched.escalateHours()
                                    + " hours, "
                                    + display.count(scan.breaches())
                                    + " past the "
                                    + sla
                                    + waiting
                                    + ".\nCall "
                                    + who
                                    + " today, or hand the leads to another rep."));
        }
        boolean batch = scan.liveBreach() && scan.breaches() >= untouched.perOwnerBatch();
        if (batch || scan.hotSource() != null) {
            String test =
                    batch
                            ? scan.breaches()
                                    + " open SLA breaches >= "
                                    + untouched.perOwnerBatch()
                                    + " (SLA "
                                    + untouched.slaBusinessMinutes()
                                    + " business min)"
                            : "breach of a lead from hot source "
                                    + scan.hotSource()
                                    + " (SLA "
                                    + untouched.slaBusinessMinutes()
                                    + " business min)";
            String message =
                    Alert.nameOf(Alert.R5_UNTOUCHED_LEADS)
                            + ": "
                            + display.count(scan.breaches())
                            + (scan.breaches() == 1 ? " lead of " : " leads of ")
                            + who
                            + " untouched past the "
                            + sla
                            + (batch ? "" : ", from hot source " + scan.hotSource())
                            + waiting
                            + ".\nAsk "
                            + who
                            + (scan.breaches() == 1 ? " to call it now" : " to call them now")
                            + (batch
                                    ? ", or hand them to another rep."
                                    : ": leads from " + scan.hotSource() + " cool fast.");
            return Optional.of(
                    AlertTexts.alert(
                            Alert.R5_UNTOUCHED_LEADS,
                            subject,
                            Alert.WARNING,
                            window,
                            at,
                            start,
                            at,
                            scan.breaches(),
                            batch ? untouched.perOwnerBatch() : 1,
                            scan.open(),
                            test,
                            message));
        }
        return Optional.empty();
    }

    /**
     * An owner's untouched leads at a moment.
     *
     * @param open untouched leads followed
     * @param breaches of them, past their SLA
     * @param overdue of them, untouched past the escalation time
     * @param liveBreach an SLA ran out at this check, after the owner's data began (not history)
     * @param liveOverdue a lead became overdue at this check, after the owner's data began
     * @param hotSource the hot source of a lead whose SLA ran out live at this check, or null
     * @param oldestBreach the creation time of the oldest breached lead, or null
     */
    public record Scan(
            int open,
            int breaches,
            int overdue,
            boolean liveBreach,
            boolean liveOverdue,
            @Nullable String hotSource,
            @Nullable Instant oldestBreach) {}
}
