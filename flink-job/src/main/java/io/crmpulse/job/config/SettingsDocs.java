package io.crmpulse.job.config;

import io.crmpulse.job.config.PulseEnvironment.Variable;
import io.crmpulse.job.config.PulseOptions.Section;

/**
 * The documents generated from the declarations of {@link PulseOptions} and {@link
 * PulseEnvironment}: {@code pulse.example.yaml} and the README's tables of settings and variables.
 * A test keeps the files in the repository equal to them.
 */
public final class SettingsDocs {

    /** The first line of the README's settings table. */
    public static final String SETTINGS_TABLE_HEADER = "| key | default | allowed | meaning |";

    /** The first line of the README's table of environment variables. */
    public static final String ENVIRONMENT_TABLE_HEADER = "| variable | meaning | default |";

    private static final int COMMENT_COLUMN = 32;

    private static final String EXAMPLE_HEADER =
            """
            # CRM Pulse settings: java -jar crm-pulse.jar --config pulse.yaml
            #
            # Every key is shown at its default, so copy this file and change what differs; a key
            # you leave out keeps its default. An unknown section or key, a wrong type or a value
            # out of range stops the job at start with one line naming the key, the value and what
            # is allowed (README, "Configuration", lists the ranges). Secrets and places (Zoho,
            # Twilio, PostgreSQL, the business timezone PULSE_TIMEZONE) are environment variables,
            # not keys here. Durations are a number with ms, s, m, h or d (60s, 15m) or ISO-8601
            # (PT60S).
            #
            # Generated from PulseOptions.java; SettingsDocsTest keeps it equal.
            """;

    private SettingsDocs() {}

    /** {@code pulse.example.yaml}: every section and key at its default, with its meaning. */
    public static String exampleYaml() {
        StringBuilder out = new StringBuilder(EXAMPLE_HEADER);
        for (Section section : PulseOptions.SECTIONS) {
            out.append('\n').append(commented(section.name() + ":", section.description()));
            for (Setting<?> setting : section.settings()) {
                out.append(
                        commented(
                                "  " + setting.name() + ": " + setting.defaultYaml(),
                                setting.description()));
            }
        }
        return out.toString();
    }

    /** The README's settings table: every key with its default, what is allowed and meaning. */
    public static String settingsTable() {
        StringBuilder out =
                new StringBuilder(SETTINGS_TABLE_HEADER).append("\n|---|---|---|---|\n");
        for (Section section : PulseOptions.SECTIONS) {
            for (Setting<?> setting : section.settings()) {
                out.append("| `")
                        .append(setting.key())
                        .append("` | `")
                        .append(cell(setting.defaultYaml()))
                        .append("` | ")
                        .append(cell(setting.accepts().allowed()))
                        .append(" | ")
                        .append(cell(setting.description()))
                        .append(" |\n");
            }
        }
        return out.toString();
    }

    /** The README's table of environment variables; secrets say so. */
    public static String environmentTable() {
        StringBuilder out = new StringBuilder(ENVIRONMENT_TABLE_HEADER).append("\n|---|---|---|\n");
        for (Variable variable : PulseEnvironment.VARIABLES) {
            String meaning =
                    variable.description() + (variable.secret() ? " (secret: never logged)" : "");
            String unset =
                    variable.defaultValue() == null || variable.defaultValue().isEmpty()
                            ? variable.note()
                            : ("`" + variable.defaultValue() + "` " + variable.note()).strip();
            out.append("| `")
                    .append(variable.name())
                    .append("` | ")
                    .append(cell(meaning))
                    .append(" | ")
                    .append(cell(unset.isEmpty() ? "empty" : unset))
                    .append(" |\n");
        }
        return out.toString();
    }

    private static String commented(String line, String comment) {
        if (comment.isEmpty()) {
            return line + "\n";
        }
        String padded =
                line.length() < COMMENT_COLUMN
                        ? line + " ".repeat(COMMENT_COLUMN - line.length())
                        : line + " ";
        return padded + "# " + comment + "\n";
    }

    /** A Markdown table cell: a pipe would end it. */
    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
