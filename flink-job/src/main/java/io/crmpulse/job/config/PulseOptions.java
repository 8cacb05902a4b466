package io.crmpulse.job.config;

import static io.crmpulse.job.config.Accepts.amount;
import static io.crmpulse.job.config.Accepts.column;
import static io.crmpulse.job.config.Accepts.dates;
import static io.crmpulse.job.config.Accepts.days;
import static io.crmpulse.job.config.Accepts.duration;
import static io.crmpulse.job.config.Accepts.fraction;
import static io.crmpulse.job.config.Accepts.integer;
import static io.crmpulse.job.config.Accepts.number;
import static io.crmpulse.job.config.Accepts.optionalText;
import static io.crmpulse.job.config.Accepts.quietHours;
import static io.crmpulse.job.config.Accepts.strings;
import static io.crmpulse.job.config.Accepts.text;
import static io.crmpulse.job.config.Accepts.time;

import io.crmpulse.job.kafka.Column;
import io.crmpulse.job.kafka.Role;
import io.crmpulse.job.kafka.TableMapping;
import io.crmpulse.job.normalize.MetricClasses;
import io.crmpulse.sinks.outbox.QuietHours;
import io.crmpulse.zoho.source.ZohoSourceBuilder;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every key of {@code pulse.yaml} (README, "Configuration"), each declared once with its type and
 * range, default and meaning, by section in the order of {@code pulse.example.yaml}. {@link
 * PulseSettings} parses them, and the example file and the README's settings table are generated
 * from them ({@link SettingsDocs}). The metric classes' defaults are {@link MetricClasses}'s and
 * the overlap's the Zoho source's, which own them.
 */
public final class PulseOptions {

    private PulseOptions() {}

    /**
     * A section of the file.
     *
     * @param name its key at the top level
     * @param description its comment in the example file
     * @param settings its keys, in order
     */
    public record Section(String name, String description, List<Setting<?>> settings) {

        public Section {
            settings = List.copyOf(settings);
            for (Setting<?> setting : settings) {
                if (!setting.section().equals(name)) {
                    throw new IllegalStateException(setting.key() + " is not in section " + name);
                }
            }
        }

        /** The keys, {@code section.name}, in order. */
        public List<String> keys() {
            return settings.stream().map(Setting::key).toList();
        }
    }

    // ---------------------------------------------------------------- metrics

    public static final Setting<List<String>> JUNK_STATUSES =
            Setting.of(
                    "metrics.junk_statuses",
                    strings(),
                    MetricClasses.DEFAULT_JUNK_STATUSES,
                    "lead statuses that are junk (R1's junk rate)");
    public static final Setting<List<String>> UNTOUCHED_STATUSES =
            Setting.of(
                    "metrics.untouched_statuses",
                    strings(),
                    MetricClasses.DEFAULT_UNTOUCHED_STATUSES,
                    "a lead nobody worked yet; \"(none)\" is no status");
    public static final Setting<List<String>> ATTEMPTED_STATUSES =
            Setting.of(
                    "metrics.attempted_statuses",
                    strings(),
                    MetricClasses.DEFAULT_ATTEMPTED_STATUSES,
                    "a contact attempt; any other status is contacted");
    public static final Setting<List<String>> WON_STAGES =
            Setting.of(
                    "metrics.won_stages",
                    strings(),
                    MetricClasses.DEFAULT_WON_STAGES,
                    "deal stages that are won");
    public static final Setting<List<String>> LOST_STAGES =
            Setting.of(
                    "metrics.lost_stages",
                    strings(),
                    MetricClasses.DEFAULT_LOST_STAGES,
                    "deal stages that are lost; never a won one");

    // ---------------------------------------------------------------- zoho

    public static final Setting<Duration> ZOHO_OVERLAP =
            Setting.of(
                    "zoho.overlap",
                    duration(Duration.ZERO, ZohoSourceBuilder.MAX_OVERLAP, "60s, 2m or PT90S"),
                    ZohoSourceBuilder.DEFAULT_OVERLAP,
                    "how far behind its cursor each poll re-reads");

    // ---------------------------------------------------------------- alerts (G2 to G7, G11)

