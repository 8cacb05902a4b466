package io.crmpulse.job.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.crmpulse.job.alerts.AlertSettings;
import io.crmpulse.job.normalize.MetricClasses;
import io.crmpulse.sinks.outbox.QuietHours;
import java.io.IOException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.annotation.Nullable;

/**
 * The settings of the optional YAML file ({@code --config pulse.yaml}; README, "Configuration").
 * Every key has a default, so a missing file and an empty file mean the defaults. An unknown key, a
 * wrong type or an invalid value stops the job at start with one line naming the file, the key, the
 * value and what is allowed:
 *
 * <pre>{@code
 * metrics:
 *   junk_statuses: [Junk Lead, Spam]       # status_class junk     (default: Junk Lead)
 *   untouched_statuses: [(none), Not Contacted]
 *   attempted_statuses: [Attempted to Contact]
 *   won_stages: [Closed Won]
 *   lost_stages: [Closed Lost, Closed-Lost to Competition, Closed Lost to Competition]
 * zoho:
 *   overlap: 60s                           # re-read behind the cursor, 0s..1h (default: 60s)
 * alerts:                                  # global mechanics of the anomaly rules (README)
 *   warmup_days: 14                        # history before a statistical rule may fire
 *   warmup_same_weekday_points: 3          # ... and as many same weekdays of it
 *   baseline_same_weekday_n: 4             # daily baseline: median of the last N same weekdays
 *   baseline_rate_days: 28                 # rates pooled over these days (today excluded)
 *   checkpoint_minutes: 15                 # intraday checks
 *   p_value: 0.001                         # one-sided level of each check
 *   persistence_checkpoints: 2             # consecutive breaching checks before firing
 *   min_rate_n: 20                         # leads a rate is judged on, at least
 *   min_expected_count: 5                  # expected count a drop is judged on, at least
 *   dispersion_trigger: 1.5                # variance/mean above which the Poisson test widens
 *   live_horizon: 15m                      # older changes are history: they never alert
 * junk: {abs_pp: 0.10, rel_mult: 1.5, critical_pp: 0.20}                  # R1
 * volume_drop: {max_ratio: 0.6, min_abs: 5, robust_z_when_mu_ge: 100, robust_z: 3.5}   # R2
 * silence: {min_daily_avg: 1, expected_count: 5, min_hours: 2, max_hours: 48}         # R3
 * big_deal_lost: {abs_floor: 0, won_percentile: 90, lookback_days: 180, pipeline_share: 0.10}
 * untouched: {sla_business_minutes: 60, per_owner_batch: 3, escalate_hours: 24,
 *             escalate_count: 5, hot_sources: [], max_age_days: 7}              # R5
 * health: {max_poll_lag_minutes: 15}                                            # G10
 * business_hours: {days: [Mon, Tue, Wed, Thu, Fri, Sat], start: "09:00", end: "19:00",
 *                  holidays: [2026-12-25]}
 * noise: {cooldown_hours: 24, group_minutes: 5, daily_cap_per_recipient: 10,
 *         quiet_hours: none}                  # or "21:00-08:00": only critical alerts then
 * }</pre>
 *
 * @param metricClasses the {@code metrics.*} status and stage lists (docs/METRICS.md 1, 2)
 * @param zohoOverlap {@code zoho.overlap}: how far behind its cursor each poll re-reads
 * @param alerts the anomaly rules' sections ({@code alerts}, {@code junk}, {@code volume_drop},
 *     {@code silence}, {@code big_deal_lost}, {@code untouched}, {@code health}, {@code
 *     business_hours}, {@code noise})
 */
