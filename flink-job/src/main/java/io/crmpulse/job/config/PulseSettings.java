package io.crmpulse.job.config;

import static io.crmpulse.job.config.PulseOptions.*;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.crmpulse.job.kafka.Column;
import io.crmpulse.job.kafka.DebeziumMapping;
import io.crmpulse.job.kafka.Role;
import io.crmpulse.job.kafka.TableMapping;
import io.crmpulse.job.normalize.MetricClasses;
import io.crmpulse.job.normalize.RecordNormalizer;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The settings of the optional YAML file ({@code --config pulse.yaml}; README, "Configuration"),
 * whose keys, defaults, ranges and meanings are declared in {@link PulseOptions}. Every key has a
 * default, so a missing file and an empty file mean the defaults. An unknown key, a wrong type or
 * an invalid value stops the job at start with one line naming the file, the key, the value and
 * what is allowed.
 *
 * @param metricClasses the {@code metrics.*} status and stage lists (docs/METRICS.md 1, 2)
 * @param zohoOverlap {@code zoho.overlap}: how far behind its cursor each poll re-reads
 * @param alerts the anomaly rules' sections ({@code alerts}, {@code junk}, {@code volume_drop},
 *     {@code silence}, {@code big_deal_lost}, {@code untouched}, {@code health}, {@code
 *     business_hours}, {@code noise})
 * @param kafka the Kafka edges' sections ({@code kafka}, {@code kafka_leads}, {@code kafka_deals})
 */
