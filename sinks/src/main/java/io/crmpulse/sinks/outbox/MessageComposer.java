package io.crmpulse.sinks.outbox;

import io.crmpulse.sinks.twilio.WhatsAppContent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns the rows of one message into its WhatsApp text and template variables, within WhatsApp's
 * limits (README, "Delivery: the outbox").
 *
 * <p>Free-form text: one row is its body; several alerts get a header line ("CRM Pulse: 3 alerts")
 * and one bullet each, most severe first. The text stays within {@value #MAX_BODY} characters:
 * alerts that do not fit are left out and counted ("+2 more"), a single text that is too long is
 * cut with an ellipsis, never inside a surrogate pair.
 *
 * <p>A body whose last line is a link (an {@code http(s)://} URL, as the job ends a message with
 * the dashboard's view of it) keeps that link whole: a cut applies to the text before it. Only when
 * the link would leave fewer than {@value #MIN_TEXT} characters for the text is it cut with the
 * text.
 *
 * <p>Template variables, for the approved template {@link WhatsAppContent#TEMPLATE} ({@code CRM
 * Pulse {{1}}: {{2}}}):
 *
 * <ul>
 *   <li>{@code 1}, the headline: "critical alert", "3 alerts" or "summary for 2026-03-08";
 *   <li>{@code 2}, the details: the alert or summary text on one line (lines joined by " · "), or
 *       the first line of each grouped alert; then the link, the most severe alert's in a group.
 * </ul>
 *
 * Each variable is non-empty, has no tabs or newlines and no runs of spaces, and is at most {@value
 * #MAX_VARIABLE} characters; together at most {@value #MAX_VARIABLES_TOTAL}.
 */
public final class MessageComposer {

    /** Twilio's limit for a message body (error 21617 beyond it). */
    public static final int MAX_BODY = 1600;

    /** Twilio recommends template variables under about 250 characters. */
    public static final int MAX_VARIABLE = 250;

    /** A WhatsApp template's body and variables together (error 63021 beyond it). */
    public static final int MAX_VARIABLES_TOTAL = 1024;

    private static final String ELLIPSIS = "…";
    private static final String BULLET = "• ";
    private static final String LINE_SEPARATOR = " · ";

    /** The least text a link may leave room for; a longer link is cut with the text. */
    static final int MIN_TEXT = 60;

    private static final Pattern LINK = Pattern.compile("https?://\\S+");

    private MessageComposer() {}

    /** The text and template variables of one message made of {@code rows} (one recipient's). */
    public static WhatsAppContent compose(List<NotificationRow> rows) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("a message needs at least one row");
        }
        List<NotificationRow> ordered = new ArrayList<>(rows);
        ordered.sort(NotificationRow.MESSAGE_ORDER);
        return new WhatsAppContent(text(ordered), variables(ordered));
    }

    static String text(List<NotificationRow> rows) {
        if (rows.size() == 1) {
            return cutBeforeLink(rows.get(0).body().strip(), MAX_BODY);
        }
        int count = rows.size();
        String header = "CRM Pulse: " + count + " alerts";
        List<String> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String item = BULLET + rows.get(i).body().strip();
            List<String> candidate = new ArrayList<>(items);
            candidate.add(item);
            if (assemble(header, candidate, count - candidate.size()).length() <= MAX_BODY) {
                items = candidate;
            } else {
                break;
            }
        }
        if (items.isEmpty()) {
            // Even the first alert is longer than a message: cut it to what is left.
            int budget = MAX_BODY - assemble(header, List.of(""), count - 1).length();
            items.add(cutBeforeLink(BULLET + rows.get(0).body().strip(), budget));
        }
        return assemble(header, items, count - items.size());
    }

    private static String assemble(String header, List<String> items, int dropped) {
        StringBuilder text = new StringBuilder(header);
        for (String item : items) {
            text.append("\n\n").append(item);
        }
        if (dropped > 0) {
            text.append("\n\n").append(more(dropped)).append(" (see the alerts table)");
        }
        return text.toString();
    }

    static Map<String, String> variables(List<NotificationRow> rows) {
        NotificationRow first = rows.get(0);
        String headline;
        String details;
        if (first.kind() == NotificationKind.SUMMARY) {
            headline = "summary for " + first.ref();
        } else if (rows.size() == 1) {
            Severity severity = first.severity() == null ? Severity.INFO : first.severity();
            headline = severity.sqlName() + " alert";
        } else {
            headline = rows.size() + " alerts";
        }
        // The first row is the most severe: a group links to its alert.
        Linked linked = Linked.of(first.body());
        int room = MAX_VARIABLE - LINE_SEPARATOR.length() - linked.link().length();
        if (linked.link().isEmpty() || room < MIN_TEXT) {
            details = rows.size() == 1 ? oneLine(first.body()) : firstLines(rows, MAX_VARIABLE);
        } else {
            details =
                    (rows.size() == 1
                                    ? sanitizeVariable(oneLine(linked.text()), room)
                                    : firstLines(rows, room))
                            + LINE_SEPARATOR
                            + linked.link();
        }
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("1", sanitizeVariable(headline, MAX_VARIABLE));
        variables.put("2", sanitizeVariable(details, MAX_VARIABLE));
        int total = variables.values().stream().mapToInt(String::length).sum();
        if (total > MAX_VARIABLES_TOTAL) {
            int over = total - MAX_VARIABLES_TOTAL;
            String shortened = variables.get("2");
            variables.put("2", truncate(shortened, Math.max(1, shortened.length() - over)));
        }
        return variables;
    }

    /** The first line of each alert, within {@code max} characters, counting what does not fit. */
    private static String firstLines(List<NotificationRow> rows, int max) {
        List<String> lines =
                rows.stream()
                        .map(row -> sanitizeVariable(firstLine(row.body()), max))
                        .collect(Collectors.toList());
        StringBuilder details = new StringBuilder();
        int included = 0;
        for (int i = 0; i < lines.size(); i++) {
            String candidate =
                    (included == 0 ? "" : details + LINE_SEPARATOR)
                            + lines.get(i)
                            + (i + 1 < lines.size()
                                    ? LINE_SEPARATOR + more(lines.size() - i - 1)
                                    : "");
            if (candidate.length() > max) {
                break;
            }
            if (included > 0) {
                details.append(LINE_SEPARATOR);
            }
            details.append(lines.get(i));
            included++;
        }
        if (included == 0) {
            String suffix = LINE_SEPARATOR + more(lines.size() - 1);
            return truncate(lines.get(0), max - suffix.length()) + suffix;
        }
        if (included < lines.size()) {
            details.append(LINE_SEPARATOR).append(more(lines.size() - included));
        }
        return details.toString();
    }

    /**
     * {@code body} within {@code max} characters, the cut applied to the text before its link so
     * that the link stays whole (with the line breaks before it).
     */
    private static String cutBeforeLink(String body, int max) {
        Linked linked = Linked.of(body);
        String ending = body.strip().substring(linked.text().length());
        if (linked.link().isEmpty() || max - ending.length() < MIN_TEXT) {
            return truncate(body, max);
        }
        return truncate(linked.text(), max - ending.length()) + ending;
    }

    /**
     * A body split into its text and the link on its last line, if it ends with one.
     *
     * @param text the stripped body up to the link, without the line breaks before it
     * @param link the link, or empty
     */
    private record Linked(String text, String link) {

        static Linked of(String body) {
            String stripped = body.strip();
            int lastBreak = stripped.lastIndexOf('\n');
            String lastLine = stripped.substring(lastBreak + 1).strip();
            if (lastBreak < 0 || !LINK.matcher(lastLine).matches()) {
                return new Linked(stripped, "");
            }
            return new Linked(stripped.substring(0, lastBreak).stripTrailing(), lastLine);
        }
    }

    private static String more(int count) {
        return "+" + count + " more";
    }

    private static String firstLine(String text) {
        return text.strip().lines().findFirst().orElse("");
    }

    private static String oneLine(String text) {
        return text.strip()
                .lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty())
                .collect(Collectors.joining(LINE_SEPARATOR));
    }

    /**
     * A template variable WhatsApp accepts: control characters (tabs, newlines) become spaces, runs
     * of spaces become one, at most {@code max} characters, never empty (63013 otherwise).
     */
    public static String sanitizeVariable(String value, int max) {
        StringBuilder clean = new StringBuilder(value.length());
        boolean space = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || c == '\u00A0') {
                space = clean.length() > 0;
                continue;
            }
            if (space) {
                clean.append(' ');
                space = false;
            }
            clean.append(c);
        }
        String text = clean.length() == 0 ? "-" : clean.toString();
        return truncate(text, max);
    }

    /**
     * {@code text} if it has at most {@code max} characters, else its start and an ellipsis, {@code
     * max} characters in all, never ending in half a surrogate pair.
     */
    public static String truncate(String text, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max " + max + " must be at least 1");
        }
        if (text.length() <= max) {
            return text;
        }
        int cut = max - ELLIPSIS.length();
        if (cut > 0 && Character.isHighSurrogate(text.charAt(cut - 1))) {
            cut--;
        }
        return text.substring(0, Math.max(cut, 0)).stripTrailing() + ELLIPSIS;
    }
}