    public static final Setting<Integer> WARMUP_DAYS =
            Setting.of(
                    "alerts.warmup_days",
                    integer(0, 365),
                    14,
                    "days of a subject's history before R1, R2, R3 may fire");
    public static final Setting<Integer> WARMUP_SAME_WEEKDAY_POINTS =
            Setting.of(
                    "alerts.warmup_same_weekday_points",
                    integer(0, 12),
                    3,
                    "... with this many same weekdays in it; at most baseline_same_weekday_n");
    public static final Setting<Integer> BASELINE_SAME_WEEKDAY_N =
            Setting.of(
                    "alerts.baseline_same_weekday_n",
                    integer(1, 12),
                    4,
                    "R2's expected day: the median of the last N same weekdays");
    public static final Setting<Integer> BASELINE_RATE_DAYS =
            Setting.of(
                    "alerts.baseline_rate_days",
                    integer(1, 90),
                    28,
                    "days R1's junk rate and R3's leads a day are pooled over, today excluded");
    public static final Setting<Integer> CHECKPOINT_MINUTES =
            Setting.of(
                    "alerts.checkpoint_minutes",
                    integer(1, 60),
                    15,
                    "minutes between the checks of R1 and R2");

    /*
     * Not the 0.01 one might expect: every subject is checked every 15 minutes, and at 0.01 the
     * statistical rules fired 1.5 times a week on a simulated ordinary CRM, at 0.001 0.3 times
     * (FalseAlarmRateTest).
     */
    public static final Setting<Double> P_VALUE =
            Setting.of(
                    "alerts.p_value",
                    fraction(0.5),
                    0.001,
                    "one-sided significance level of each check");
    public static final Setting<Integer> PERSISTENCE_CHECKPOINTS =
            Setting.of(
                    "alerts.persistence_checkpoints",
                    integer(1, 12),
                    2,
                    "consecutive breaching checks before R1 or R2 fires");
    public static final Setting<Integer> MIN_RATE_N =
            Setting.of(
                    "alerts.min_rate_n",
                    integer(1, 100_000),
                    20,
                    "R1 judges a junk rate on at least this many triaged leads");
    public static final Setting<Double> MIN_EXPECTED_COUNT =
            Setting.of(
                    "alerts.min_expected_count",
                    number(0, 100_000),
                    5.0,
                    "R2 judges a drop when at least this many leads are expected by then");
    public static final Setting<Double> DISPERSION_TRIGGER =
            Setting.of(
                    "alerts.dispersion_trigger",
                    number(1, 100),
                    1.5,
                    "R2: past counts' variance/mean above this widens the Poisson test");
    public static final Setting<Duration> LIVE_HORIZON =
            Setting.of(
                    "alerts.live_horizon",
                    duration(Duration.ofMinutes(1), Duration.ofDays(1), "15m or PT15M"),
                    Duration.ofMinutes(15),
                    "a change older than this when read is history: it never alerts");

    // ---------------------------------------------------------------- junk (R1)

    public static final Setting<Double> JUNK_ABS_PP =
            Setting.of(
                    "junk.abs_pp",
                    number(0, 1),
                    0.10,
                    "the junk rate rose by at least this (0.1: 10 points)");
    public static final Setting<Double> JUNK_REL_MULT =
            Setting.of(
                    "junk.rel_mult",
                    number(1, 100),
                    1.5,
                    "... to at least this multiple of the baseline rate");
    public static final Setting<Double> JUNK_CRITICAL_PP =
            Setting.of(
                    "junk.critical_pp",
                    number(0, 1),
                    0.20,
                    "a rise of at least this is critical; at least abs_pp");

    // ---------------------------------------------------------------- volume_drop (R2)

    public static final Setting<Double> DROP_MAX_RATIO =
            Setting.of(
                    "volume_drop.max_ratio",
                    number(0, 1),
                    0.6,
                    "leads so far are at most this fraction of those expected");
    public static final Setting<Double> DROP_MIN_ABS =
            Setting.of(
                    "volume_drop.min_abs",
                    number(0, 1_000_000),
                    5.0,
                    "... and at least this many leads short");
    public static final Setting<Double> DROP_ROBUST_Z_WHEN_MU_GE =
            Setting.of(
                    "volume_drop.robust_z_when_mu_ge",
                    number(0, 1e9),
                    100.0,
                    "from this many expected leads, the modified z-score replaces Poisson");
    public static final Setting<Double> DROP_ROBUST_Z =
            Setting.of(
                    "volume_drop.robust_z",
                    number(0, 100),
                    3.5,
                    "... and must be at most minus this");

    // ---------------------------------------------------------------- silence (R3)

    public static final Setting<Double> SILENCE_MIN_DAILY_AVG =
            Setting.of(
                    "silence.min_daily_avg",
                    number(0, 1_000_000),
                    1.0,
                    "watch sources with at least this many leads a day on average");
    public static final Setting<Double> SILENCE_EXPECTED_COUNT =
            Setting.of(
                    "silence.expected_count",
                    number(0.1, 1000),
                    5.0,
                    "silent for as long as this many leads take to arrive");
    public static final Setting<Double> SILENCE_MIN_HOURS =
            Setting.of(
                    "silence.min_hours",
                    number(0.01, 24 * 30),
                    2.0,
                    "... but at least this many business hours");
    public static final Setting<Double> SILENCE_MAX_HOURS =
            Setting.of(
                    "silence.max_hours",
                    number(0.01, 24 * 30),
                    48.0,
                    "... and at most this many business hours; at least min_hours");