public record PulseSettings(MetricClasses metricClasses, Duration zohoOverlap, AlertSettings alerts)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final Duration DEFAULT_ZOHO_OVERLAP = Duration.ofSeconds(60);

    /** The Zoho source refuses more: the overlap would re-read more than a poll's worth. */
    public static final Duration MAX_ZOHO_OVERLAP = Duration.ofHours(1);

    static final String JUNK_STATUSES = "metrics.junk_statuses";
    static final String UNTOUCHED_STATUSES = "metrics.untouched_statuses";
    static final String ATTEMPTED_STATUSES = "metrics.attempted_statuses";
    static final String WON_STAGES = "metrics.won_stages";
    static final String LOST_STAGES = "metrics.lost_stages";
    static final String ZOHO_OVERLAP = "zoho.overlap";

    static final String WARMUP_DAYS = "alerts.warmup_days";
    static final String WARMUP_SAME_WEEKDAY_POINTS = "alerts.warmup_same_weekday_points";
    static final String BASELINE_SAME_WEEKDAY_N = "alerts.baseline_same_weekday_n";
    static final String BASELINE_RATE_DAYS = "alerts.baseline_rate_days";
    static final String CHECKPOINT_MINUTES = "alerts.checkpoint_minutes";
    static final String P_VALUE = "alerts.p_value";
    static final String PERSISTENCE_CHECKPOINTS = "alerts.persistence_checkpoints";
    static final String MIN_RATE_N = "alerts.min_rate_n";
    static final String MIN_EXPECTED_COUNT = "alerts.min_expected_count";
    static final String DISPERSION_TRIGGER = "alerts.dispersion_trigger";
    static final String LIVE_HORIZON = "alerts.live_horizon";
    static final String JUNK_ABS_PP = "junk.abs_pp";
    static final String JUNK_REL_MULT = "junk.rel_mult";
    static final String JUNK_CRITICAL_PP = "junk.critical_pp";
    static final String DROP_MAX_RATIO = "volume_drop.max_ratio";
    static final String DROP_MIN_ABS = "volume_drop.min_abs";
    static final String DROP_ROBUST_Z_WHEN_MU_GE = "volume_drop.robust_z_when_mu_ge";
    static final String DROP_ROBUST_Z = "volume_drop.robust_z";
    static final String SILENCE_MIN_DAILY_AVG = "silence.min_daily_avg";
    static final String SILENCE_EXPECTED_COUNT = "silence.expected_count";
    static final String SILENCE_MIN_HOURS = "silence.min_hours";
    static final String SILENCE_MAX_HOURS = "silence.max_hours";
    static final String BIG_DEAL_ABS_FLOOR = "big_deal_lost.abs_floor";
    static final String BIG_DEAL_WON_PERCENTILE = "big_deal_lost.won_percentile";
    static final String BIG_DEAL_LOOKBACK_DAYS = "big_deal_lost.lookback_days";
    static final String BIG_DEAL_PIPELINE_SHARE = "big_deal_lost.pipeline_share";
    static final String SLA_BUSINESS_MINUTES = "untouched.sla_business_minutes";
    static final String PER_OWNER_BATCH = "untouched.per_owner_batch";
    static final String ESCALATE_HOURS = "untouched.escalate_hours";
    static final String ESCALATE_COUNT = "untouched.escalate_count";
    static final String HOT_SOURCES = "untouched.hot_sources";
    static final String UNTOUCHED_MAX_AGE_DAYS = "untouched.max_age_days";
    static final String MAX_POLL_LAG_MINUTES = "health.max_poll_lag_minutes";
    static final String BUSINESS_DAYS = "business_hours.days";
    static final String BUSINESS_START = "business_hours.start";
    static final String BUSINESS_END = "business_hours.end";
    static final String HOLIDAYS = "business_hours.holidays";
    static final String COOLDOWN_HOURS = "noise.cooldown_hours";
    static final String GROUP_MINUTES = "noise.group_minutes";
    static final String DAILY_CAP = "noise.daily_cap_per_recipient";
    static final String QUIET_HOURS = "noise.quiet_hours";

    /** Every key, by section, in the order the file documents them. */
    private static final Map<String, List<String>> KEYS = keys();

    private static final List<String> SECTIONS = List.copyOf(KEYS.keySet());

    private static Map<String, List<String>> keys() {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        keys.put(
                "metrics",
                List.of(
                        JUNK_STATUSES,
                        UNTOUCHED_STATUSES,
                        ATTEMPTED_STATUSES,
                        WON_STAGES,
                        LOST_STAGES));
        keys.put("zoho", List.of(ZOHO_OVERLAP));
        keys.put(
                "alerts",
                List.of(
                        WARMUP_DAYS,
                        WARMUP_SAME_WEEKDAY_POINTS,
                        BASELINE_SAME_WEEKDAY_N,
                        BASELINE_RATE_DAYS,
                        CHECKPOINT_MINUTES,
                        P_VALUE,
                        PERSISTENCE_CHECKPOINTS,
                        MIN_RATE_N,
                        MIN_EXPECTED_COUNT,
                        DISPERSION_TRIGGER,
                        LIVE_HORIZON));
        keys.put("junk", List.of(JUNK_ABS_PP, JUNK_REL_MULT, JUNK_CRITICAL_PP));
        keys.put(
                "volume_drop",
                List.of(DROP_MAX_RATIO, DROP_MIN_ABS, DROP_ROBUST_Z_WHEN_MU_GE, DROP_ROBUST_Z));
        keys.put(
                "silence",
                List.of(
                        SILENCE_MIN_DAILY_AVG,
                        SILENCE_EXPECTED_COUNT,
                        SILENCE_MIN_HOURS,
                        SILENCE_MAX_HOURS));
        keys.put(
                "big_deal_lost",
                List.of(
                        BIG_DEAL_ABS_FLOOR,
                        BIG_DEAL_WON_PERCENTILE,
                        BIG_DEAL_LOOKBACK_DAYS,
                        BIG_DEAL_PIPELINE_SHARE));
        keys.put(
                "untouched",
                List.of(
                        SLA_BUSINESS_MINUTES,
                        PER_OWNER_BATCH,
                        ESCALATE_HOURS,
                        ESCALATE_COUNT,
                        HOT_SOURCES,
                        UNTOUCHED_MAX_AGE_DAYS));
        keys.put("health", List.of(MAX_POLL_LAG_MINUTES));
        keys.put("business_hours", List.of(BUSINESS_DAYS, BUSINESS_START, BUSINESS_END, HOLIDAYS));
        keys.put("noise", List.of(COOLDOWN_HOURS, GROUP_MINUTES, DAILY_CAP, QUIET_HOURS));
        return Collections.unmodifiableMap(keys);
    }

    private static final int MAX_SHOWN = 60;

    public PulseSettings {
        Objects.requireNonNull(metricClasses, "metricClasses");
        Objects.requireNonNull(zohoOverlap, "zohoOverlap");
        Objects.requireNonNull(alerts, "alerts");
    }

    /** The given metrics and Zoho settings, every alert setting at its default. */
    public PulseSettings(MetricClasses metricClasses, Duration zohoOverlap) {
        this(metricClasses, zohoOverlap, AlertSettings.defaults());
    }

    /** Every key at its default. */
    public static PulseSettings defaults() {
        return new PulseSettings(
                MetricClasses.defaults(), DEFAULT_ZOHO_OVERLAP, AlertSettings.defaults());
    }

    /**
     * Reads the settings file.
     *
     * @throws ConfigException naming the file when it cannot be read, or the key when a value is
     *     wrong
     */
    public static PulseSettings load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(
                    file + ": no such file; pass --config an existing YAML file or leave it out",
                    e);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot be read: " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /**
     * Parses settings from YAML text.
     *
     * @param source names the file in messages, e.g. {@code pulse.yaml}
     */
    public static PulseSettings parse(String yaml, String source) {
        JsonNode root = readTree(yaml, source);
        if (root.isMissingNode() || root.isNull()) {
            return defaults();
        }
        if (!root.isObject()) {
            throw new ConfigException(
                    source
                            + ": must be a mapping with the sections "
                            + String.join(", ", SECTIONS)
                            + ", got "
                            + show(root));
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KEYS.containsKey(name)) {
                throw new ConfigException(
                        source
                                + ": unknown section "
                                + name
                                + "; allowed: "
                                + String.join(", ", SECTIONS));
            }
        }
        JsonNode metrics = section(root, "metrics", source);
        JsonNode zoho = section(root, "zoho", source);

        MetricClasses classes =
                new MetricClasses(
                        strings(
                                metrics,
                                JUNK_STATUSES,
                                MetricClasses.DEFAULT_JUNK_STATUSES,
                                source),
                        strings(
                                metrics,
                                UNTOUCHED_STATUSES,
                                MetricClasses.DEFAULT_UNTOUCHED_STATUSES,
                                source),
                        strings(
                                metrics,
                                ATTEMPTED_STATUSES,
                                MetricClasses.DEFAULT_ATTEMPTED_STATUSES,
                                source),
                        strings(metrics, WON_STAGES, MetricClasses.DEFAULT_WON_STAGES, source),
                        strings(metrics, LOST_STAGES, MetricClasses.DEFAULT_LOST_STAGES, source));
        for (String stage : classes.lostStages()) {
            if (classes.wonStages().contains(stage)) {
                throw new ConfigException(
                        source
                                + ": "
                                + LOST_STAGES
                                + " must not repeat a stage of "
                                + WON_STAGES
                                + " (a deal is won or lost, not both), got \""
                                + stage
                                + "\" in both");
            }
        }
        return new PulseSettings(classes, overlap(zoho, source), alerts(root, source));
    }

    private static AlertSettings alerts(JsonNode root, String source) {
        Parser p = new Parser(source);
        JsonNode alerts = section(root, "alerts", source);
        AlertSettings.Mechanics dm = AlertSettings.Mechanics.DEFAULTS;
        AlertSettings.Mechanics mechanics =
                new AlertSettings.Mechanics(
                        p.integer(alerts, WARMUP_DAYS, dm.warmupDays(), 0, 365),
                        p.integer(
                                alerts,
                                WARMUP_SAME_WEEKDAY_POINTS,
                                dm.warmupSameWeekdayPoints(),
                                0,
                                12),
                        p.integer(
                                alerts, BASELINE_SAME_WEEKDAY_N, dm.baselineSameWeekdayN(), 1, 12),
                        p.integer(alerts, BASELINE_RATE_DAYS, dm.baselineRateDays(), 1, 90),
                        p.integer(alerts, CHECKPOINT_MINUTES, dm.checkpointMinutes(), 1, 60),
                        p.fraction(alerts, P_VALUE, dm.pValue(), 0.5),
                        p.integer(
                                alerts,
                                PERSISTENCE_CHECKPOINTS,
                                dm.persistenceCheckpoints(),
                                1,
                                12),
                        p.integer(alerts, MIN_RATE_N, dm.minRateN(), 1, 100_000),
                        p.number(alerts, MIN_EXPECTED_COUNT, dm.minExpectedCount(), 0, 100_000),
                        p.number(alerts, DISPERSION_TRIGGER, dm.dispersionTrigger(), 1, 100),
                        p.duration(
                                alerts,
                                LIVE_HORIZON,
                                dm.liveHorizon(),
                                Duration.ofMinutes(1),
                                Duration.ofDays(1),
                                "1m to 24h"));
        requireAtMost(
                source,
                WARMUP_SAME_WEEKDAY_POINTS,
                mechanics.warmupSameWeekdayPoints(),
                BASELINE_SAME_WEEKDAY_N + " (the same weekdays kept)",
                mechanics.baselineSameWeekdayN());

        JsonNode junk = section(root, "junk", source);
        AlertSettings.JunkSpike dj = AlertSettings.JunkSpike.DEFAULTS;
        AlertSettings.JunkSpike junkSpike =
                new AlertSettings.JunkSpike(
                        p.number(junk, JUNK_ABS_PP, dj.absPp(), 0, 1),
                        p.number(junk, JUNK_REL_MULT, dj.relMult(), 1, 100),
                        p.number(junk, JUNK_CRITICAL_PP, dj.criticalPp(), 0, 1));
        if (junkSpike.criticalPp() < junkSpike.absPp()) {
            throw new ConfigException(
                    source
                            + ": "
                            + JUNK_CRITICAL_PP
                            + " must be at least "
                            + JUNK_ABS_PP
                            + ", got "
                            + junkSpike.criticalPp()
                            + " < "
                            + junkSpike.absPp());
        }

        JsonNode drop = section(root, "volume_drop", source);
        AlertSettings.VolumeDrop dd = AlertSettings.VolumeDrop.DEFAULTS;
        AlertSettings.VolumeDrop volumeDrop =
                new AlertSettings.VolumeDrop(
                        p.number(drop, DROP_MAX_RATIO, dd.maxRatio(), 0, 1),
                        p.number(drop, DROP_MIN_ABS, dd.minAbs(), 0, 1_000_000),
                        p.number(drop, DROP_ROBUST_Z_WHEN_MU_GE, dd.robustZWhenMuGe(), 0, 1e9),
                        p.number(drop, DROP_ROBUST_Z, dd.robustZ(), 0, 100));

        JsonNode silent = section(root, "silence", source);
        AlertSettings.Silence ds = AlertSettings.Silence.DEFAULTS;
        AlertSettings.Silence silence =
                new AlertSettings.Silence(
                        p.number(silent, SILENCE_MIN_DAILY_AVG, ds.minDailyAvg(), 0, 1_000_000),
                        p.number(silent, SILENCE_EXPECTED_COUNT, ds.expectedCount(), 0.1, 1000),
                        p.number(silent, SILENCE_MIN_HOURS, ds.minHours(), 0.01, 24 * 30),
                        p.number(silent, SILENCE_MAX_HOURS, ds.maxHours(), 0.01, 24 * 30));
        requireAtMost(
                source,
                SILENCE_MIN_HOURS,
                silence.minHours(),
                SILENCE_MAX_HOURS,
                silence.maxHours());

        JsonNode big = section(root, "big_deal_lost", source);
        AlertSettings.BigDealLost db = AlertSettings.BigDealLost.DEFAULTS;
        AlertSettings.BigDealLost bigDealLost =
                new AlertSettings.BigDealLost(
                        p.amount(big, BIG_DEAL_ABS_FLOOR, db.absFloor()),
                        p.number(big, BIG_DEAL_WON_PERCENTILE, db.wonPercentile(), 1, 100),
                        p.integer(big, BIG_DEAL_LOOKBACK_DAYS, db.lookbackDays(), 1, 3660),
                        p.number(big, BIG_DEAL_PIPELINE_SHARE, db.pipelineShare(), 0, 1));

        JsonNode untouched = section(root, "untouched", source);
        AlertSettings.Untouched du = AlertSettings.Untouched.DEFAULTS;
        AlertSettings.Untouched sla =
                new AlertSettings.Untouched(
                        p.integer(
                                untouched,
                                SLA_BUSINESS_MINUTES,
                                du.slaBusinessMinutes(),
                                1,
                                10_080),
                        p.integer(untouched, PER_OWNER_BATCH, du.perOwnerBatch(), 1, 10_000),
                        p.integer(untouched, ESCALATE_HOURS, du.escalateHours(), 1, 720),
                        p.integer(untouched, ESCALATE_COUNT, du.escalateCount(), 1, 10_000),
                        strings(untouched, HOT_SOURCES, du.hotSources(), source),
                        p.integer(untouched, UNTOUCHED_MAX_AGE_DAYS, du.maxAgeDays(), 1, 90));

        JsonNode health = section(root, "health", source);
        AlertSettings.Health dh = AlertSettings.Health.DEFAULTS;
        AlertSettings.Health dataHealth =
                new AlertSettings.Health(
                        p.integer(health, MAX_POLL_LAG_MINUTES, dh.maxPollLagMinutes(), 1, 1440));

        JsonNode hours = section(root, "business_hours", source);
        AlertSettings.BusinessHours dbh = AlertSettings.BusinessHours.DEFAULTS;
        AlertSettings.BusinessHours businessHours =
                new AlertSettings.BusinessHours(
                        p.days(hours, BUSINESS_DAYS, dbh.days()),
                        p.time(hours, BUSINESS_START, dbh.start()),
                        p.time(hours, BUSINESS_END, dbh.end()),
                        p.dates(hours, HOLIDAYS, dbh.holidays()));
        if (!businessHours.start().isBefore(businessHours.end())) {
            throw new ConfigException(
                    source
                            + ": "
                            + BUSINESS_START
                            + " must be before "
                            + BUSINESS_END
                            + ", got "
                            + businessHours.start()
                            + " and "
                            + businessHours.end());
        }

        JsonNode noise = section(root, "noise", source);
        AlertSettings.Noise dn = AlertSettings.Noise.DEFAULTS;
        AlertSettings.Noise quiet =
                new AlertSettings.Noise(
                        p.integer(noise, COOLDOWN_HOURS, dn.cooldownHours(), 0, 720),
                        p.integer(noise, GROUP_MINUTES, dn.groupMinutes(), 0, 1440),
                        p.integer(noise, DAILY_CAP, dn.dailyCapPerRecipient(), 1, 10_000),
                        p.quietHours(noise, QUIET_HOURS));

        return new AlertSettings(
                mechanics,
                junkSpike,
                volumeDrop,
                silence,
                bigDealLost,
                sla,
                dataHealth,
                businessHours,
                quiet);
    }

    /** Reads one typed value; every message names the file, the key, the value, what is allowed. */
    private static final class Parser {

        private static final Map<String, DayOfWeek> DAYS = dayNames();

        private final String source;

        Parser(String source) {
            this.source = source;
        }

        private ConfigException wrong(String key, String allowed, JsonNode value) {
            return new ConfigException(
                    source + ": " + key + " must be " + allowed + ", got " + show(value));
        }

        int integer(JsonNode section, String key, int defaultValue, int min, int max) {
            JsonNode value = value(section, key);
            if (value == null) {
                return defaultValue;
            }
            String allowed = "a whole number from " + min + " to " + max;
            if (!value.isIntegralNumber() || !value.canConvertToInt()) {
                throw wrong(key, allowed, value);
            }
            int v = value.intValue();
            if (v < min || v > max) {
                throw wrong(key, allowed, value);
            }
            return v;
        }

        double number(JsonNode section, String key, double defaultValue, double min, double max) {
            JsonNode value = value(section, key);
            if (value == null) {
                return defaultValue;
            }
            String allowed = "a number from " + plain(min) + " to " + plain(max);
            if (!value.isNumber()) {
                throw wrong(key, allowed, value);
            }
            double v = value.doubleValue();
            if (Double.isNaN(v) || v < min || v > max) {
                throw wrong(key, allowed, value);
            }
            return v;
        }

        /** A probability strictly between 0 and {@code max}. */
        double fraction(JsonNode section, String key, double defaultValue, double max) {
            JsonNode value = value(section, key);
            if (value == null) {
                return defaultValue;
            }
            String allowed = "a number above 0 and below " + plain(max);
            if (!value.isNumber()) {
                throw wrong(key, allowed, value);
            }
            double v = value.doubleValue();
            if (!(v > 0 && v < max)) {
                throw wrong(key, allowed, value);
            }
            return v;
        }

        BigDecimal amount(JsonNode section, String key, BigDecimal defaultValue) {
            JsonNode value = value(section, key);
            if (value == null) {
                return defaultValue;
            }
            String allowed = "an amount of at least 0 in the home currency, like 500000";
            if (!value.isNumber() || value.decimalValue().signum() < 0) {
                throw wrong(key, allowed, value);
            }
            return value.decimalValue();
        }

        Duration duration(
                JsonNode section,
                String key,
                Duration defaultValue,
                Duration min,
                Duration max,
                String range) {
            JsonNode value = value(section, key);
            if (value == null) {
                return defaultValue;
            }
            String allowed = "a duration from " + range + ", like 15m or PT15M";
            if (!value.isTextual()) {
                throw wrong(key, allowed, value);
            }
            Duration d;
            try {
                d = Durations.parse(key, value.asText());
            } catch (ConfigException e) {
                throw new ConfigException(
                        source + ": " + key + " must be " + allowed + ", got " + show(value), e);
            }
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                throw wrong(key, allowed, value);
            }
            return d;
        }

        LocalTime time(JsonNode section, String key, LocalTime defaultValue) {
            JsonNode value = value(section, key);
            if (value == null) {
                return defaultValue;
            }
            String allowed = "a local time HH:MM in quotes, like \"09:00\"";
            if (!value.isTextual()) {
                throw wrong(key, allowed, value);
            }
            try {
                return LocalTime.parse(value.asText().strip());
            } catch (DateTimeParseException e) {
                throw new ConfigException(
                        source + ": " + key + " must be " + allowed + ", got " + show(value), e);
            }
        }

        /** {@code "21:00-08:00"} (it may run past midnight) or {@code none}, the default. */
        @Nullable
        QuietHours quietHours(JsonNode section, String key) {
            JsonNode value = value(section, key);
            if (value == null
                    || (value.isTextual() && value.asText().strip().equalsIgnoreCase("none"))) {
                return null;
            }
            String allowed = "none or two different local times HH:MM-HH:MM, like \"21:00-08:00\"";
            if (!value.isTextual()) {
                throw wrong(key, allowed, value);
            }
            try {
                return QuietHours.parse(value.asText());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(
                        source + ": " + key + " must be " + allowed + ", got " + show(value), e);
            }
        }

        List<DayOfWeek> days(JsonNode section, String key, List<DayOfWeek> defaultValue) {
            JsonNode value = value(section, key);
            if (value == null) {
                return defaultValue;
            }
            String allowed = "a non-empty list of days from Mon, Tue, Wed, Thu, Fri, Sat, Sun";
            if (!value.isArray() || value.isEmpty()) {
                throw wrong(key, allowed, value);
            }
            Set<DayOfWeek> out = new LinkedHashSet<>();
            for (JsonNode item : value) {
                DayOfWeek day =
                        item.isTextual()
                                ? DAYS.get(item.asText().strip().toLowerCase(Locale.ROOT))
                                : null;
                if (day == null) {
                    throw wrong(key, allowed, value);
                }
                out.add(day);
            }
            return List.copyOf(out);
        }

        List<LocalDate> dates(JsonNode section, String key, List<LocalDate> defaultValue) {
            JsonNode value = value(section, key);
            if (value == null) {
                return defaultValue;
            }
            String allowed = "a list of dates YYYY-MM-DD";
            if (!value.isArray()) {
                throw wrong(key, allowed, value);
            }
            Set<LocalDate> out = new LinkedHashSet<>();
            for (JsonNode item : value) {
                try {
                    out.add(LocalDate.parse(item.asText().strip()));
                } catch (DateTimeParseException e) {
                    throw new ConfigException(
                            source + ": " + key + " must be " + allowed + ", got " + show(value),
                            e);
                }
            }
            return List.copyOf(out);
        }

        private static String plain(double v) {
            return v == Math.rint(v) && Math.abs(v) < 1e15
                    ? String.valueOf((long) v)
                    : String.valueOf(v);
        }

        private static Map<String, DayOfWeek> dayNames() {
            Map<String, DayOfWeek> names = new LinkedHashMap<>();
            for (DayOfWeek d : DayOfWeek.values()) {
                String full = d.name().toLowerCase(Locale.ROOT);
                names.put(full, d);
                names.put(full.substring(0, 3), d);
            }
            return names;
        }
    }

    private static JsonNode readTree(String yaml, String source) {
        try {
            JsonNode root =
                    YAMLMapper.builder()
                            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                            .build()
                            .readTree(yaml);
            return root == null ? MissingNode.getInstance() : root;
        } catch (JsonProcessingException e) {
            String where =
                    e.getLocation() == null
                            ? ""
                            : " at line "
                                    + e.getLocation().getLineNr()
                                    + ", column "
                                    + e.getLocation().getColumnNr();
            String problem = e.getOriginalMessage().lines().findFirst().orElse("").strip();
            throw new ConfigException(source + ": not valid YAML" + where + ": " + problem, e);
        }
    }

    /** The section's mapping (empty when absent), after refusing keys it does not have. */
    /** Stops the job unless {@code value} (setting {@code key}) is at most {@code bound}. */
    private static void requireAtMost(
            String source, String key, Number value, String boundKey, Number bound) {
        if (value.doubleValue() > bound.doubleValue()) {
            throw new ConfigException(
                    source
                            + ": "
                            + key
                            + " must not exceed "
                            + boundKey
                            + ", got "
                            + value
                            + " > "
                            + bound);
        }
    }

    private static JsonNode section(JsonNode root, String name, String source) {
        JsonNode section = root.get(name);
        if (section == null || section.isNull()) {
            return MissingNode.getInstance();
        }
        List<String> keys = KEYS.get(name);
        if (!section.isObject()) {
            throw new ConfigException(
                    source
                            + ": "
                            + name
                            + " must be a mapping with the keys "
                            + String.join(", ", keys)
                            + ", got "
                            + show(section));
        }
        for (Iterator<String> names = section.fieldNames(); names.hasNext(); ) {
            String key = name + "." + names.next();
            if (!keys.contains(key)) {
                throw new ConfigException(
                        source + ": unknown key " + key + "; allowed: " + String.join(", ", keys));
            }
        }
        return section;
    }

    private static JsonNode value(JsonNode section, String key) {
        return section.get(key.substring(key.indexOf('.') + 1));
    }

    private static List<String> strings(
            JsonNode section, String key, List<String> defaults, String source) {
        JsonNode value = value(section, key);
        if (value == null) {
            return defaults;
        }
        String wrong = source + ": " + key + " must be a list of strings, got " + show(value);
        if (!value.isArray()) {
            throw new ConfigException(wrong);
        }
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw new ConfigException(
                        wrong
                                + (item.isNumber() || item.isBoolean()
                                        ? " (quote values that YAML reads as numbers or true/false)"
                                        : ""));
            }
            if (item.asText().isBlank()) {
                throw new ConfigException(
                        source
                                + ": "
                                + key
                                + " must be a list of non-blank strings, got "
                                + show(value));
            }
            // Compared with trimmed field values, so trimmed here too.
            out.add(item.asText().strip());
        }
        return new ArrayList<>(out);
    }

    private static Duration overlap(JsonNode section, String source) {
        JsonNode value = value(section, ZOHO_OVERLAP);
        if (value == null) {
            return DEFAULT_ZOHO_OVERLAP;
        }
        String allowed =
                " must be a duration from 0s to 1h, like 60s, 2m or PT90S, got " + show(value);
        if (!value.isTextual()) {
            throw new ConfigException(source + ": " + ZOHO_OVERLAP + allowed);
        }
        Duration overlap;
        try {
            overlap = Durations.parse(ZOHO_OVERLAP, value.asText());
        } catch (ConfigException e) {
            throw new ConfigException(source + ": " + ZOHO_OVERLAP + allowed, e);
        }
        if (overlap.isNegative() || overlap.compareTo(MAX_ZOHO_OVERLAP) > 0) {
            throw new ConfigException(source + ": " + ZOHO_OVERLAP + allowed);
        }
        return overlap;
    }

    private static String show(JsonNode value) {
        String text = value.toString();
        return text.length() <= MAX_SHOWN ? text : text.substring(0, MAX_SHOWN) + "...";
    }
}
