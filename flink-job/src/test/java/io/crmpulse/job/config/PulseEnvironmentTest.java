package io.crmpulse.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmpulse.sinks.jdbc.JdbcSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.contrib.streaming.state.RocksDBConfigurableOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PulseEnvironmentTest {

    @Test
    void eachVariableIsDeclaredOnce() {
        Set<String> names = new HashSet<>();
        for (PulseEnvironment.Variable variable : PulseEnvironment.VARIABLES) {
            assertThat(names.add(variable.name())).as(variable.name()).isTrue();
        }
        assertThat(names)
                .contains(
                        "PULSE_CHECKPOINT_INTERVAL",
                        "PULSE_STATE_DIR",
                        "PULSE_LOCAL_DB_PORT",
                        "PULSE_JDBC_URL",
                        "PULSE_DB_USER",
                        "PULSE_DB_PASSWORD");
    }

    @Test
    void theSecretsAreMarked() {
        assertThat(PulseEnvironment.VARIABLES)
                .filteredOn(PulseEnvironment.Variable::secret)
                .extracting(PulseEnvironment.Variable::name)
                .containsExactly(
                        "ZOHO_CLIENT_SECRET",
                        "ZOHO_REFRESH_TOKEN",
                        "PULSE_DB_PASSWORD",
                        "TWILIO_AUTH_TOKEN",
                        "PULSE_DASHBOARD_TOKEN",
                        "PULSE_READER_PASSWORD");
    }

    @Test
    void aBlankValueIsUnsetAndAValueIsTrimmed() {
        PulseEnvironment.Variable modules = PulseEnvironment.ZOHO_MODULES;

        assertThat(modules.get(Map.of("ZOHO_MODULES", "  "))).isNull();
        assertThat(modules.isSet(Map.of("ZOHO_MODULES", "  "))).isFalse();
        assertThat(modules.getOrDefault(Map.of())).isEqualTo("Leads,Deals");
        assertThat(modules.getOrDefault(Map.of("ZOHO_MODULES", " Leads "))).isEqualTo("Leads");
    }

    @Test
    void theCheckpointIntervalIsFiveSecondsUnlessSet() {
        assertThat(PulseEnvironment.checkpointInterval(Map.of())).isEqualTo(Duration.ofSeconds(5));
        assertThat(
                        PulseEnvironment.checkpointInterval(
                                Map.of("PULSE_CHECKPOINT_INTERVAL", "250ms")))
                .isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void aCheckpointIntervalBelow100msOrNotADurationIsRefused() {
        assertThatThrownBy(
                        () ->
                                PulseEnvironment.checkpointInterval(
                                        Map.of("PULSE_CHECKPOINT_INTERVAL", "50ms")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("PULSE_CHECKPOINT_INTERVAL='50ms' must be at least 100ms");
        assertThatThrownBy(
                        () ->
                                PulseEnvironment.checkpointInterval(
                                        Map.of("PULSE_CHECKPOINT_INTERVAL", "often")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("PULSE_CHECKPOINT_INTERVAL='often' is not a duration");
    }

    @Test
    void theStateBackendIsLeftToFlinkUnlessSet() {
        assertThat(PulseEnvironment.stateBackend(Map.of())).isEmpty();
        assertThat(PulseEnvironment.stateBackend(Map.of("PULSE_STATE_BACKEND", " RocksDB ")))
                .contains(PulseStateBackend.ROCKSDB);
        assertThat(PulseEnvironment.stateBackend(Map.of("PULSE_STATE_BACKEND", "hashmap")))
                .contains(PulseStateBackend.HASHMAP);
    }

    @Test
    void rocksdbCheckpointsIncrementallyWithSmallWriteBuffersAndTheHeapInFull() {
        Configuration rocksdb = PulseStateBackend.ROCKSDB.flinkSettings();
        assertThat(rocksdb.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
        assertThat(rocksdb.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isTrue();
        assertThat(rocksdb.get(RocksDBConfigurableOptions.WRITE_BUFFER_SIZE))
                .isEqualTo(MemorySize.parse("4mb"));
        Configuration hashmap = PulseStateBackend.HASHMAP.flinkSettings();
        assertThat(hashmap.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("hashmap");
        assertThat(hashmap.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isFalse();
        assertThat(hashmap.contains(RocksDBConfigurableOptions.WRITE_BUFFER_SIZE)).isFalse();
    }

    @Test
    void aStateBackendThatIsNoneOfTheChoicesIsRefused() {
        assertThatThrownBy(
                        () ->
                                PulseEnvironment.stateBackend(
                                        Map.of("PULSE_STATE_BACKEND", "filesystem")))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "PULSE_STATE_BACKEND='filesystem' is not a state backend: use hashmap or"
                                + " rocksdb");
    }

    @Test
    void theStateDirectoryIsDotCrmPulseUnlessSet() {
        assertThat(PulseEnvironment.stateDirectory(Map.of())).isEqualTo(Path.of(".crm-pulse"));
        assertThat(PulseEnvironment.stateDirectory(Map.of("PULSE_STATE_DIR", " /var/lib/pulse ")))
                .isEqualTo(Path.of("/var/lib/pulse"));
    }

    @Test
    void theLocalDatabasePortIs54329UnlessSet() {
        assertThat(PulseEnvironment.localDatabasePort(Map.of())).isEqualTo(54329);
        assertThat(PulseEnvironment.localDatabasePort(Map.of("PULSE_LOCAL_DB_PORT", "6543")))
                .isEqualTo(6543);
    }

    @Test
    void aLocalDatabasePortOutOfRangeIsRefused() {
        assertThatThrownBy(
                        () ->
                                PulseEnvironment.localDatabasePort(
                                        Map.of("PULSE_LOCAL_DB_PORT", "70000")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("PULSE_LOCAL_DB_PORT='70000' must be a port number, 1 to 65535");
        assertThatThrownBy(
                        () ->
                                PulseEnvironment.localDatabasePort(
                                        Map.of("PULSE_LOCAL_DB_PORT", "db")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("PULSE_LOCAL_DB_PORT='db' must be a port number, 1 to 65535");
    }

    @Test
    void withoutAJdbcUrlTheEnvironmentNamesNoDatabase() {
        assertThat(PulseEnvironment.database(Map.of())).isEmpty();
        assertThat(PulseEnvironment.database(Map.of("PULSE_JDBC_URL", " ", "PULSE_DB_USER", "u")))
                .isEmpty();
    }

    @Test
    void readsTheDatabaseFromTheEnvironment() {
        assertThat(
                        PulseEnvironment.database(
                                Map.of(
                                        "PULSE_JDBC_URL", " jdbc:postgresql://db:5432/pulse ",
                                        "PULSE_DB_USER", "pulse",
                                        "PULSE_DB_PASSWORD", " s3cret")))
                .contains(new JdbcSettings("jdbc:postgresql://db:5432/pulse", "pulse", " s3cret"));
        assertThat(
                        PulseEnvironment.database(
                                Map.of("PULSE_JDBC_URL", "jdbc:postgresql://db:5432/pulse")))
                .contains(new JdbcSettings("jdbc:postgresql://db:5432/pulse", "", ""));
    }

    @Test
    void theCurrencyIsRupeesUnlessSetAndAWrongOneNamesTheVariable() {
        assertThat(PulseEnvironment.display(Map.of())).isEqualTo(DisplayFormat.parse("INR"));
        assertThat(PulseEnvironment.display(Map.of("PULSE_CURRENCY", " ")))
                .isEqualTo(DisplayFormat.parse("INR"));
        assertThat(PulseEnvironment.display(Map.of("PULSE_CURRENCY", " EUR:de-DE ")))
                .isEqualTo(DisplayFormat.parse("EUR:de-DE"));
        assertThatThrownBy(() -> PulseEnvironment.display(Map.of("PULSE_CURRENCY", "RUPEES")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("PULSE_CURRENCY='RUPEES' is not a currency");
    }

    @Test
    void withoutKafkaBrokersThereIsNoKafkaConnection() {
        assertThat(PulseEnvironment.kafka(Map.of())).isEmpty();
        assertThat(PulseEnvironment.kafka(Map.of("PULSE_KAFKA_BOOTSTRAP_SERVERS", " "))).isEmpty();
    }

    @Test
    void kafkaClientSettingsComeFromAPropertiesFileAndAreNeverShown(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("kafka.properties");
        Files.writeString(
                file,
                "security.protocol=SASL_SSL\n"
                        + "sasl.mechanism=PLAIN\n"
                        + "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule"
                        + " required username=\"pulse\" password=\"s3cret\";\n");

        KafkaConnection kafka =
                PulseEnvironment.kafka(
                                Map.of(
                                        "PULSE_KAFKA_BOOTSTRAP_SERVERS",
                                        "broker-1:9093,broker-2:9093",
                                        "PULSE_KAFKA_PROPERTIES",
                                        file.toString()))
                        .orElseThrow();

        assertThat(kafka.bootstrapServers()).isEqualTo("broker-1:9093,broker-2:9093");
        assertThat(kafka.clientProperties())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "PLAIN");
        assertThat(kafka.toString()).doesNotContain("s3cret").contains("broker-1:9093");
    }

    @Test
    void aKafkaPropertiesFileWithoutBrokersOrThatCannotBeReadStopsTheJob(@TempDir Path dir) {
        assertThatThrownBy(
                        () ->
                                PulseEnvironment.kafka(
                                        Map.of("PULSE_KAFKA_PROPERTIES", "kafka.properties")))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "PULSE_KAFKA_PROPERTIES is set but PULSE_KAFKA_BOOTSTRAP_SERVERS is not:"
                                + " name the brokers, e.g. kafka:9092");
        String missing = dir.resolve("missing.properties").toString();
        assertThatThrownBy(
                        () ->
                                PulseEnvironment.kafka(
                                        Map.of(
                                                "PULSE_KAFKA_BOOTSTRAP_SERVERS",
                                                "kafka:9092",
                                                "PULSE_KAFKA_PROPERTIES",
                                                missing)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(
                        "PULSE_KAFKA_PROPERTIES='" + missing + "' cannot be read: ");
    }
}