    // ---------------------------------------------------------------- big_deal_lost (R4)

    public static final Setting<BigDecimal> BIG_DEAL_ABS_FLOOR =
            Setting.of(
                    "big_deal_lost.abs_floor",
                    amount(),
                    BigDecimal.ZERO,
                    "home-currency amount from which a lost deal is big; 0: the percentile alone");
    public static final Setting<Double> BIG_DEAL_WON_PERCENTILE =
            Setting.of(
                    "big_deal_lost.won_percentile",
                    number(1, 100),
                    90.0,
                    "... or this percentile of the amounts won");
    public static final Setting<Integer> BIG_DEAL_LOOKBACK_DAYS =
            Setting.of(
                    "big_deal_lost.lookback_days",
                    integer(1, 3660),
                    180,
                    "... over the last this many days");
    public static final Setting<Double> BIG_DEAL_PIPELINE_SHARE =
            Setting.of(
                    "big_deal_lost.pipeline_share",
                    number(0, 1),
                    0.10,
                    "... or at least this share of the open pipeline");

    // ---------------------------------------------------------------- untouched (R5)

    public static final Setting<Integer> SLA_BUSINESS_MINUTES =
            Setting.of(
                    "untouched.sla_business_minutes",
                    integer(1, 10_080),
                    60,
                    "an untouched lead breaches the SLA this many business minutes old");
    public static final Setting<Integer> PER_OWNER_BATCH =
            Setting.of(
                    "untouched.per_owner_batch",
                    integer(1, 10_000),
                    3,
                    "one alert per owner once this many of their breaches are open");
    public static final Setting<Integer> ESCALATE_HOURS =
            Setting.of(
                    "untouched.escalate_hours",
                    integer(1, 720),
                    24,
                    "a lead untouched this many hours counts toward the escalation");
    public static final Setting<Integer> ESCALATE_COUNT =
            Setting.of(
                    "untouched.escalate_count",
                    integer(1, 10_000),
                    5,
                    "this many such leads of one owner make the alert critical");
    public static final Setting<List<String>> HOT_SOURCES =
            Setting.of(
                    "untouched.hot_sources",
                    strings(),
                    List.of(),
                    "sources whose every breach alerts at once, e.g. [Web Form]");
    public static final Setting<Integer> UNTOUCHED_MAX_AGE_DAYS =
            Setting.of(
                    "untouched.max_age_days",
                    integer(1, 90),
                    7,
                    "older untouched leads are stale (daily summary), not followed");

    // ---------------------------------------------------------------- health (G10)

    public static final Setting<Integer> MAX_POLL_LAG_MINUTES =
            Setting.of(
                    "health.max_poll_lag_minutes",
                    integer(1, 1440),
                    15,
                    "stale after this long without a completed poll: R2, R3, R5 pause");

    // ---------------------------------------------------------------- business_hours (G9)

    public static final Setting<List<DayOfWeek>> BUSINESS_DAYS =
            Setting.of(
                    "business_hours.days",
                    days(),
                    List.of(
                            DayOfWeek.MONDAY,
                            DayOfWeek.TUESDAY,
                            DayOfWeek.WEDNESDAY,
                            DayOfWeek.THURSDAY,
                            DayOfWeek.FRIDAY,
                            DayOfWeek.SATURDAY),
                    "business days (Mon to Sun, or full names)");
    public static final Setting<LocalTime> BUSINESS_START =
            Setting.of(
                    "business_hours.start",
                    time(),
                    LocalTime.of(9, 0),
                    "opening time, HH:MM in quotes");
    public static final Setting<LocalTime> BUSINESS_END =
            Setting.of(
                    "business_hours.end", time(), LocalTime.of(19, 0), "closing time, after start");
    public static final Setting<List<LocalDate>> HOLIDAYS =
            Setting.of(
                    "business_hours.holidays",
                    dates(),
                    List.of(),
                    "closed days, left out of baselines too, e.g. [2026-12-25]");

    // ---------------------------------------------------------------- noise (G8, G9)

