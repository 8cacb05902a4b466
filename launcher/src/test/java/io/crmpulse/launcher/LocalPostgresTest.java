package io.crmpulse.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmpulse.job.config.ConfigException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalPostgresTest {

    @Test
    void livesInTheStateDirectoryOnAFixedPortByDefault() {
        LocalPostgres postgres = LocalPostgres.fromEnvironment(Map.of());

        assertThat(postgres.dataDirectory())
                .isEqualTo(Path.of(".crm-pulse", "postgres").toAbsolutePath());
        assertThat(postgres.port()).isEqualTo(54329);
        assertThat(postgres.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:54329/postgres");
        assertThat(postgres.psqlCommand())
                .isEqualTo(
                        "PGPASSFILE="
                                + Path.of(".crm-pulse", "pgpass").toAbsolutePath()
                                + " psql -h 127.0.0.1 -p 54329 -U postgres postgres");
    }

    @Test
    void followsPulseStateDirAndThePortVariable() {
        LocalPostgres postgres =
                LocalPostgres.fromEnvironment(
                        Map.of("PULSE_STATE_DIR", "/var/lib/pulse", "PULSE_LOCAL_DB_PORT", "6543"));

        assertThat(postgres.dataDirectory()).isEqualTo(Path.of("/var/lib/pulse/postgres"));
        assertThat(postgres.psqlCommand())
                .isEqualTo(
                        "PGPASSFILE=/var/lib/pulse/pgpass psql -h 127.0.0.1 -p 6543 -U postgres"
                                + " postgres");
    }

    @Test
    void thePsqlCommandQuotesAStateDirectoryThatTheShellWouldSplit() {
        LocalPostgres postgres =
                LocalPostgres.fromEnvironment(Map.of("PULSE_STATE_DIR", "/home/a b/it's pulse"));

        assertThat(postgres.psqlCommand())
                .isEqualTo(
                        "PGPASSFILE='/home/a b/it'\\''s pulse/pgpass' psql -h 127.0.0.1 -p 54329"
                                + " -U postgres postgres");
    }

    @Test
    void aPortThatIsNoPortNamesTheVariable() {
        assertThatThrownBy(
                        () -> LocalPostgres.fromEnvironment(Map.of("PULSE_LOCAL_DB_PORT", "70000")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("PULSE_LOCAL_DB_PORT='70000' must be a port number, 1 to 65535");
        assertThatThrownBy(() -> LocalPostgres.fromEnvironment(Map.of("PULSE_LOCAL_DB_PORT", "pg")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("PULSE_LOCAL_DB_PORT='pg' must be a port number, 1 to 65535");
    }
}
