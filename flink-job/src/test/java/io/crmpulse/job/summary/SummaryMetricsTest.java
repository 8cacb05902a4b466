package io.crmpulse.job.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import org.apache.flink.metrics.testutils.MetricListener;
import org.junit.jupiter.api.Test;

class SummaryMetricsTest {

    private static final OllamaClient.ChatCall CALL =
            new OllamaClient.ChatCall(
                    "llama3.2:1b",
                    "system",
                    "user",
                    JsonNodeFactory.instance.objectNode(),
                    0.0,
                    1L,
                    2048,
                    256);

    private final MetricListener listener = new MetricListener();
    private final SummaryMetrics metrics = new SummaryMetrics(listener.getMetricGroup());

    /** A model that answers, then fails: the two outcomes of a chat. */
    private static final class TwoChats implements OllamaClient {
        int calls;

        @Override
        public String preflight(String model) {
            return "0.6.0";
        }

        @Override
        public ChatReply chat(ChatCall call) throws OllamaException {
            calls++;
            if (calls == 1) {
                return new ChatReply("{}", true, "stop", 10, 5, 0, 0);
            }
            throw new OllamaException(OllamaException.Kind.UNAVAILABLE, "connection refused");
        }
    }

    @Test
    void everyVerdictHasACounterFromTheStartAndCountsWhatWasStored() {
        assertThat(listener.getCounter("crmpulse", "summary", "grounded").orElseThrow().getCount())
                .isZero();
        assertThat(listener.getCounter("crmpulse", "summary", "fallback").orElseThrow().getCount())
                .isZero();

        metrics.stored(new SummaryVerdict(SummaryVerdict.Status.GROUNDED, List.of()));
        metrics.stored(new SummaryVerdict(SummaryVerdict.Status.FALLBACK, List.of("timeout")));
        metrics.stored(new SummaryVerdict(SummaryVerdict.Status.FALLBACK, List.of("timeout")));

        assertThat(listener.getCounter("crmpulse", "summary", "grounded").orElseThrow().getCount())
                .isEqualTo(1);
        assertThat(listener.getCounter("crmpulse", "summary", "fallback").orElseThrow().getCount())
                .isEqualTo(2);
    }

    @Test
    void anAnsweredChatIsTimedAndAFailedOneCountedAsAnError() throws Exception {
        TwoChats model = new TwoChats();
        OllamaClient timed = metrics.timed(model);

        assertThat(timed.chat(CALL).content()).isEqualTo("{}");
        assertThatThrownBy(() -> timed.chat(CALL)).isInstanceOf(OllamaException.class);
        assertThat(timed.preflight("llama3.2:1b")).isEqualTo("0.6.0");

        assertThat(model.calls).isEqualTo(2);
        assertThat(
                        listener.getHistogram("crmpulse", "summary", "modelLatencyMs")
                                .orElseThrow()
                                .getCount())
                .isEqualTo(1);
        assertThat(
                        listener.getCounter("crmpulse", "summary", "modelErrors")
                                .orElseThrow()
                                .getCount())
                .isEqualTo(1);
    }
}