    public static final Setting<Integer> COOLDOWN_HOURS =
            Setting.of(
                    "noise.cooldown_hours",
                    integer(0, 720),
                    24,
                    "one alert per rule and subject in this many hours, unless more severe");
    public static final Setting<Integer> GROUP_MINUTES =
            Setting.of(
                    "noise.group_minutes",
                    integer(0, 1440),
                    5,
                    "warnings this soon after a grouped message wait, then go as one");
    public static final Setting<Integer> DAILY_CAP =
            Setting.of(
                    "noise.daily_cap_per_recipient",
                    integer(1, 10_000),
                    10,
                    "alert messages a recipient a local day; the rest are capped, not sent");
    public static final Setting<QuietHours> QUIET_HOURS =
            Setting.of(
                    "noise.quiet_hours",
                    quietHours(),
                    null,
                    "or \"21:00-08:00\": warnings wait for its end, critical ones do not");

    // ---------------------------------------------------------------- kafka

    /** What each role's column holds, for the example file and the README. */
    private static final Map<Role, String> ROLE_MEANINGS =
            Map.ofEntries(
                    Map.entry(Role.ID, "the record's id (text or a whole number)"),
                    Map.entry(Role.SOURCE, "lead source (Zoho's Lead_Source)"),
                    Map.entry(Role.STATUS, "lead status (Lead_Status)"),
                    Map.entry(Role.NAME, "deal name"),
                    Map.entry(Role.STAGE, "deal stage"),
                    Map.entry(Role.OWNER_ID, "owner's id"),
                    Map.entry(Role.OWNER_NAME, "owner's name"),
                    Map.entry(Role.CREATED, "when the record was created"),
                    Map.entry(
                            Role.MODIFIED,
                            "when it was last changed; none: the event's source.ts_ms"),
                    Map.entry(
                            Role.CONVERTED,
                            "true (or 1) once converted; none: converted when converted_at is set"),
                    Map.entry(Role.CONVERTED_AT, "when it was converted"),
                    Map.entry(Role.AMOUNT, "amount in the deal's currency"),
                    Map.entry(
                            Role.EXCHANGE_RATE,
                            "deal currency per home currency unit; none or null: 1"),
                    Map.entry(Role.PROBABILITY, "probability, 0 to 100"),
                    Map.entry(Role.CLOSING_DATE, "expected closing date"));

    public static final Setting<String> KAFKA_GROUP_ID =
            Setting.of(
                    "kafka.group_id",
                    text("crm-pulse"),
                    "crm-pulse",
                    "consumer group of --source kafka; the offsets live in checkpoints");
    public static final Setting<Duration> KAFKA_TRANSACTION_TIMEOUT =
            Setting.of(
                    "kafka.transaction_timeout",
                    duration(Duration.ofMinutes(1), Duration.ofHours(24), "10m"),
                    Duration.ofMinutes(10),
                    "--alerts-topic's transactions; at most the broker's"
                            + " transaction.max.timeout.ms (15m by default)");

    public static final Setting<String> KAFKA_LEADS_TOPIC =
            Setting.of(
                    "kafka_leads.topic",
                    text("crm.public.leads"),
                    "crm.public.leads",
                    "Debezium's topic of the leads table");
    public static final Setting<String> KAFKA_LEADS_TABLE =
            Setting.of(
                    "kafka_leads.table",
                    optionalText("leads"),
                    null,
                    "its source.table, when the topic carries other tables too; none: any");

    /** The columns of the leads table, by role, in the order of the example file. */
    public static final Map<Role, Setting<Column>> KAFKA_LEADS_COLUMNS =
            columns(
                    "kafka_leads",
                    TableMapping.LEAD_ROLES,
                    Map.of(
                            Role.SOURCE, "lead_source",
                            Role.STATUS, "lead_status",
                            Role.CREATED, "created_at",
                            Role.MODIFIED, "updated_at"));

    public static final Setting<String> KAFKA_DEALS_TOPIC =
            Setting.of(
                    "kafka_deals.topic",
                    text("crm.public.deals"),
                    "crm.public.deals",
                    "Debezium's topic of the deals table");
    public static final Setting<String> KAFKA_DEALS_TABLE =
            Setting.of(
                    "kafka_deals.table",
                    optionalText("deals"),
                    null,
                    "its source.table, when the topic carries other tables too; none: any");

    /** The columns of the deals table, by role, in the order of the example file. */
    public static final Map<Role, Setting<Column>> KAFKA_DEALS_COLUMNS =
            columns(
                    "kafka_deals",
                    TableMapping.DEAL_ROLES,
                    Map.of(
                            Role.NAME, "deal_name",
                            Role.SOURCE, "lead_source",
                            Role.CREATED, "created_at",
                            Role.MODIFIED, "updated_at"));

