package io.crmpulse.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmpulse.job.normalize.MetricClasses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PulseSettingsTest {

    private static PulseSettings parse(String yaml) {
        return PulseSettings.parse(yaml, "pulse.yaml");
    }

    private static void assertRefused(String yaml, String message) {
        assertThatThrownBy(() -> parse(yaml))
                .isInstanceOf(ConfigException.class)
                .hasMessage(message);
    }

    @Test
    void theDefaultsAreThoseOfMetricsMd() {
        PulseSettings defaults = PulseSettings.defaults();

        assertThat(defaults.metricClasses().junkStatuses()).containsExactly("Junk Lead");
        assertThat(defaults.metricClasses().untouchedStatuses())
                .containsExactly("(none)", "Not Contacted");
        assertThat(defaults.metricClasses().attemptedStatuses())
                .containsExactly("Attempted to Contact");
        assertThat(defaults.metricClasses().wonStages()).containsExactly("Closed Won");
        assertThat(defaults.metricClasses().lostStages())
                .containsExactly(
                        "Closed Lost", "Closed-Lost to Competition", "Closed Lost to Competition");
        assertThat(defaults.zohoOverlap()).isEqualTo(Duration.ofSeconds(60));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"", "\n", "# nothing set yet\n", "---\n", "metrics:\nzoho:\n"})
    void anEmptyFileMeansEveryDefault(String yaml) {
        assertThat(parse(yaml)).isEqualTo(PulseSettings.defaults());
    }

    @Test
    void everyKeyCanBeSet() {
        PulseSettings settings =
                parse(
                        """
                        metrics:
                          junk_statuses: [Junk Lead, Spam]
                          untouched_statuses:
                            - (none)
                            - New Lead
                          attempted_statuses: [Called Once, Called Twice]
                          won_stages: [Closed Won, Paid]
                          lost_stages: [Closed Lost]
                        zoho:
                          overlap: 90s
                        """);

        assertThat(settings)
                .isEqualTo(
                        new PulseSettings(
                                new MetricClasses(
                                        List.of("Junk Lead", "Spam"),
                                        List.of("(none)", "New Lead"),
                                        List.of("Called Once", "Called Twice"),
                                        List.of("Closed Won", "Paid"),
                                        List.of("Closed Lost")),
                                Duration.ofSeconds(90)));
    }

    @Test
    void keysLeftOutKeepTheirDefaults() {
        PulseSettings settings = parse("metrics:\n  junk_statuses: [Spam]\n");

        assertThat(settings.metricClasses().junkStatuses()).containsExactly("Spam");
        assertThat(settings.metricClasses().untouchedStatuses())
                .isEqualTo(MetricClasses.DEFAULT_UNTOUCHED_STATUSES);
        assertThat(settings.metricClasses().lostStages())
                .isEqualTo(MetricClasses.DEFAULT_LOST_STAGES);
        assertThat(settings.zohoOverlap()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void valuesAreTrimmedAndAnEmptyListIsAllowed() {
        PulseSettings settings =
                parse("metrics:\n  junk_statuses: ['  Spam  ']\n  attempted_statuses: []\n");

        assertThat(settings.metricClasses().junkStatuses()).containsExactly("Spam");
        assertThat(settings.metricClasses().attemptedStatuses()).isEmpty();
    }

    @Test
    void anIsoOverlapIsAccepted() {
        assertThat(parse("zoho:\n  overlap: PT2M\n").zohoOverlap())
                .isEqualTo(Duration.ofMinutes(2));
        assertThat(parse("zoho:\n  overlap: 0s\n").zohoOverlap()).isEqualTo(Duration.ZERO);
    }

    @Test
    void aNumberWhereAListBelongsIsRefused() {
        assertRefused(
                "metrics:\n  junk_statuses: 3\n",
                "pulse.yaml: metrics.junk_statuses must be a list of strings, got 3");
    }

    @Test
    void aSingleStringWhereAListBelongsIsRefused() {
        assertRefused(
                "metrics:\n  won_stages: Closed Won\n",
                "pulse.yaml: metrics.won_stages must be a list of strings, got \"Closed Won\"");
    }

    @Test
    void aNumberOrBooleanInAListIsRefusedWithAHintToQuoteIt() {
        assertRefused(
                "metrics:\n  lost_stages: [Closed Lost, 7]\n",
                "pulse.yaml: metrics.lost_stages must be a list of strings, got [\"Closed Lost\",7]"
                        + " (quote values that YAML reads as numbers or true/false)");
        assertRefused(
                "metrics:\n  junk_statuses: [true]\n",
                "pulse.yaml: metrics.junk_statuses must be a list of strings, got [true]"
                        + " (quote values that YAML reads as numbers or true/false)");
    }

    @Test
    void aBlankStringInAListIsRefused() {
        assertRefused(
                "metrics:\n  attempted_statuses: ['Attempted to Contact', '  ']\n",
                "pulse.yaml: metrics.attempted_statuses must be a list of non-blank strings, got"
                        + " [\"Attempted to Contact\",\"  \"]");
    }

    @Test
    void aNullListIsRefused() {
        assertRefused(
                "metrics:\n  junk_statuses:\n",
                "pulse.yaml: metrics.junk_statuses must be a list of strings, got null");
    }

    @Test
    void anUnknownKeyIsRefusedWithTheKeysAllowed() {
        assertRefused(
                "metrics:\n  junk_status: [Spam]\n",
                "pulse.yaml: unknown key metrics.junk_status; allowed: metrics.junk_statuses,"
                        + " metrics.untouched_statuses, metrics.attempted_statuses,"
                        + " metrics.won_stages, metrics.lost_stages");
    }

    @Test
    void anUnknownSectionIsRefusedWithTheSectionsAllowed() {
        assertRefused(
                "alert:\n  junk_spike: 2\n",
                "pulse.yaml: unknown section alert; allowed: metrics, zoho");
    }

    @Test
    void aSectionThatIsNotAMappingIsRefused() {
        assertRefused(
                "zoho: 60s\n",
                "pulse.yaml: zoho must be a mapping with the keys zoho.overlap, got \"60s\"");
    }

    @Test
    void aFileThatIsNotAMappingIsRefused() {
        assertRefused(
                "- metrics\n",
                "pulse.yaml: must be a mapping with the sections metrics, zoho, got"
                        + " [\"metrics\"]");
    }

    @ParameterizedTest(name = "overlap: {0}")
    @ValueSource(strings = {"60", "soon", "2h", "-5s"})
    void anOverlapThatIsNotADurationFromZeroToAnHourIsRefused(String value) {
        String shown = value.equals("60") ? "60" : "\"" + value + "\"";

        assertRefused(
                "zoho:\n  overlap: " + value + "\n",
                "pulse.yaml: zoho.overlap must be a duration from 0s to 1h, like 60s, 2m or"
                        + " PT90S, got "
                        + shown);
    }

    @Test
    void aStageBothWonAndLostIsRefused() {
        assertRefused(
                "metrics:\n  lost_stages: [Closed Lost, Closed Won]\n",
                "pulse.yaml: metrics.lost_stages must not repeat a stage of metrics.won_stages"
                        + " (a deal is won or lost, not both), got \"Closed Won\" in both");
    }

    @Test
    void aKeyGivenTwiceIsRefused() {
        assertThatThrownBy(() -> parse("zoho:\n  overlap: 30s\n  overlap: 60s\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("pulse.yaml: not valid YAML at line 3")
                .hasMessageContaining("Duplicate field 'overlap'");
    }

    @Test
    void brokenYamlNamesTheLine() {
        assertThatThrownBy(() -> parse("metrics:\n  junk_statuses: [Spam\nzoho:\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("pulse.yaml: not valid YAML at line ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void loadsAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pulse.yaml");
        Files.writeString(file, "zoho:\n  overlap: 2m\n");

        assertThat(PulseSettings.load(file).zohoOverlap()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path dir) {
        Path file = dir.resolve("pulse.yml");

        assertThatThrownBy(() -> PulseSettings.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        file
                                + ": no such file; pass --config an existing YAML file or leave it out");
    }

    @Test
    void errorsNameTheFileAsGiven(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("settings.yaml");
        Files.writeString(file, "metrics:\n  junk_statuses: 3\n");

        assertThatThrownBy(() -> PulseSettings.load(file))
                .hasMessage(file + ": metrics.junk_statuses must be a list of strings, got 3");
    }
}
