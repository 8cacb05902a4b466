package io.crmpulse.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmpulse.job.config.ConfigException;
import io.crmpulse.job.config.DisplayFormat;
import io.crmpulse.job.config.PulseEnvironment;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DashboardSettingsTest {

    private static final String URL = "jdbc:postgresql://db.example.com:5432/pulse";
    private static final String TOKEN = "s3cret-token-of-32-characters-ok";

    @Test
    void listensOnLoopbackPort8080WithoutATokenByDefault() {
        DashboardSettings s =
                DashboardSettings.fromEnvironment(
                        Map.of("PULSE_JDBC_URL", URL, "PULSE_READER_PASSWORD", "pw"));

        assertThat(s.host()).isEqualTo("127.0.0.1");
        assertThat(s.port()).isEqualTo(8080);
        assertThat(s.token()).isEmpty();
        assertThat(s.database().user()).isEqualTo("pulse_reader");
        assertThat(s.database().password()).isEqualTo("pw");
        assertThat(s.zone()).isEqualTo(ZoneId.of("UTC"));
    }

    @Test
    void refusesToStartOnAnotherAddressWithoutAToken() {
        assertThatThrownBy(
                        () ->
                                DashboardSettings.fromEnvironment(
                                        Map.of(
                                                "PULSE_JDBC_URL",
                                                URL,
                                                "PULSE_DASHBOARD_HOST",
                                                "0.0.0.0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("PULSE_DASHBOARD_HOST='0.0.0.0' is not a loopback address")
                .hasMessageContaining("set PULSE_DASHBOARD_TOKEN");
    }

    @Test
    void anUnknownHostStopsWithTheLaunchersMessage() {
        // .invalid never resolves (RFC 2606); the launcher's DashboardStarterTest asserts the same.
        assertThatThrownBy(
                        () ->
                                DashboardSettings.fromEnvironment(
                                        Map.of(
                                                "PULSE_JDBC_URL",
                                                URL,
                                                "PULSE_DASHBOARD_HOST",
                                                "dashboard.invalid")))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "PULSE_DASHBOARD_HOST='dashboard.invalid' is not an address of this"
                                + " machine (unknown host): set it to 127.0.0.1, 0.0.0.0 (every"
                                + " address) or one of this machine's addresses")
                .hasCauseInstanceOf(java.net.UnknownHostException.class);
    }

    @Test
    void aDatabaseItCannotReadNamesTheUrlAndKeepsTheCause() {
        SQLException refused = new SQLException("Connection to db:5432 refused.", "08001");

        assertThat(DashboardSettings.databaseUnreadable(refused))
                .hasMessage(
                        "The dashboard cannot read the database of PULSE_JDBC_URL (Connection to"
                                + " db:5432 refused.): check the address, and that the job's schema"
                                + " is there")
                .hasCause(refused);
    }

    @Test
    void anotherAddressWithATokenIsAllowedAndTheTokenNeverShows() {
        DashboardSettings s =
                DashboardSettings.fromEnvironment(
                        Map.of(
                                "PULSE_JDBC_URL",
                                URL,
                                "PULSE_DASHBOARD_HOST",
                                "0.0.0.0",
                                "PULSE_DASHBOARD_TOKEN",
                                TOKEN,
                                "PULSE_DASHBOARD_PORT",
                                "9090",
                                "PULSE_TIMEZONE",
                                "Asia/Kolkata"));

        assertThat(s.token()).contains(TOKEN);
        assertThat(s.port()).isEqualTo(9090);
        assertThat(s.zone()).isEqualTo(ZoneId.of("Asia/Kolkata"));
        assertThat(s.toString()).doesNotContain("s3cret").contains("token=***");
    }

    @Test
    void aTokenShorterThan32CharactersNamesTheVariableAndNeverShows() {
        String shortToken = TOKEN.substring(1);
        assertThatThrownBy(
                        () ->
                                DashboardSettings.fromEnvironment(
                                        Map.of(
                                                "PULSE_JDBC_URL",
                                                URL,
                                                "PULSE_DASHBOARD_TOKEN",
                                                shortToken)))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "PULSE_DASHBOARD_TOKEN has 31 characters; it must have at least 32: set it"
                                + " to a long random secret, e.g. the output of 'openssl rand -hex"
                                + " 32'");
        assertThat(TOKEN).hasSize(PulseEnvironment.DASHBOARD_TOKEN_MIN_LENGTH);
    }

    @Test
    void aWrongPortOrAMissingDatabaseNamesTheVariable() {
        assertThatThrownBy(
                        () ->
                                DashboardSettings.fromEnvironment(
                                        Map.of(
                                                "PULSE_JDBC_URL",
                                                URL,
                                                "PULSE_DASHBOARD_PORT",
                                                "80a")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("PULSE_DASHBOARD_PORT='80a' must be a port number, 1 to 65535");
        assertThatThrownBy(() -> DashboardSettings.fromEnvironment(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("PULSE_JDBC_URL is not set");
    }

    @Test
    void numbersAreWrittenInPulseCurrencyAsTheSummaryWritesThem() {
        assertThat(
                        DashboardSettings.fromEnvironment(Map.of("PULSE_JDBC_URL", URL))
                                .format()
                                .money(new BigDecimal("1250000.40")))
                .as("INR by default")
                .isEqualTo("₹12,50,000");
        DashboardSettings euro =
                DashboardSettings.fromEnvironment(
                        Map.of("PULSE_JDBC_URL", URL, "PULSE_CURRENCY", "EUR:de-DE"));
        assertThat(euro.format()).isEqualTo(DisplayFormat.parse("EUR:de-DE"));
        assertThatThrownBy(
                        () ->
                                DashboardSettings.fromEnvironment(
                                        Map.of("PULSE_JDBC_URL", URL, "PULSE_CURRENCY", "RUPEES")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("PULSE_CURRENCY='RUPEES' is not a currency");
    }

    @Test
    void localhostIsLoopback() {
        assertThat(
                        new DashboardSettings(
                                        "localhost",
                                        0,
                                        Optional.empty(),
                                        new io.crmpulse.sinks.jdbc.JdbcSettings(URL, "r", ""),
                                        ZoneId.of("UTC"),
                                        DisplayFormat.parse("INR"))
                                .host())
                .isEqualTo("localhost");
    }
}
