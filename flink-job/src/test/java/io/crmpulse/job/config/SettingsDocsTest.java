package io.crmpulse.job.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code pulse.example.yaml} and the README's tables of settings and environment variables are
 * generated from {@link PulseOptions} and {@link PulseEnvironment}; these tests keep the files in
 * the repository equal to the declarations. When one fails, the generated file is written under
 * {@code flink-job/target/generated-docs/}; the message says what to copy where.
 */
class SettingsDocsTest {

    private static final Path OUT = Path.of("target", "generated-docs");

    @Test
    void theExampleFileIsGeneratedFromTheDeclarations() throws IOException {
        Path example = RepositoryFiles.find("pulse.example.yaml");
        String expected = SettingsDocs.exampleYaml();

        assertEqualOrRegenerate(example, Files.readString(example), expected, expected);
    }

    @Test
    void theReadmeSettingsTableIsGeneratedFromTheDeclarations() throws IOException {
        assertReadmeTable(SettingsDocs.SETTINGS_TABLE_HEADER, SettingsDocs.settingsTable());
    }

    @Test
    void theReadmeEnvironmentTableIsGeneratedFromTheDeclarations() throws IOException {
        assertReadmeTable(SettingsDocs.ENVIRONMENT_TABLE_HEADER, SettingsDocs.environmentTable());
    }

    @Test
    void theSettingsTableNamesEveryKeyWithItsDefaultAndRange() {
        String table = SettingsDocs.settingsTable();

        assertThat(table)
                .contains(
                        "| `zoho.overlap` | `1m` | a duration from 0s to 1h, like 60s, 2m or"
                                + " PT90S | how far behind its cursor each poll re-reads |")
                .contains("| `alerts.warmup_days` | `14` | a whole number from 0 to 365 |")
                .contains("| `metrics.untouched_statuses` | `[\"(none)\", Not Contacted]` |");
        assertThat(table.lines().count())
                .isEqualTo(
                        2
                                + PulseOptions.SECTIONS.stream()
                                        .mapToLong(s -> s.settings().size())
                                        .sum());
    }

    @Test
    void theEnvironmentTableMarksSecretsAndShowsDefaults() {
        String table = SettingsDocs.environmentTable();

        assertThat(table)
                .contains(
                        "| `ZOHO_CLIENT_SECRET` | OAuth self-client: client secret (secret: never"
                                + " logged) | required unless `--demo` |")
                .contains("| `PULSE_POLL_INTERVAL` | time between incremental polls")
                .contains("| `1m` |")
                .contains("| `PULSE_CHECKPOINT_INTERVAL` |")
                .contains(
                        "| `PULSE_LOCAL_DB_PORT` | port of the embedded PostgreSQL, on 127.0.0.1"
                                + " | `54329` |");
        assertThat(table).doesNotContain("| `ZOHO_MODULES` | modules to sync (secret");
        assertThat(table.lines().count()).isEqualTo(2 + PulseEnvironment.VARIABLES.size());
    }

    /** The README's table that starts with {@code header} equals {@code expected}. */
    private static void assertReadmeTable(String header, String expected) throws IOException {
        Path readme = RepositoryFiles.find("README.md");
        List<String> lines = Files.readString(readme).lines().toList();
        assertEqualOrRegenerate(
                readme,
                table(lines, header),
                expected,
                String.join("\n", regenerated(lines)) + "\n");
    }

    /** The table that starts with {@code header}, up to the first line that is not a row. */
    private static String table(List<String> lines, String header) {
        int start = lines.indexOf(header);
        assertThat(start).as("README.md has a table starting with %s", header).isNotNegative();
        int end = start;
        while (end < lines.size() && lines.get(end).startsWith("|")) {
            end++;
        }
        return String.join("\n", lines.subList(start, end)) + "\n";
    }

    /** The README with both generated tables replaced. */
    private static List<String> regenerated(List<String> lines) {
        List<String> out = new ArrayList<>(lines);
        replaceTable(out, SettingsDocs.SETTINGS_TABLE_HEADER, SettingsDocs.settingsTable());
        replaceTable(out, SettingsDocs.ENVIRONMENT_TABLE_HEADER, SettingsDocs.environmentTable());
        return out;
    }

    private static void replaceTable(List<String> lines, String header, String table) {
        int start = lines.indexOf(header);
        int end = start;
        while (end < lines.size() && lines.get(end).startsWith("|")) {
            end++;
        }
        lines.subList(start, end).clear();
        lines.addAll(start, table.lines().toList());
    }

    private static void assertEqualOrRegenerate(
            Path file, String actual, String expected, String regenerated) throws IOException {
        if (actual.equals(expected)) {
            return;
        }
        Files.createDirectories(OUT);
        Path generated = OUT.resolve(file.getFileName()).toAbsolutePath();
        Files.writeString(generated, regenerated);
        assertThat(actual)
                .as(
                        "%s is not what PulseOptions/PulseEnvironment declare; if the declarations"
                                + " are right, regenerate it: cp %s %s",
                        file, generated, file.toAbsolutePath())
                .isEqualTo(expected);
    }
}
