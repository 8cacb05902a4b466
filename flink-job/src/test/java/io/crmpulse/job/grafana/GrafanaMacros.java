package io.crmpulse.job.grafana;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The macros of Grafana's PostgreSQL data source that the dashboards use, expanded as Grafana
 * expands them before it sends a panel's SQL: Grafana's {@code
 * pkg/tsdb/grafana-postgresql-datasource/macros.go} (github.com/grafana/grafana at commit
 * 02ab314b81e2adc656bd7d08cc0533304a0037ff), whose {@code Interpolate} finds {@code $name(args)}
 * with the pattern below, splits the arguments on commas and trims them, and whose {@code
 * evaluateMacro} writes instants as Go's RFC3339Nano in UTC. A macro that the dashboards do not use
 * fails here, so that a panel cannot use one before its expansion is added (from the same file).
 */
final class GrafanaMacros {

    /** macros.go's {@code sExpr}: {@code \$([_a-zA-Z0-9]+)\(([^\)]*)\)}. */
    private static final Pattern MACRO = Pattern.compile("\\$([_a-zA-Z0-9]+)\\(([^)]*)\\)");

    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private final Instant from;
    private final Instant to;

    /** The dashboard's time range, as Grafana passes it to the data source. */
    GrafanaMacros(Instant from, Instant to) {
        this.from = from;
        this.to = to;
    }

    /** {@code sql} with every macro expanded. */
    String expand(String sql) {
        Matcher m = MACRO.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            List<String> args = Arrays.stream(m.group(2).split(",", -1)).map(String::trim).toList();
            m.appendReplacement(out, Matcher.quoteReplacement(evaluate(m.group(1), args)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String evaluate(String name, List<String> args) {
        return switch (name) {
            case "__timeFilter" ->
                    args.get(0)
                            + " BETWEEN '"
                            + rfc3339Nano(from)
                            + "' AND '"
                            + rfc3339Nano(to)
                            + "'";
            case "__timeFrom" -> "'" + rfc3339Nano(from) + "'";
            case "__timeTo" -> "'" + rfc3339Nano(to) + "'";
            default ->
                    throw new IllegalArgumentException(
                            "macro "
                                    + name
                                    + " is not expanded here: add its expansion from macros.go");
        };
    }

    /**
     * Go's {@code time.RFC3339Nano} of the instant in UTC: seconds, then a fraction without
     * trailing zeros (none when it is 0), then {@code Z}.
     */
    static String rfc3339Nano(Instant instant) {
        String text = SECONDS.format(instant);
        int nanos = instant.getNano();
        if (nanos != 0) {
            String fraction = String.format("%09d", nanos).replaceAll("0+$", "");
            text += "." + fraction;
        }
        return text + "Z";
    }
}
