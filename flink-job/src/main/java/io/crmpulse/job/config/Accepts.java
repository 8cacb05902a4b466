package io.crmpulse.job.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.crmpulse.job.kafka.Column;
import io.crmpulse.job.kafka.ColumnType;
import io.crmpulse.job.kafka.Role;
import io.crmpulse.sinks.outbox.QuietHours;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The values a {@link Setting} accepts: how a YAML value is read and checked, what is allowed (the
 * text of the error message and of the README's table), and how a value is written back as YAML
 * (for {@code pulse.example.yaml}).
 */
public interface Accepts<T> {

    /** What is allowed, completing "KEY must be ...", e.g. "a whole number from 0 to 365". */
    String allowed();

    /**
     * Reads and checks a value that is present in the file (possibly YAML null).
     *
     * @throws Refused when it is not {@link #allowed()}
     */
    T read(JsonNode value) throws Refused;

    /** The value as written in {@code pulse.yaml}. */
    String yaml(T value);

    /**
     * A value is not allowed. The parser turns it into "FILE: KEY must be ALLOWED, got VALUE HINT".
     */
    final class Refused extends Exception {

        private static final long serialVersionUID = 1L;

        private final String allowed;
        private final String hint;

        Refused(String allowed, String hint, Throwable cause) {
            super(allowed + hint, cause);
            this.allowed = allowed;
            this.hint = hint;
        }

        Refused(String allowed) {
            this(allowed, "", null);
        }

        /** What the value must be. */
        public String allowed() {
            return allowed;
        }

        /** Appended after the value shown, e.g. a hint to quote it; empty for none. */
        public String hint() {
            return hint;
        }
    }

    /** A whole number from {@code min} to {@code max}. */
    static Accepts<Integer> integer(int min, int max) {
        String allowed = "a whole number from " + min + " to " + max;
        return of(
                allowed,
                value -> {
                    if (!value.isIntegralNumber()
                            || !value.canConvertToInt()
                            || value.intValue() < min
                            || value.intValue() > max) {
                        throw new Refused(allowed);
                    }
                    return value.intValue();
                },
                String::valueOf);
    }

    /** A number from {@code min} to {@code max}, both included. */
    static Accepts<Double> number(double min, double max) {
        String allowed = "a number from " + plain(min) + " to " + plain(max);
        return of(
                allowed,
                value -> {
                    double v = value.doubleValue();
                    if (!value.isNumber() || Double.isNaN(v) || v < min || v > max) {
                        throw new Refused(allowed);
                    }
                    return v;
                },
                Accepts::plain);
    }

    /** A probability: above 0 and below {@code max}. */
    static Accepts<Double> fraction(double max) {
        String allowed = "a number above 0 and below " + plain(max);
        return of(
                allowed,
                value -> {
                    double v = value.doubleValue();
                    if (!value.isNumber() || !(v > 0 && v < max)) {
                        throw new Refused(allowed);
                    }
                    return v;
                },
                Accepts::plain);
    }

    /** An amount of money in the home currency, at least 0. */
    static Accepts<BigDecimal> amount() {
        String allowed = "an amount of at least 0 in the home currency, like 500000";
        return of(
                allowed,
                value -> {
                    if (!value.isNumber() || value.decimalValue().signum() < 0) {
                        throw new Refused(allowed);
                    }
                    return value.decimalValue();
                },
                BigDecimal::toPlainString);
    }

    /**
     * A duration from {@code min} to {@code max} ({@link Durations#parse}).
     *
     * @param like examples for the message, e.g. "15m or PT15M"
     */
    static Accepts<Duration> duration(Duration min, Duration max, String like) {
        String allowed =
                "a duration from "
                        + Durations.format(min)
                        + " to "
                        + Durations.format(max)
                        + ", like "
                        + like;
        return of(
                allowed,
                value -> {
                    if (!value.isTextual()) {
                        throw new Refused(allowed);
                    }
                    Duration d;
                    try {
                        d = Durations.parse("value", value.asText());
                    } catch (ConfigException e) {
                        throw new Refused(allowed, "", e);
                    }
                    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                        throw new Refused(allowed);
                    }
                    return d;
                },
                Durations::format);
    }

    /** A local time {@code "HH:MM"}. */
    static Accepts<LocalTime> time() {
        String allowed = "a local time HH:MM in quotes, like \"09:00\"";
        return of(
                allowed,
                value -> {
                    if (!value.isTextual()) {
                        throw new Refused(allowed);
                    }
                    try {
                        return LocalTime.parse(value.asText().strip());
                    } catch (DateTimeParseException e) {
                        throw new Refused(allowed, "", e);
                    }
                },
                time -> "\"" + time + "\"");
    }

    /** {@code "21:00-08:00"} (it may run past midnight), or {@code none}, read as null. */
    static Accepts<QuietHours> quietHours() {
        String allowed = "none or two different local times HH:MM-HH:MM, like \"21:00-08:00\"";
        return of(
                allowed,
                value -> {
                    if (!value.isTextual()) {
                        throw new Refused(allowed);
                    }
                    if (value.asText().strip().equalsIgnoreCase("none")) {
                        return null;
                    }
                    try {
                        return QuietHours.parse(value.asText());
                    } catch (IllegalArgumentException e) {
                        throw new Refused(allowed, "", e);
                    }
                },
                hours -> hours == null ? "none" : "\"" + hours + "\"");
    }

    /** A non-empty list of days of the week, {@code Mon} or {@code Monday}; repeats count once. */
    static Accepts<List<DayOfWeek>> days() {
        Map<String, DayOfWeek> names = new LinkedHashMap<>();
        for (DayOfWeek d : DayOfWeek.values()) {
            String full = d.name().toLowerCase(Locale.ROOT);
            names.put(full, d);
            names.put(full.substring(0, 3), d);
        }
        String allowed = "a non-empty list of days from Mon, Tue, Wed, Thu, Fri, Sat, Sun";
        return of(
                allowed,
                value -> {
                    if (!value.isArray() || value.isEmpty()) {
                        throw new Refused(allowed);
                    }
                    Set<DayOfWeek> out = new LinkedHashSet<>();
                    for (JsonNode item : value) {
                        DayOfWeek day =
                                item.isTextual()
                                        ? names.get(item.asText().strip().toLowerCase(Locale.ROOT))
                                        : null;
                        if (day == null) {
                            throw new Refused(allowed);
                        }
                        out.add(day);
                    }
                    return List.copyOf(out);
                },
                days -> flowList(days, d -> d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH)));
    }

    /** A list of dates {@code YYYY-MM-DD}; repeats count once. */
    static Accepts<List<LocalDate>> dates() {
        String allowed = "a list of dates YYYY-MM-DD";
        return of(
                allowed,
                value -> {
                    if (!value.isArray()) {
                        throw new Refused(allowed);
                    }
                    Set<LocalDate> out = new LinkedHashSet<>();
                    for (JsonNode item : value) {
                        try {
                            out.add(LocalDate.parse(item.asText().strip()));
                        } catch (DateTimeParseException e) {
                            throw new Refused(allowed, "", e);
                        }
                    }
                    return List.copyOf(out);
                },
                dates -> flowList(dates, LocalDate::toString));
    }

    /**
     * A list of non-blank strings, trimmed (they are compared with trimmed field values); repeats
     * count once.
     */
    static Accepts<List<String>> strings() {
        String allowed = "a list of strings";
        return of(
                allowed,
                value -> {
                    if (!value.isArray()) {
                        throw new Refused(allowed);
                    }
                    Set<String> out = new LinkedHashSet<>();
                    for (JsonNode item : value) {
                        if (!item.isTextual()) {
                            throw new Refused(
                                    allowed,
                                    item.isNumber() || item.isBoolean()
                                            ? " (quote values that YAML reads as numbers or"
                                                    + " true/false)"
                                            : "",
                                    null);
                        }
                        if (item.asText().isBlank()) {
                            throw new Refused("a list of non-blank strings");
                        }
                        out.add(item.asText().strip());
                    }
                    return new ArrayList<>(out);
                },
                strings -> flowList(strings, Accepts::yamlString));
    }

    /** A non-blank string, trimmed. */
    static Accepts<String> text(String like) {
        String allowed = "a non-blank string, like " + like;
        return of(
                allowed,
                value -> {
                    if (!value.isTextual() || value.asText().isBlank()) {
                        throw new Refused(allowed);
                    }
                    return value.asText().strip();
                },
                Accepts::yamlString);
    }

    /** A non-blank string, trimmed, or {@code none}, read as null. */
    static Accepts<String> optionalText(String like) {
        String allowed = "none or a non-blank string, like " + like;
        return of(
                allowed,
                value -> {
                    if (value.isNull()) {
                        return null;
                    }
                    if (!value.isTextual() || value.asText().isBlank()) {
                        throw new Refused(allowed);
                    }
                    String text = value.asText().strip();
                    return text.equalsIgnoreCase("none") ? null : text;
                },
                text -> text == null ? "none" : yamlString(text));
    }

    /**
     * The column that plays {@code role} in a Debezium topic: its name, or {@code {column: NAME,
     * type: TYPE}} ({@code scale: N} with {@code decimal_base64}), or {@code none} (read as null)
     * when the table has no such column; the id column cannot be none.
     */
    static Accepts<Column> column(Role role) {
        List<String> types =
                Arrays.stream(ColumnType.values())
                        .filter(role::accepts)
                        .map(ColumnType::yaml)
                        .toList();
        String allowed =
                (role == Role.ID ? "" : "none, ")
                        + "a column name"
                        + (types.size() > 1
                                ? ", or {column: NAME, type: TYPE} with TYPE one of "
                                        + String.join(", ", types)
                                        + (types.contains(ColumnType.DECIMAL_BASE64.yaml())
                                                ? " (and scale: N)"
                                                : "")
                                : "");
        return of(
                allowed,
                value -> {
                    if (value.isNull()
                            || (value.isTextual()
                                    && value.asText().strip().equalsIgnoreCase("none"))) {
                        if (role == Role.ID) {
                            throw new Refused(allowed);
                        }
                        return null;
                    }
                    if (value.isTextual() && !value.asText().isBlank()) {
                        return Column.named(value.asText().strip());
                    }
                    if (!value.isObject() || types.size() < 2) {
                        throw new Refused(allowed);
                    }
                    for (Iterator<String> keys = value.fieldNames(); keys.hasNext(); ) {
                        if (!List.of("column", "type", "scale").contains(keys.next())) {
                            throw new Refused(allowed);
                        }
                    }
                    JsonNode name = value.path("column");
                    ColumnType type =
                            value.path("type").isTextual()
                                    ? ColumnType.of(value.path("type").asText()).orElse(null)
                                    : value.has("type") ? null : ColumnType.AUTO;
                    JsonNode scale = value.path("scale");
                    boolean needsScale = type == ColumnType.DECIMAL_BASE64;
                    if (!name.isTextual()
                            || name.asText().isBlank()
                            || type == null
                            || !role.accepts(type)
                            || needsScale != value.has("scale")
                            || (needsScale
                                    && (!scale.isIntegralNumber()
                                            || !scale.canConvertToInt()
                                            || scale.intValue() < 0
                                            || scale.intValue() > 100))) {
                        throw new Refused(allowed);
                    }
                    return new Column(
                            name.asText().strip(), type, needsScale ? scale.intValue() : null);
                },
                column -> {
                    if (column == null) {
                        return "none";
                    }
                    if (column.type() == ColumnType.AUTO) {
                        return yamlString(column.name());
                    }
                    return "{column: "
                            + yamlString(column.name())
                            + ", type: "
                            + column.type().yaml()
                            + (column.scale() == null ? "" : ", scale: " + column.scale())
                            + "}";
                });
    }

    /** A plain scalar when YAML reads it back as the same string, else double-quoted. */
    private static String yamlString(String s) {
        boolean plain =
                s.matches("[A-Za-z][A-Za-z0-9 _.-]*")
                        && !List.of("yes", "no", "true", "false", "on", "off", "null")
                                .contains(s.toLowerCase(Locale.ROOT));
        return plain ? s : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static <T> String flowList(List<T> items, Function<T, String> yaml) {
        return items.stream().map(yaml).collect(Collectors.joining(", ", "[", "]"));
    }

    /** A double without a needless {@code .0} or exponent: 5, 0.001, 1000000000. */
    private static String plain(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /** Reads a value or refuses it. */
    @FunctionalInterface
    interface Reader<T> {
        T read(JsonNode value) throws Refused;
    }

    private static <T> Accepts<T> of(String allowed, Reader<T> reader, Function<T, String> yaml) {
        return new Accepts<>() {
            @Override
            public String allowed() {
                return allowed;
            }

            @Override
            public T read(JsonNode value) throws Refused {
                return reader.read(value);
            }

            @Override
            public String yaml(T value) {
                return yaml.apply(value);
            }
        };
    }
}
