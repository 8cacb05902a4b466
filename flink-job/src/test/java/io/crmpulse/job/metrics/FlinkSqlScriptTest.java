package io.crmpulse.job.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlinkSqlScriptTest {

    @Test
    void splitsStatementsDropsCommentsAndFillsPlaceholders() {
        FlinkSqlScript script =
                FlinkSqlScript.of(
                        "test.sql",
                        "-- a comment; with a semicolon\n"
                                + "CREATE TABLE t (a INT) WITH ('url' = '${jdbc.url}');\n"
                                + "\n"
                                + "INSERT INTO t\nSELECT 1;\n");

        List<String> statements = script.statements(Map.of("jdbc.url", "jdbc:postgresql://h/db"));

        assertThat(statements)
                .containsExactly(
                        "CREATE TABLE t (a INT) WITH ('url' = 'jdbc:postgresql://h/db')",
                        "INSERT INTO t\nSELECT 1");
    }

    @Test
    void quotesValuesSoAPasswordCannotBreakTheStatement() {
        FlinkSqlScript script = FlinkSqlScript.of("t.sql", "SELECT '${p}';");

        assertThat(script.statements(Map.of("p", "it's"))).containsExactly("SELECT 'it''s'");
    }

    @Test
    void aPlaceholderWithoutValueIsAnError() {
        FlinkSqlScript script = FlinkSqlScript.of("t.sql", "SELECT '${missing}';");

        assertThatThrownBy(() -> script.statements(Map.of()))
                .hasMessage("t.sql uses ${missing}, which has no value");
    }

    @Test
    void theJobsScriptsAreOnTheClasspathAndComplete() {
        Map<String, String> values =
                Map.of(
                        "jdbc.url", "jdbc:postgresql://localhost/pulse",
                        "jdbc.user", "pulse",
                        "jdbc.password", "secret");

        assertThat(FlinkSqlScript.load("sinks.sql").statements(values))
                .hasSize(10) // the nine tables of docs/METRICS.md, and alerts
                .allSatisfy(s -> assertThat(s).startsWith("CREATE TEMPORARY TABLE"))
                .allSatisfy(s -> assertThat(s).contains("'connector' = 'crm-pulse-postgres'"));
        assertThat(FlinkSqlScript.load("metrics.sql").statements(values))
                .filteredOn(s -> s.startsWith("INSERT INTO"))
                .hasSize(10);
    }
}
