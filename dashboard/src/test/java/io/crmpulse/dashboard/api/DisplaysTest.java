package io.crmpulse.dashboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crmpulse.job.config.DisplayFormat;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class DisplaysTest {

    private final Displays displays = new Displays(DisplayFormat.parse("INR"));
    private final JsonNodeFactory nodes = JsonNodeFactory.withExactBigDecimals(true);

    @Test
    void anExpectedCountThatIsAMeanKeepsItsDecimal() {
        ObjectNode alert =
                nodes.objectNode()
                        .put("rule", "R2_VOLUME_DROP")
                        .put("observed", new BigDecimal("9"))
                        .put("expected", new BigDecimal("16.5"))
                        .put("n", 34);

        assertThat(displays.add(alert).path("display").toString())
                .isEqualTo("{\"observed\":\"9\",\"expected\":\"16.5\",\"n\":\"34\"}");
    }

    @Test
    void aChangeOfMoneyCarriesItsSign() {
        ObjectNode today =
                nodes.objectNode()
                        .put("open_pipeline_change", new BigDecimal("-49999.60"))
                        .putNull("open_pipeline_yesterday");

        assertThat(displays.add(today).path("display").toString())
                .isEqualTo(
                        "{\"open_pipeline_change\":\"-₹50,000\",\"open_pipeline_yesterday\":null}");
        assertThat(
                        displays.add(
                                        nodes.objectNode()
                                                .put(
                                                        "open_pipeline_change",
                                                        new BigDecimal("250000")))
                                .path("display")
                                .path("open_pipeline_change")
                                .asText())
                .isEqualTo("+₹2,50,000");
    }

    @Test
    void aNumericFieldNotDeclaredReadsAsItIsRatherThanFailingTheAnswer() {
        ObjectNode row =
                nodes.objectNode()
                        .put("lead_source", "Web")
                        .put("a_new_column", new BigDecimal("1234.50"))
                        .put("leads", 1204);
        row.putArray("a_new_series").add(1).add(2);

        assertThat(displays.add(row).path("display").toString())
                .isEqualTo(
                        "{\"a_new_column\":\"1234.50\",\"leads\":\"1,204\","
                                + "\"a_new_series\":[\"1\",\"2\"]}");
    }
}