    /**
     * A section's column keys: each role's column is named as the role, unless {@code names} says
     * otherwise.
     */
    private static Map<Role, Setting<Column>> columns(
            String section, List<Role> roles, Map<Role, String> names) {
        Map<Role, Setting<Column>> out = new LinkedHashMap<>();
        for (Role role : roles) {
            out.put(
                    role,
                    Setting.of(
                            section + "." + role.key(),
                            column(role),
                            Column.named(names.getOrDefault(role, role.key())),
                            ROLE_MEANINGS.get(role)));
        }
        return Collections.unmodifiableMap(out);
    }

    private static List<Setting<?>> tableSettings(
            Setting<String> topic, Setting<String> table, Map<Role, Setting<Column>> columns) {
        List<Setting<?>> out = new ArrayList<>(List.of(topic, table));
        out.addAll(columns.values());
        return out;
    }

    /** Every section, in the order of the example file. */
    public static final List<Section> SECTIONS =
            List.of(
                    new Section(
                            "metrics",
                            "status and stage classes (docs/METRICS.md 1, 2), matched exactly",
                            List.of(
                                    JUNK_STATUSES,
                                    UNTOUCHED_STATUSES,
                                    ATTEMPTED_STATUSES,
                                    WON_STAGES,
                                    LOST_STAGES)),
                    new Section("zoho", "", List.of(ZOHO_OVERLAP)),
                    new Section(
                            "alerts",
                            "the mechanics of the statistical rules R1, R2, R3",
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
                                    LIVE_HORIZON)),
                    new Section(
                            "junk",
                            "R1 junk-rate spike",
                            List.of(JUNK_ABS_PP, JUNK_REL_MULT, JUNK_CRITICAL_PP)),
                    new Section(
                            "volume_drop",
                            "R2 lead-volume drop",
                            List.of(
                                    DROP_MAX_RATIO,
                                    DROP_MIN_ABS,
                                    DROP_ROBUST_Z_WHEN_MU_GE,
                                    DROP_ROBUST_Z)),
                    new Section(
                            "silence",
                            "R3 source went silent",
                            List.of(
                                    SILENCE_MIN_DAILY_AVG,
                                    SILENCE_EXPECTED_COUNT,
                                    SILENCE_MIN_HOURS,
                                    SILENCE_MAX_HOURS)),
                    new Section(
                            "big_deal_lost",
                            "R4 big deal lost",
                            List.of(
                                    BIG_DEAL_ABS_FLOOR,
                                    BIG_DEAL_WON_PERCENTILE,
                                    BIG_DEAL_LOOKBACK_DAYS,
                                    BIG_DEAL_PIPELINE_SHARE)),
                    new Section(
                            "untouched",
                            "R5 speed-to-lead",
                            List.of(
                                    SLA_BUSINESS_MINUTES,
                                    PER_OWNER_BATCH,
                                    ESCALATE_HOURS,
                                    ESCALATE_COUNT,
                                    HOT_SOURCES,
                                    UNTOUCHED_MAX_AGE_DAYS)),
                    new Section("health", "data-health guard", List.of(MAX_POLL_LAG_MINUTES)),
                    new Section(
                            "business_hours",
                            "in PULSE_TIMEZONE: R2 checks, R3 silences and R5 SLAs run in them",
                            List.of(BUSINESS_DAYS, BUSINESS_START, BUSINESS_END, HOLIDAYS)),
                    new Section(
                            "noise",
                            "",
                            List.of(COOLDOWN_HOURS, GROUP_MINUTES, DAILY_CAP, QUIET_HOURS)),
                    new Section(
                            "kafka",
                            "--source kafka and --alerts-topic; the broker is"
                                    + " PULSE_KAFKA_BOOTSTRAP_SERVERS",
                            List.of(KAFKA_GROUP_ID, KAFKA_TRANSACTION_TIMEOUT)),
                    new Section(
                            "kafka_leads",
                            "--source kafka: the CRM's leads table and its columns",
                            tableSettings(
                                    KAFKA_LEADS_TOPIC, KAFKA_LEADS_TABLE, KAFKA_LEADS_COLUMNS)),
                    new Section(
                            "kafka_deals",
                            "--source kafka: the CRM's deals table and its columns",
                            tableSettings(
                                    KAFKA_DEALS_TOPIC, KAFKA_DEALS_TABLE, KAFKA_DEALS_COLUMNS)));

    /** The sections by name. */
    static final Map<String, Section> BY_NAME =
            SECTIONS.stream()
                    .collect(
                            Collectors.toMap(
                                    Section::name,
                                    Function.identity(),
                                    (a, b) -> a,
                                    LinkedHashMap::new));
}
