package io.crmpulse.job.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * One key of {@code pulse.yaml}, declared once in {@link PulseOptions}: its key, the values it
 * accepts (type and range), its default and what it means. The parser, the defaults, {@code
 * pulse.example.yaml} and the README's settings table are all derived from these declarations.
 *
 * @param key {@code section.name}, e.g. {@code alerts.warmup_days}
 * @param accepts the type and range, and how a value is written in YAML
 * @param defaultValue the value when the key is left out
 * @param description what the value means, one line (the example's comment, the README's table)
 */
public record Setting<T>(String key, Accepts<T> accepts, T defaultValue, String description) {

    private static final YAMLMapper YAML = new YAMLMapper();

    /**
     * @throws IllegalStateException when the default is not accepted or does not read back from its
     *     YAML text, so a wrong declaration fails every test at once
     */
    public Setting {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(accepts, "accepts");
        Objects.requireNonNull(description, "description");
        if (key.indexOf('.') < 1) {
            throw new IllegalStateException(key + ": a key is section.name");
        }
        String yaml = accepts.yaml(defaultValue);
        Object readBack;
        try {
            readBack = accepts.read(YAML.readTree("v: " + yaml).get("v"));
        } catch (Accepts.Refused e) {
            throw new IllegalStateException(
                    key + ": the default " + yaml + " is not " + accepts.allowed(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!Objects.equals(readBack, defaultValue)) {
            throw new IllegalStateException(
                    key + ": the default " + defaultValue + " reads back as " + readBack);
        }
    }

    /** Declares a key. */
    public static <T> Setting<T> of(
            String key, Accepts<T> accepts, T defaultValue, String description) {
        return new Setting<>(key, accepts, defaultValue, description);
    }

    /** The section before the dot: {@code alerts}. */
    public String section() {
        return key.substring(0, key.indexOf('.'));
    }

    /** The name within its section: {@code warmup_days}. */
    public String name() {
        return key.substring(key.indexOf('.') + 1);
    }

    /** The default as written in {@code pulse.yaml}. */
    public String defaultYaml() {
        return accepts.yaml(defaultValue);
    }

    /** The section's value for this key, or the default when the key is left out. */
    T read(JsonNode section) throws Accepts.Refused {
        JsonNode value = section.get(name());
        return value == null ? defaultValue : accepts.read(value);
    }
}
