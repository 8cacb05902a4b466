package io.crmpulse.job.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.crmpulse.job.normalize.MetricClasses;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The settings of the optional YAML file ({@code --config pulse.yaml}, DESIGN.md 4.1). Every key
 * has a default, so a missing file and an empty file mean the defaults. An unknown key, a wrong
 * type or an invalid value stops the job at start with one line naming the file, the key, the value
 * and what is allowed:
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
 * }</pre>
 *
 * @param metricClasses the {@code metrics.*} status and stage lists (METRICS.md 1, 2)
 * @param zohoOverlap {@code zoho.overlap}: how far behind its cursor each poll re-reads
 */
public record PulseSettings(MetricClasses metricClasses, Duration zohoOverlap)
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

    /** Every key, by section, in the order the file documents them. */
    private static final Map<String, List<String>> KEYS =
            Map.of(
                    "metrics",
                    List.of(
                            JUNK_STATUSES,
                            UNTOUCHED_STATUSES,
                            ATTEMPTED_STATUSES,
                            WON_STAGES,
                            LOST_STAGES),
                    "zoho",
                    List.of(ZOHO_OVERLAP));

    private static final List<String> SECTIONS = List.of("metrics", "zoho");

    private static final int MAX_SHOWN = 60;

    public PulseSettings {
        Objects.requireNonNull(metricClasses, "metricClasses");
        Objects.requireNonNull(zohoOverlap, "zohoOverlap");
    }

    /** Every key at its default. */
    public static PulseSettings defaults() {
        return new PulseSettings(MetricClasses.defaults(), DEFAULT_ZOHO_OVERLAP);
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
        return new PulseSettings(classes, overlap(zoho, source));
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
