package io.crmpulse.job.grafana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class GrafanaMacrosTest {

    private final GrafanaMacros macros =
            new GrafanaMacros(
                    Instant.parse("2018-04-12T18:00:00Z"), Instant.parse("2018-04-12T18:05:00.5Z"));

    @Test
    void timeFilterIsABetweenOfTheRangeInUtc() {
        assertThat(macros.expand("WHERE $__timeFilter(time_column)"))
                .isEqualTo(
                        "WHERE time_column BETWEEN '2018-04-12T18:00:00Z'"
                                + " AND '2018-04-12T18:05:00.5Z'");
    }

    @Test
    void timeFromAndTimeToAreQuotedInstants() {
        assertThat(macros.expand("select $__timeFrom(), $__timeTo()"))
                .isEqualTo("select '2018-04-12T18:00:00Z', '2018-04-12T18:05:00.5Z'");
    }

    @Test
    void argumentsAreTrimmedAndAnExpressionWithoutParenthesesIsOneColumn() {
        assertThat(macros.expand("$__timeFilter(  d.day::timestamp AT TIME ZONE z.name )"))
                .startsWith("d.day::timestamp AT TIME ZONE z.name BETWEEN '2018-");
    }

    @Test
    void fractionsLoseTheirTrailingZerosAsInGo() {
        assertThat(GrafanaMacros.rfc3339Nano(Instant.parse("2026-01-02T03:04:05.120Z")))
                .isEqualTo("2026-01-02T03:04:05.12Z");
        assertThat(GrafanaMacros.rfc3339Nano(Instant.parse("2026-01-02T03:04:05.000000001Z")))
                .isEqualTo("2026-01-02T03:04:05.000000001Z");
    }

    @Test
    void aMacroThatIsNotImplementedFails() {
        assertThatThrownBy(() -> macros.expand("SELECT $__timeGroup(t, 1h)"))
                .hasMessage(
                        "macro __timeGroup is not expanded here: add its expansion from macros.go");
    }
}
