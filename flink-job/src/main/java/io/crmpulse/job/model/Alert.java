package io.crmpulse.job.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * An alert one of the anomaly rules fired: the row of {@code alerts} (sql/postgres), and what the
 * delivery turns into a WhatsApp message. A Flink POJO.
 *
 * <p>{@code alertId} is deterministic: the rule, the subject, the window it judged and the
 * severity, so a replay after a restore produces the same id and upserts the same row. {@code
 * message} names reps and deals but never a lead's name, e-mail or phone.
 */
public class Alert {

    /** R1: the junk rate of today's triaged leads jumped. */
    public static final String R1_JUNK_SPIKE = "R1_JUNK_SPIKE";

    /** R2: fewer leads than expected by this time of day. */
    public static final String R2_VOLUME_DROP = "R2_VOLUME_DROP";

    /** R3: a lead source sent nothing for as long as about five leads take. */
    public static final String R3_SOURCE_SILENT = "R3_SOURCE_SILENT";

    /** R4: a big deal entered a lost stage. */
    public static final String R4_BIG_DEAL_LOST = "R4_BIG_DEAL_LOST";

    /** R5: leads left untouched past the speed-to-lead SLA. */
    public static final String R5_UNTOUCHED_LEADS = "R5_UNTOUCHED_LEADS";

    /** No Zoho poll completed for too long; R2, R3 and R5 are muted meanwhile. */
    public static final String DATA_STALE = "DATA_STALE";

    /**
     * Each rule's name in words: the start of its message and the name the dashboard shows, so the
     * two never differ.
     */
    private static final Map<String, String> NAMES =
            Map.of(
                    R1_JUNK_SPIKE, "Junk spike",
                    R2_VOLUME_DROP, "Lead volume drop",
                    R3_SOURCE_SILENT, "Source silent",
                    R4_BIG_DEAL_LOST, "Big deal lost",
                    R5_UNTOUCHED_LEADS, "Speed-to-lead",
                    DATA_STALE, "Data stale");

    public static final String CRITICAL = "critical";
    public static final String WARNING = "warning";
    public static final String INFO = "info";

    private String alertId;
    private String rule;
    private String subject;
    private String severity;
    private Instant firedAt;
    private Instant windowStart;
    private Instant windowEnd;
    private double observed;
    private double expected;
    private long n;
    private String test;
    private String message;

    /** For Flink's POJO serializer. */
    public Alert() {}

    /** The name in words of {@code rule}, one of the rule constants; the code itself otherwise. */
    public static String nameOf(String rule) {
        return NAMES.getOrDefault(rule, rule);
    }

    /** The deterministic id of an alert: {@code rule/subject/window/severity}. */
    public static String idOf(String rule, String subject, String window, String severity) {
        return rule + "/" + subject + "/" + window + "/" + severity;
    }

    public String getAlertId() {
        return alertId;
    }

    public void setAlertId(String alertId) {
        this.alertId = alertId;
    }

    /** One of the rule constants of this class, e.g. {@link #R1_JUNK_SPIKE}. */
    public String getRule() {
        return rule;
    }

    public void setRule(String rule) {
        this.rule = rule;
    }

    /**
     * What it fired for: {@code total}, {@code source:<lead source>}, {@code owner:<owner id>},
     * {@code deal:<deal id>} or {@code zoho}.
     */
    public String getSubject() {
        return subject;
    }

    public void setSubject(String subject) {
        this.subject = subject;
    }

    /** {@link #CRITICAL}, {@link #WARNING} or {@link #INFO}. */
    public String getSeverity() {
        return severity;
    }

    public void setSeverity(String severity) {
        this.severity = severity;
    }

    public Instant getFiredAt() {
        return firedAt;
    }

    public void setFiredAt(Instant firedAt) {
        this.firedAt = firedAt;
    }

    /** The start of the window the rule judged (e.g. local midnight for "today"). */
    public Instant getWindowStart() {
        return windowStart;
    }

    public void setWindowStart(Instant windowStart) {
        this.windowStart = windowStart;
    }

    public Instant getWindowEnd() {
        return windowEnd;
    }

    public void setWindowEnd(Instant windowEnd) {
        this.windowEnd = windowEnd;
    }

    /** The value the rule judged: a rate, a count, an amount, business hours of silence. */
    public double getObserved() {
        return observed;
    }

    public void setObserved(double observed) {
        this.observed = observed;
    }

    /** The baseline or threshold it was judged against. */
    public double getExpected() {
        return expected;
    }

    public void setExpected(double expected) {
        this.expected = expected;
    }

    /** The sample size: leads judged, leads untouched, deals won in the lookback. */
    public long getN() {
        return n;
    }

    public void setN(long n) {
        this.n = n;
    }

    /** The test or thresholds that fired, with their values. */
    public String getTest() {
        return test;
    }

    public void setTest(String test) {
        this.test = test;
    }

    /** A short sentence for WhatsApp. */
    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Alert)) {
            return false;
        }
        Alert that = (Alert) o;
        return Double.compare(observed, that.observed) == 0
                && Double.compare(expected, that.expected) == 0
                && n == that.n
                && Objects.equals(alertId, that.alertId)
                && Objects.equals(rule, that.rule)
                && Objects.equals(subject, that.subject)
                && Objects.equals(severity, that.severity)
                && Objects.equals(firedAt, that.firedAt)
                && Objects.equals(windowStart, that.windowStart)
                && Objects.equals(windowEnd, that.windowEnd)
                && Objects.equals(test, that.test)
                && Objects.equals(message, that.message);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                alertId,
                rule,
                subject,
                severity,
                firedAt,
                windowStart,
                windowEnd,
                observed,
                expected,
                n,
                test,
                message);
    }

    @Override
    public String toString() {
        return "Alert{" + alertId + " " + severity + " @" + firedAt + ": " + message + "}";
    }
}
