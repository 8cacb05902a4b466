package io.crmpulse.job.alerts.common;

import io.crmpulse.job.model.Alert;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How alerts are built, and how their times and subjects read (G12). A message's amounts, counts
 * and rates are {@link io.crmpulse.job.config.DisplayFormat}'s, as in the summary; the numbers here
 * are the test's evidence, more precise than a message needs.
 */
public final class AlertTexts {

    public static final String TOTAL = "total";
    public static final String SOURCE_PREFIX = "source:";
    public static final String OWNER_PREFIX = "owner:";
    public static final String DEAL_PREFIX = "deal:";
    public static final String ZOHO = "zoho";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("EEE d MMM", Locale.ENGLISH);

    private AlertTexts() {}

    public static String sourceSubject(String source) {
        return SOURCE_PREFIX + source;
    }

    public static boolean isSource(String subject) {
        return subject.startsWith(SOURCE_PREFIX);
    }

    /** "all sources" for {@code total}, else the source's name. */
    public static String label(String subject) {
        if (TOTAL.equals(subject)) {
            return "all sources";
        }
        if (subject.startsWith(SOURCE_PREFIX)) {
            return subject.substring(SOURCE_PREFIX.length());
        }
        return subject;
    }

    public static String time(Instant t, ZoneId zone) {
        return TIME.format(t.atZone(zone));
    }

    public static String day(LocalDate day) {
        return DAY.format(day);
    }

    public static String dayTime(Instant t, ZoneId zone) {
        return DAY.format(t.atZone(zone)) + " " + TIME.format(t.atZone(zone));
    }

    /** For the test's evidence: {@code 0.4667} reads {@code 46.7%}. */
    public static String precisePercent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
    }

    /** One decimal, none when whole: {@code 41.3}, {@code 55}. */
    public static String number(double value) {
        if (Math.abs(value - Math.rint(value)) < 1e-9) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        return String.format(Locale.ROOT, "%.1f", value);
    }

    /** Up to three decimals, trailing zeros dropped: {@code 0.08}. */
    public static String decimal(double value) {
        return String.format(Locale.ROOT, "%.3f", value)
                .replaceAll("0+$", "")
                .replaceAll("\\.$", "");
    }

    /** Business hours with one decimal: {@code 6.5}. */
    public static String hours(Duration d) {
        return number(Math.round(d.toMinutes() / 6.0) / 10.0);
    }

    /** {@link #hours} with its unit: {@code 1 business hour}, {@code 6.5 business hours}. */
    public static String businessHours(Duration d) {
        String hours = hours(d);
        return hours + ("1".equals(hours) ? " business hour" : " business hours");
    }

    public static double hoursOf(Duration d) {
        return d.toSeconds() / 3600.0;
    }

    public static Alert alert(
            String rule,
            String subject,
            String severity,
            String window,
            Instant firedAt,
            Instant windowStart,
            Instant windowEnd,
            double observed,
            double expected,
            long n,
            String test,
            String message) {
        Alert alert = new Alert();
        alert.setAlertId(Alert.idOf(rule, subject, window, severity));
        alert.setRule(rule);
        alert.setSubject(subject);
        alert.setSeverity(severity);
        alert.setFiredAt(firedAt);
        alert.setWindowStart(windowStart);
        alert.setWindowEnd(windowEnd);
        alert.setObserved(observed);
        alert.setExpected(expected);
        alert.setN(n);
        alert.setTest(test);
        alert.setMessage(message);
        return alert;
    }
}
