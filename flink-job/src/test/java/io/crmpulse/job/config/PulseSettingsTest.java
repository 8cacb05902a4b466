package io.crmpulse.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmpulse.job.kafka.Column;
import io.crmpulse.job.kafka.ColumnType;
import io.crmpulse.job.kafka.Role;
import io.crmpulse.job.kafka.TableMapping;
import io.crmpulse.job.normalize.MetricClasses;
import io.crmpulse.sinks.outbox.QuietHours;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
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
    @ValueSource(
            strings = {
                "",
                "\n",
                "# nothing set yet\n",
                "---\n",
                "metrics:\nzoho:\n",
                "alerts:\njunk:\nvolume_drop:\nsilence:\nbig_deal_lost:\nuntouched:\nhealth:\n"
                        + "business_hours:\nnoise:\n"
            })
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
                "pulse.yaml: unknown section alert; allowed: metrics, zoho, alerts, junk,"
                        + " volume_drop, silence, big_deal_lost, untouched, health,"
                        + " business_hours, noise, kafka, kafka_leads, kafka_deals");
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
                "pulse.yaml: must be a mapping with the sections metrics, zoho, alerts, junk,"
                        + " volume_drop, silence, big_deal_lost, untouched, health,"
                        + " business_hours, noise, kafka, kafka_leads, kafka_deals, got"
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

    // ------------------------------------------------------------------ alert settings

    @Test
    void theAlertDefaultsAreThoseOfTheResearchSheet() {
        AlertSettings a = PulseSettings.defaults().alerts();

        assertThat(a).isEqualTo(AlertSettings.defaults());
        assertThat(a.mechanics())
                .isEqualTo(
                        new AlertSettings.Mechanics(
                                14, 3, 4, 28, 15, 0.001, 2, 20, 5, 1.5, Duration.ofMinutes(15)));
        assertThat(a.junk()).isEqualTo(new AlertSettings.JunkSpike(0.10, 1.5, 0.20));
        assertThat(a.volumeDrop()).isEqualTo(new AlertSettings.VolumeDrop(0.6, 5, 100, 3.5));
        assertThat(a.silence()).isEqualTo(new AlertSettings.Silence(1, 5, 2, 48));
        assertThat(a.bigDealLost())
                .isEqualTo(new AlertSettings.BigDealLost(BigDecimal.ZERO, 90, 180, 0.10));
        assertThat(a.untouched())
                .isEqualTo(new AlertSettings.Untouched(60, 3, 24, 5, List.of(), 7));
        assertThat(a.health().maxPollLagMinutes()).isEqualTo(15);
        assertThat(a.businessHours().days())
                .containsExactly(
                        DayOfWeek.MONDAY,
                        DayOfWeek.TUESDAY,
                        DayOfWeek.WEDNESDAY,
                        DayOfWeek.THURSDAY,
                        DayOfWeek.FRIDAY,
                        DayOfWeek.SATURDAY);
        assertThat(a.businessHours().start()).isEqualTo(LocalTime.of(9, 0));
        assertThat(a.businessHours().end()).isEqualTo(LocalTime.of(19, 0));
        assertThat(a.businessHours().holidays()).isEmpty();
        assertThat(a.noise()).isEqualTo(new AlertSettings.Noise(24, 5, 10, null));
        assertThat(a.retentionDays()).isEqualTo(30);
    }

    @Test
    void everyAlertKeyCanBeSet() {
        PulseSettings settings =
                parse(
                        """
                        alerts:
                          warmup_days: 21
                          warmup_same_weekday_points: 2
                          baseline_same_weekday_n: 6
                          baseline_rate_days: 42
                          checkpoint_minutes: 5
                          p_value: 0.01
                          persistence_checkpoints: 3
                          min_rate_n: 30
                          min_expected_count: 8
                          dispersion_trigger: 2
                          live_horizon: 30m
                        junk: {abs_pp: 0.15, rel_mult: 2, critical_pp: 0.3}
                        volume_drop: {max_ratio: 0.5, min_abs: 10, robust_z_when_mu_ge: 200, robust_z: 4}
                        silence: {min_daily_avg: 2, expected_count: 6, min_hours: 1.5, max_hours: 24}
                        big_deal_lost:
                          abs_floor: 500000
                          won_percentile: 95
                          lookback_days: 90
                          pipeline_share: 0.2
                        untouched:
                          sla_business_minutes: 30
                          per_owner_batch: 2
                          escalate_hours: 8
                          escalate_count: 4
                          hot_sources: [Partner, Employee Referral]
                          max_age_days: 3
                        health: {max_poll_lag_minutes: 30}
                        business_hours:
                          days: [Mon, Tue, Wed, Thu, Friday]
                          start: "08:30"
                          end: "17:30"
                          holidays: [2026-12-25, 2027-01-01]
                        noise:
                          cooldown_hours: 12
                          group_minutes: 10
                          daily_cap_per_recipient: 5
                          quiet_hours: "21:00-08:00"
                        """);

        AlertSettings a = settings.alerts();
        assertThat(a.mechanics())
                .isEqualTo(
                        new AlertSettings.Mechanics(
                                21, 2, 6, 42, 5, 0.01, 3, 30, 8, 2, Duration.ofMinutes(30)));
        assertThat(a.junk()).isEqualTo(new AlertSettings.JunkSpike(0.15, 2, 0.3));
        assertThat(a.volumeDrop()).isEqualTo(new AlertSettings.VolumeDrop(0.5, 10, 200, 4));
        assertThat(a.silence()).isEqualTo(new AlertSettings.Silence(2, 6, 1.5, 24));
        assertThat(a.bigDealLost())
                .isEqualTo(new AlertSettings.BigDealLost(new BigDecimal("500000"), 95, 90, 0.2));
        assertThat(a.untouched())
                .isEqualTo(
                        new AlertSettings.Untouched(
                                30, 2, 8, 4, List.of("Partner", "Employee Referral"), 3));
        assertThat(a.health().maxPollLagMinutes()).isEqualTo(30);
        assertThat(a.businessHours())
                .isEqualTo(
                        new AlertSettings.BusinessHours(
                                List.of(
                                        DayOfWeek.MONDAY,
                                        DayOfWeek.TUESDAY,
                                        DayOfWeek.WEDNESDAY,
                                        DayOfWeek.THURSDAY,
                                        DayOfWeek.FRIDAY),
                                LocalTime.of(8, 30),
                                LocalTime.of(17, 30),
                                List.of(LocalDate.of(2026, 12, 25), LocalDate.of(2027, 1, 1))));
        assertThat(a.noise())
                .isEqualTo(
                        new AlertSettings.Noise(
                                12,
                                10,
                                5,
                                new QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0))));
        // The metrics and Zoho settings keep their defaults.
        assertThat(settings.metricClasses()).isEqualTo(MetricClasses.defaults());
    }

    @Test
    void quietHoursCanBeNone() {
        assertThat(parse("noise:\n  quiet_hours: none\n").alerts().noise().quietHours()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "alerts:\n  warmup_days: 1.5\n|pulse.yaml: alerts.warmup_days must be a whole"
                        + " number from 0 to 365, got 1.5",
                "alerts:\n  checkpoint_minutes: 0\n|pulse.yaml: alerts.checkpoint_minutes must be"
                        + " a whole number from 1 to 60, got 0",
                "alerts:\n  p_value: 0.5\n|pulse.yaml: alerts.p_value must be a number above 0 and"
                        + " below 0.5, got 0.5",
                "alerts:\n  live_horizon: 2d\n|pulse.yaml: alerts.live_horizon must be a duration"
                        + " from 1m to 24h, like 15m or PT15M, got \"2d\"",
                "alerts:\n  live_horizon: soon\n|pulse.yaml: alerts.live_horizon must be a duration"
                        + " from 1m to 24h, like 15m or PT15M, got \"soon\"",
                "junk:\n  abs_pp: 10\n|pulse.yaml: junk.abs_pp must be a number from 0 to 1, got 10",
                "junk:\n  rel_mult: '2'\n|pulse.yaml: junk.rel_mult must be a number from 1 to 100,"
                        + " got \"2\"",
                "big_deal_lost:\n  abs_floor: -1\n|pulse.yaml: big_deal_lost.abs_floor must be an"
                        + " amount of at least 0 in the home currency, like 500000, got -1",
                "business_hours:\n  days: [Mon, Funday]\n|pulse.yaml: business_hours.days must be a"
                        + " non-empty list of days from Mon, Tue, Wed, Thu, Fri, Sat, Sun, got"
                        + " [\"Mon\",\"Funday\"]",
                "business_hours:\n  days: []\n|pulse.yaml: business_hours.days must be a non-empty"
                        + " list of days from Mon, Tue, Wed, Thu, Fri, Sat, Sun, got []",
                "business_hours:\n  start: 9\n|pulse.yaml: business_hours.start must be a local"
                        + " time HH:MM in quotes, like \"09:00\", got 9",
                "business_hours:\n  holidays: [christmas]\n|pulse.yaml: business_hours.holidays"
                        + " must be a list of dates YYYY-MM-DD, got [\"christmas\"]",
                "noise:\n  quiet_hours: 21-8\n|pulse.yaml: noise.quiet_hours must be none or two"
                        + " different local times HH:MM-HH:MM, like \"21:00-08:00\", got \"21-8\"",
                "noise:\n  daily_cap_per_recipient: 0\n|pulse.yaml: noise.daily_cap_per_recipient"
                        + " must be a whole number from 1 to 10000, got 0",
                "untouched:\n  hot_sources: Partner\n|pulse.yaml: untouched.hot_sources must be a"
                        + " list of strings, got \"Partner\"",
            })
    void aWrongAlertValueNamesTheKeyTheValueAndWhatIsAllowed(String yamlAndMessage) {
        String[] parts = yamlAndMessage.split("\\|", 2);
        assertRefused(parts[0], parts[1]);
    }

    @Test
    void keysThatContradictEachOtherAreRefused() {
        assertRefused(
                "business_hours:\n  start: \"19:00\"\n  end: \"09:00\"\n",
                "pulse.yaml: business_hours.start must be before business_hours.end, got 19:00"
                        + " and 09:00");
        assertRefused(
                "silence:\n  min_hours: 10\n  max_hours: 5\n",
                "pulse.yaml: silence.min_hours must not exceed silence.max_hours, got 10.0 > 5.0");
        assertRefused(
                "junk:\n  abs_pp: 0.3\n  critical_pp: 0.2\n",
                "pulse.yaml: junk.critical_pp must be at least junk.abs_pp, got 0.2 < 0.3");
        assertRefused(
                "alerts:\n  baseline_same_weekday_n: 2\n",
                "pulse.yaml: alerts.warmup_same_weekday_points must not exceed"
                        + " alerts.baseline_same_weekday_n (the same weekdays kept), got 3 > 2");
    }

    @Test
    void anUnknownAlertKeyIsRefusedWithTheKeysOfItsSection() {
        assertRefused(
                "junk:\n  abs: 0.1\n",
                "pulse.yaml: unknown key junk.abs; allowed: junk.abs_pp, junk.rel_mult,"
                        + " junk.critical_pp");
    }

    @Test
    void theTwoArgumentConstructorKeepsTheAlertDefaults() {
        assertThat(new PulseSettings(MetricClasses.defaults(), Duration.ZERO).alerts())
                .isEqualTo(AlertSettings.defaults());
    }

    @Test
    void theKafkaMappingDefaultsToSnakeCaseColumnsOfCrmPublicTopics() {
        KafkaSettings kafka = PulseSettings.defaults().kafka();

        assertThat(kafka.groupId()).isEqualTo("crm-pulse");
        assertThat(kafka.transactionTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(kafka.mapping().topics())
                .containsExactly("crm.public.leads", "crm.public.deals");
        TableMapping leads = kafka.mapping().tables().get(0);
        assertThat(leads.module()).isEqualTo("Leads");
        assertThat(leads.table()).isNull();
        assertThat(leads.columns())
                .containsEntry(Role.SOURCE, Column.named("lead_source"))
                .containsEntry(Role.MODIFIED, Column.named("updated_at"))
                .hasSize(TableMapping.LEAD_ROLES.size());
        assertThat(kafka.mapping().tables().get(1).columns())
                .containsEntry(Role.NAME, Column.named("deal_name"))
                .hasSize(TableMapping.DEAL_ROLES.size());
    }

    @Test
    void aColumnIsANameATypedMappingOrNone() {
        PulseSettings settings =
                parse(
                        "kafka_leads:\n"
                                + "  topic: crm.crm.leads\n"
                                + "  table: lead\n"
                                + "  created: {column: created_us, type: epoch_us}\n"
                                + "  converted: none\n"
                                + "kafka_deals:\n"
                                + "  amount: {column: amt, type: decimal_base64, scale: 2}\n"
                                + "  exchange_rate: ~\n"
                                + "  closing_date: {column: closes, type: epoch_days}\n");

        TableMapping leads = settings.kafka().mapping().tables().get(0);
        assertThat(leads.topic()).isEqualTo("crm.crm.leads");
        assertThat(leads.table()).isEqualTo("lead");
        assertThat(leads.columns())
                .containsEntry(Role.CREATED, new Column("created_us", ColumnType.EPOCH_US, null))
                .doesNotContainKey(Role.CONVERTED);
        TableMapping deals = settings.kafka().mapping().tables().get(1);
        assertThat(deals.columns())
                .containsEntry(Role.AMOUNT, new Column("amt", ColumnType.DECIMAL_BASE64, 2))
                .containsEntry(Role.CLOSING_DATE, new Column("closes", ColumnType.EPOCH_DAYS, null))
                .doesNotContainKey(Role.EXCHANGE_RATE);
    }

    @Test
    void aColumnTypeItsRoleCannotHaveIsRefusedWithTheTypesAllowed() {
        assertRefused(
                "kafka_leads:\n  created: {column: c, type: decimal_base64, scale: 2}\n",
                "pulse.yaml: kafka_leads.created must be none, a column name, or {column: NAME,"
                        + " type: TYPE} with TYPE one of auto, iso, epoch_ms, epoch_us, epoch_ns,"
                        + " epoch_days,"
                        + " got {\"column\":\"c\",\"type\":\"decimal_base64\",\"scale\":2}");
        assertRefused(
                "kafka_deals:\n  amount: {column: a, type: decimal_base64}\n",
                "pulse.yaml: kafka_deals.amount must be none, a column name, or {column: NAME,"
                        + " type: TYPE} with TYPE one of auto, decimal_base64 (and scale: N), got"
                        + " {\"column\":\"a\",\"type\":\"decimal_base64\"}");
        assertRefused(
                "kafka_leads:\n  status: {column: s}\n",
                "pulse.yaml: kafka_leads.status must be none, a column name, got"
                        + " {\"column\":\"s\"}");
    }

    @Test
    void leadsAndDealsOnOneTopicMustNameTheirTables() {
        assertRefused(
                "kafka_leads:\n  topic: crm.all\nkafka_deals:\n  topic: crm.all\n  table: deals\n",
                "pulse.yaml: kafka_leads.table and kafka_deals.table must name two different"
                        + " tables when both read the topic crm.all, got null and deals");
        assertThat(
                        parse(
                                        "kafka_leads:\n  topic: crm.all\n  table: leads\n"
                                                + "kafka_deals:\n  topic: crm.all\n  table: deals\n")
                                .kafka()
                                .mapping()
                                .topics())
                .containsExactly("crm.all");
    }

    @Test
    void theIdColumnCannotBeNone() {
        assertRefused(
                "kafka_deals:\n  id: none\n",
                "pulse.yaml: kafka_deals.id must be a column name, got \"none\"");
    }

    @Test
    void aTransactionTimeoutBelowAMinuteIsRefused() {
        assertRefused(
                "kafka:\n  transaction_timeout: 30s\n",
                "pulse.yaml: kafka.transaction_timeout must be a duration from 1m to 24h, like"
                        + " 10m, got \"30s\"");
    }
}