public record PulseSettings(
        MetricClasses metricClasses,
        Duration zohoOverlap,
        AlertSettings alerts,
        KafkaSettings kafka)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final List<String> SECTION_NAMES = SECTIONS.stream().map(Section::name).toList();

    private static final int MAX_SHOWN = 60;

    private static final PulseSettings DEFAULTS = parse("", "the defaults");

    public PulseSettings {
        Objects.requireNonNull(metricClasses, "metricClasses");
        Objects.requireNonNull(zohoOverlap, "zohoOverlap");
        Objects.requireNonNull(alerts, "alerts");
        Objects.requireNonNull(kafka, "kafka");
    }

    /** The given metrics, Zoho and alert settings, the Kafka ones at their defaults. */
    public PulseSettings(MetricClasses metricClasses, Duration zohoOverlap, AlertSettings alerts) {
        this(metricClasses, zohoOverlap, alerts, DEFAULTS.kafka());
    }

    /** The given metrics and Zoho settings, every alert and Kafka setting at its default. */
    public PulseSettings(MetricClasses metricClasses, Duration zohoOverlap) {
        this(metricClasses, zohoOverlap, DEFAULTS.alerts(), DEFAULTS.kafka());
    }

    /** Every key at its default. */
    public static PulseSettings defaults() {
        return DEFAULTS;
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
            root = MissingNode.getInstance();
        } else if (!root.isObject()) {
            throw new ConfigException(
                    source
                            + ": must be a mapping with the sections "
                            + String.join(", ", SECTION_NAMES)
                            + ", got "
                            + show(root));
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!BY_NAME.containsKey(name)) {
                throw new ConfigException(
                        source
                                + ": unknown section "
                                + name
                                + "; allowed: "
                                + String.join(", ", SECTION_NAMES));
            }
        }
        Values v = new Values(root, source);

        MetricClasses classes =
                new MetricClasses(
                        v.get(JUNK_STATUSES),
                        v.get(UNTOUCHED_STATUSES),
                        v.get(ATTEMPTED_STATUSES),
                        v.get(WON_STAGES),
                        v.get(LOST_STAGES));
        for (String stage : classes.lostStages()) {
            if (classes.wonStages().contains(stage)) {
                throw new ConfigException(
                        source
                                + ": "
                                + LOST_STAGES.key()
                                + " must not repeat a stage of "
                                + WON_STAGES.key()
                                + " (a deal is won or lost, not both), got \""
                                + stage
                                + "\" in both");
            }
        }
        return new PulseSettings(classes, v.get(ZOHO_OVERLAP), alerts(v, source), kafka(v, source));
    }

    private static KafkaSettings kafka(Values v, String source) {
        String leadsTopic = v.get(KAFKA_LEADS_TOPIC);
        String leadsTable = v.get(KAFKA_LEADS_TABLE);
        String dealsTable = v.get(KAFKA_DEALS_TABLE);
        if (leadsTopic.equals(v.get(KAFKA_DEALS_TOPIC))
                && (leadsTable == null || leadsTable.equals(dealsTable))) {
            throw new ConfigException(
                    source
                            + ": "
                            + KAFKA_LEADS_TABLE.key()
                            + " and "
                            + KAFKA_DEALS_TABLE.key()
                            + " must name two different tables when both read the topic "
                            + leadsTopic
                            + ", got "
                            + leadsTable
                            + " and "
                            + dealsTable);
        }
        return new KafkaSettings(
                v.get(KAFKA_GROUP_ID),
                v.get(KAFKA_TRANSACTION_TIMEOUT),
                new DebeziumMapping(
                        List.of(
                                table(
                                        v,
                                        RecordNormalizer.LEADS,
                                        KAFKA_LEADS_TOPIC,
                                        KAFKA_LEADS_TABLE,
                                        KAFKA_LEADS_COLUMNS),
                                table(
                                        v,
                                        RecordNormalizer.DEALS,
                                        KAFKA_DEALS_TOPIC,
                                        KAFKA_DEALS_TABLE,
                                        KAFKA_DEALS_COLUMNS))));
    }

    private static TableMapping table(
            Values v,
            String module,
            Setting<String> topic,
            Setting<String> table,
            Map<Role, Setting<Column>> columns) {
        Map<Role, Column> mapped = new EnumMap<>(Role.class);
        columns.forEach(
                (role, setting) -> {
                    Column column = v.get(setting);
                    if (column != null) {
                        mapped.put(role, column);
                    }
                });
        return new TableMapping(module, v.get(topic), v.get(table), mapped);
    }

    private static AlertSettings alerts(Values v, String source) {
        AlertSettings.Mechanics mechanics =
                new AlertSettings.Mechanics(
                        v.get(WARMUP_DAYS),
                        v.get(WARMUP_SAME_WEEKDAY_POINTS),
                        v.get(BASELINE_SAME_WEEKDAY_N),
                        v.get(BASELINE_RATE_DAYS),
                        v.get(CHECKPOINT_MINUTES),
                        v.get(P_VALUE),
                        v.get(PERSISTENCE_CHECKPOINTS),
                        v.get(MIN_RATE_N),
                        v.get(MIN_EXPECTED_COUNT),
                        v.get(DISPERSION_TRIGGER),
                        v.get(LIVE_HORIZON));
        requireAtMost(
                source,
                WARMUP_SAME_WEEKDAY_POINTS.key(),
                mechanics.warmupSameWeekdayPoints(),
                BASELINE_SAME_WEEKDAY_N.key() + " (the same weekdays kept)",
                mechanics.baselineSameWeekdayN());

        AlertSettings.JunkSpike junkSpike =
                new AlertSettings.JunkSpike(
                        v.get(JUNK_ABS_PP), v.get(JUNK_REL_MULT), v.get(JUNK_CRITICAL_PP));
        if (junkSpike.criticalPp() < junkSpike.absPp()) {
            throw new ConfigException(
                    source
                            + ": "
                            + JUNK_CRITICAL_PP.key()
                            + " must be at least "
                            + JUNK_ABS_PP.key()
                            + ", got "
                            + junkSpike.criticalPp()
                            + " < "
                            + junkSpike.absPp());
        }

        AlertSettings.VolumeDrop volumeDrop =
                new AlertSettings.VolumeDrop(
                        v.get(DROP_MAX_RATIO),
                        v.get(DROP_MIN_ABS),
                        v.get(DROP_ROBUST_Z_WHEN_MU_GE),
                        v.get(DROP_ROBUST_Z));

        AlertSettings.Silence silence =
                new AlertSettings.Silence(
                        v.get(SILENCE_MIN_DAILY_AVG),
                        v.get(SILENCE_EXPECTED_COUNT),
                        v.get(SILENCE_MIN_HOURS),
                        v.get(SILENCE_MAX_HOURS));
        requireAtMost(
                source,
                SILENCE_MIN_HOURS.key(),
                silence.minHours(),
                SILENCE_MAX_HOURS.key(),
                silence.maxHours());

        AlertSettings.BigDealLost bigDealLost =
                new AlertSettings.BigDealLost(
                        v.get(BIG_DEAL_ABS_FLOOR),
                        v.get(BIG_DEAL_WON_PERCENTILE),
                        v.get(BIG_DEAL_LOOKBACK_DAYS),
                        v.get(BIG_DEAL_PIPELINE_SHARE));

        AlertSettings.Untouched untouched =
                new AlertSettings.Untouched(
                        v.get(SLA_BUSINESS_MINUTES),
                        v.get(PER_OWNER_BATCH),
                        v.get(ESCALATE_HOURS),
                        v.get(ESCALATE_COUNT),
                        v.get(HOT_SOURCES),
                        v.get(UNTOUCHED_MAX_AGE_DAYS));

        AlertSettings.Health health = new AlertSettings.Health(v.get(MAX_POLL_LAG_MINUTES));

        AlertSettings.BusinessHours businessHours =
                new AlertSettings.BusinessHours(
                        v.get(BUSINESS_DAYS),
                        v.get(BUSINESS_START),
                        v.get(BUSINESS_END),
                        v.get(HOLIDAYS));
        if (!businessHours.start().isBefore(businessHours.end())) {
            throw new ConfigException(
                    source
                            + ": "
                            + BUSINESS_START.key()
                            + " must be before "
                            + BUSINESS_END.key()
                            + ", got "
                            + businessHours.start()
                            + " and "
                            + businessHours.end());
        }

        AlertSettings.Noise noise =
                new AlertSettings.Noise(
                        v.get(COOLDOWN_HOURS),
                        v.get(GROUP_MINUTES),
                        v.get(DAILY_CAP),
                        v.get(QUIET_HOURS));

        return new AlertSettings(
                mechanics,
                junkSpike,
                volumeDrop,
                silence,
                bigDealLost,
                untouched,
                health,
                businessHours,
                noise);
    }

    /** The file's values, each read by its declaration; every message names file, key, value. */
    private static final class Values {

        private final JsonNode root;
        private final String source;

        Values(JsonNode root, String source) {
            this.root = root;
            this.source = source;
        }

        <T> T get(Setting<T> setting) {
            JsonNode section = section(root, setting.section(), source);
            try {
                return setting.read(section);
            } catch (Accepts.Refused e) {
                throw new ConfigException(
                        source
                                + ": "
                                + setting.key()
                                + " must be "
                                + e.allowed()
                                + ", got "
                                + show(section.get(setting.name()))
                                + e.hint(),
                        e.getCause());
            }
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

    /** The section's mapping (empty when absent), after refusing keys it does not have. */
    private static JsonNode section(JsonNode root, String name, String source) {
        JsonNode section = root.get(name);
        if (section == null || section.isNull()) {
            return MissingNode.getInstance();
        }
        List<String> keys = BY_NAME.get(name).keys();
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

    private static String show(JsonNode value) {
        String text = value.toString();
        return text.length() <= MAX_SHOWN ? text : text.substring(0, MAX_SHOWN) + "...";
    }
}
