package io.crmpulse.job.config;

import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;

/**
 * The environment of the daily summary (README, "Configuration"): when it is written, where Ollama
 * is and which model writes. How its numbers read is {@link PulseConfig#display()}, shared with the
 * alerts. A wrong value stops the job at start with a message naming the variable.
 *
 * <p>The variables, their defaults and meanings are declared in {@link PulseEnvironment}.
 *
 * @param time {@code PULSE_SUMMARY_TIME}, the local time (in {@code PULSE_TIMEZONE}) at which the
 *     business day ends and its summary is written
 * @param ollamaBaseUrl {@code OLLAMA_BASE_URL}, the server's root
 * @param model {@code OLLAMA_MODEL}
 */
public record SummarySettings(LocalTime time, URI ollamaBaseUrl, String model)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final String TIME_VARIABLE = PulseEnvironment.SUMMARY_TIME.name();
    public static final String BASE_URL_VARIABLE = PulseEnvironment.OLLAMA_BASE_URL.name();
    public static final String MODEL_VARIABLE = PulseEnvironment.OLLAMA_MODEL.name();

    private static final String DEFAULT_TIME = PulseEnvironment.SUMMARY_TIME.defaultValue();
    private static final String DEFAULT_BASE_URL = PulseEnvironment.OLLAMA_BASE_URL.defaultValue();
    private static final String DEFAULT_MODEL = PulseEnvironment.OLLAMA_MODEL.defaultValue();

    public SummarySettings {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(ollamaBaseUrl, "ollamaBaseUrl");
        Objects.requireNonNull(model, "model");
    }

    /** Reads the three variables from {@code env} (usually {@link System#getenv()}). */
    public static SummarySettings fromEnv(Map<String, String> env) {
        return new SummarySettings(
                time(env.get(TIME_VARIABLE)),
                baseUrl(env.get(BASE_URL_VARIABLE)),
                model(env.get(MODEL_VARIABLE)));
    }

    /** The same settings with the summary written at {@code newTime}. */
    public SummarySettings withTime(LocalTime newTime) {
        return new SummarySettings(newTime, ollamaBaseUrl, model);
    }

    static LocalTime time(String value) {
        if (value == null || value.isBlank()) {
            return LocalTime.parse(DEFAULT_TIME);
        }
        try {
            return LocalTime.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new ConfigException(
                    TIME_VARIABLE
                            + "='"
                            + value
                            + "' is not a local time: write HH:MM on a 24-hour clock, e.g. "
                            + DEFAULT_TIME
                            + " (HH:MM:SS also works)",
                    e);
        }
    }

    static URI baseUrl(String value) {
        if (value == null || value.isBlank()) {
            return URI.create(DEFAULT_BASE_URL);
        }
        String trimmed = value.strip();
        String allowed =
                ": write the server's root, e.g. "
                        + DEFAULT_BASE_URL
                        + " (http or https, a host, an optional port, no path)";
        URI uri;
        try {
            uri = new URI(trimmed.replaceAll("/+$", ""));
        } catch (URISyntaxException e) {
            throw new ConfigException(
                    BASE_URL_VARIABLE + "='" + value + "' is not a URL" + allowed, e);
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())
                || uri.getHost() == null) {
            throw new ConfigException(
                    BASE_URL_VARIABLE + "='" + value + "' is not an http(s) URL" + allowed);
        }
        if (uri.getRawPath() != null && !uri.getRawPath().isEmpty()
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw new ConfigException(
                    BASE_URL_VARIABLE + "='" + value + "' has a path or query" + allowed);
        }
        return uri;
    }

    static String model(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_MODEL;
        }
        String model = value.strip();
        if (!model.matches("[A-Za-z0-9][A-Za-z0-9._/:-]*")) {
            throw new ConfigException(
                    MODEL_VARIABLE
                            + "='"
                            + value
                            + "' is not an Ollama model name: write name:tag, e.g. "
                            + DEFAULT_MODEL
                            + " (letters, digits, '.', '_', '-', '/' and ':' only)");
        }
        return model;
    }
}
