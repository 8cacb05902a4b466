package io.crmpulse.job.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsTablesSinksTest {

    private static final Map<String, String> DB = MetricsPlan.SOME_DATABASE;

    @Test
    void sinkTablesAreThePostgresTablesOfSinksSql() {
        List<String> ddl = MetricsTables.sinkTables(DB);

        assertThat(ddl).isNotEmpty();
        assertThat(ddl)
                .allSatisfy(
                        table ->
                                assertThat(table)
                                        .contains("'connector' = 'crm-pulse-postgres'")
                                        .contains("'url' = 'jdbc:postgresql://h/db'"));
    }

    @Test
    void blackholeSinkOptionsKeepEveryTableAndItsColumnsButNoDatabaseOption() {
        List<String> postgres = MetricsTables.sinkTables(DB);
        List<String> blackhole = MetricsTables.sinkTables(MetricsTables.blackholeSinkOptions());

        assertThat(blackhole).hasSameSizeAs(postgres);
        for (int i = 0; i < postgres.size(); i++) {
            String columns = postgres.get(i).substring(0, postgres.get(i).indexOf(") WITH ("));
            assertThat(blackhole.get(i)).isEqualTo(columns + ") WITH ('connector' = 'blackhole')");
        }
    }
}
