package io.crmpulse.dashboard.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crmpulse.job.config.DisplayFormat;
import io.crmpulse.job.model.Alert;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The display texts of the API's numbers, written by {@link DisplayFormat} ({@code PULSE_CURRENCY})
 * as the alerts and the daily summary write them, so that the page never formats a number itself.
 * Which field is money, a rate, a count or a plain number is declared here, once.
 */
final class Displays {

    /** How a number is written. */
    enum Kind {
        /** {@link DisplayFormat#money}: {@code ₹12,50,000}. */
        MONEY,
        /** {@link DisplayFormat#moneyChange}: {@code -₹50,000}. */
        MONEY_CHANGE,
        /** {@link DisplayFormat#percent}: {@code 38%}. */
        RATE,
        /**
         * {@link DisplayFormat#count(BigDecimal)}: {@code 1,204}; an expected count, a mean, with
         * one decimal: {@code 16.5}.
         */
        COUNT,
        /** As the database gives it ({@code 12.5}): seconds, hours, minutes. */
        PLAIN
    }

    /**
     * Every numeric field of the answers, by name. One not declared here reads as a plain number
     * and is logged: a new column must not break the page, nor go unnoticed.
     */
    private static final Map<String, Kind> FIELDS =
            Map.ofEntries(
                    // Money: sums of amount_home.
                    Map.entry("won_value", Kind.MONEY),
                    Map.entry("open_pipeline", Kind.MONEY),
                    Map.entry("open_pipeline_yesterday", Kind.MONEY),
                    Map.entry("open_pipeline_change", Kind.MONEY_CHANGE),
                    Map.entry("pipeline_value", Kind.MONEY),
                    Map.entry("weighted_pipeline", Kind.MONEY),
                    // Rates: numeric(9,4) fractions.
                    Map.entry("junk_rate", Kind.RATE),
                    Map.entry("junk_rate_7d_avg", Kind.RATE),
                    Map.entry("conversion_rate", Kind.RATE),
                    Map.entry("conversion_rate_7d_avg", Kind.RATE),
                    Map.entry("contact_rate", Kind.RATE),
                    Map.entry("win_rate", Kind.RATE),
                    // Counts.
                    Map.entry("leads", Kind.COUNT),
                    Map.entry("junk_leads", Kind.COUNT),
                    Map.entry("untouched_leads", Kind.COUNT),
                    Map.entry("attempted_leads", Kind.COUNT),
                    Map.entry("contacted_leads", Kind.COUNT),
                    Map.entry("converted_leads", Kind.COUNT),
                    Map.entry("converted", Kind.COUNT),
                    Map.entry("deals", Kind.COUNT),
                    Map.entry("open_deals", Kind.COUNT),
                    Map.entry("won_deals", Kind.COUNT),
                    Map.entry("lost_deals", Kind.COUNT),
                    Map.entry("deals_won", Kind.COUNT),
                    Map.entry("rank", Kind.COUNT),
                    Map.entry("n", Kind.COUNT),
                    Map.entry("records_synced", Kind.COUNT),
                    Map.entry("api_calls", Kind.COUNT),
                    // Plain: durations.
                    Map.entry("seconds_since_last_poll", Kind.PLAIN),
                    Map.entry("lag_seconds", Kind.PLAIN));

    /**
     * An alert's {@code observed} and {@code expected} are in its rule's unit (the column comments
     * of {@code alerts} in sql/postgres). R2's expected count is a mean ({@code 16.5}).
     */
    private static final Map<String, Kind> ALERT_VALUES =
            Map.of(
                    Alert.R1_JUNK_SPIKE, Kind.RATE,
                    Alert.R2_VOLUME_DROP, Kind.COUNT,
                    Alert.R3_SOURCE_SILENT, Kind.PLAIN,
                    Alert.R4_BIG_DEAL_LOST, Kind.MONEY,
                    Alert.R5_UNTOUCHED_LEADS, Kind.COUNT,
                    Alert.DATA_STALE, Kind.PLAIN);

    private static final List<String> ALERT_VALUE_FIELDS = List.of("observed", "expected");

    private static final Logger LOG = LoggerFactory.getLogger(Displays.class);

    private final DisplayFormat format;

    /** The undeclared fields logged so far: once each, not at every poll of the page. */
    private final Set<String> undeclared = ConcurrentHashMap.newKeySet();

    Displays(DisplayFormat format) {
        this.format = Objects.requireNonNull(format, "format");
    }

    /** The currency of the money texts, {@code INR}. */
    String currency() {
        return format.currency().getCurrencyCode();
    }

    /**
     * Adds {@code display} to {@code object}: for each of its numeric fields (a number, null, or an
     * array of them), the same field with the text, null where the number is null.
     */
    ObjectNode add(ObjectNode object) {
        ObjectNode display = object.objectNode();
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            JsonNode value = object.get(name);
            Kind declared = kind(object, name);
            if (declared == null) {
                if (!value.isNumber()
                        && !(value.isArray() && !value.isEmpty() && value.get(0).isNumber())) {
                    continue;
                }
                if (undeclared.add(name)) {
                    LOG.warn(
                            "The numeric field {} has no kind in Displays.FIELDS: shown as a plain"
                                    + " number until it is declared",
                            name);
                }
            }
            Kind kind = declared == null ? Kind.PLAIN : declared;
            if (value.isArray()) {
                ArrayNode texts = display.putArray(name);
                value.forEach(v -> texts.add(text(kind, v)));
            } else {
                display.put(name, text(kind, value));
            }
        }
        object.set("display", display);
        return object;
    }

    /**
     * An alert's texts: {@link #add}, its rule's name in words ({@code rule_name}, as its message
     * starts), and the counts of its {@code delivery} (status to messages) their own {@code
     * display}.
     */
    ObjectNode addToAlert(ObjectNode alert) {
        add(alert);
        alert.put("rule_name", Alert.nameOf(alert.path("rule").asText()));
        if (alert.get("delivery") instanceof ObjectNode delivery) {
            ObjectNode texts = delivery.objectNode();
            delivery.fields()
                    .forEachRemaining(e -> texts.put(e.getKey(), text(Kind.COUNT, e.getValue())));
            delivery.set("display", texts);
        }
        return alert;
    }

    /** {@link #addToAlert} on every alert. */
    ArrayNode addToEachAlert(ArrayNode alerts) {
        alerts.forEach(alert -> addToAlert((ObjectNode) alert));
        return alerts;
    }

    /** {@link #add} on every row. */
    ArrayNode addToEach(ArrayNode rows) {
        rows.forEach(row -> add((ObjectNode) row));
        return rows;
    }

    private static Kind kind(ObjectNode object, String name) {
        if (ALERT_VALUE_FIELDS.contains(name) && object.has("rule")) {
            return ALERT_VALUES.getOrDefault(object.get("rule").asText(), Kind.PLAIN);
        }
        return FIELDS.get(name);
    }

    private String text(Kind kind, JsonNode value) {
        if (value.isNull()) {
            return null;
        }
        BigDecimal number = value.decimalValue();
        switch (kind) {
            case MONEY:
                return format.money(number);
            case MONEY_CHANGE:
                return format.moneyChange(number);
            case RATE:
                return format.percent(number);
            case COUNT:
                return format.count(number);
            default:
                return number.toPlainString();
        }
    }
}
