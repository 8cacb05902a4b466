package io.crmpulse.job.summary;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.crmpulse.common.retry.Backoff;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client's own behaviour against the fake Ollama; its classification is in SummaryWriterTest.
 */
class HttpOllamaClientTest {

    private final FakeOllama ollama = new FakeOllama();

    HttpOllamaClientTest() throws IOException {}

    @AfterEach
    void stop() {
        ollama.close();
    }

    @Test
    void anInterruptEndsAChatThatWaitsForTheModel() throws Exception {
        // Held far beyond the test's wait: only the interrupt can end the call in time.
        ollama.always(new FakeOllama.Held(Duration.ofMinutes(3), SummaryFixtures.GOOD));
        HttpOllamaClient client =
                new HttpOllamaClient(
                        ollama.baseUrl(),
                        Duration.ofMinutes(5),
                        new Backoff(Duration.ofMillis(1), Duration.ofMillis(1)),
                        d -> {});
        OllamaClient.ChatCall call =
                new OllamaClient.ChatCall(
                        "llama3.2:1b",
                        "system",
                        "user",
                        new ObjectMapper().createObjectNode(),
                        0.0,
                        1,
                        4096,
                        256);
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread writer =
                new Thread(
                        () -> {
                            try {
                                client.chat(call);
                                outcome.complete(null);
                            } catch (Throwable t) {
                                stillInterrupted.set(Thread.currentThread().isInterrupted());
                                outcome.complete(t);
                            }
                        });
        writer.start();
        while (ollama.calls("/api/chat") == 0 && !outcome.isDone()) {
            Thread.yield();
        }

        writer.interrupt();

        Throwable failure = outcome.get(1, TimeUnit.MINUTES);
        assertThat(failure)
                .isInstanceOf(OllamaException.class)
                .hasMessage("POST /api/chat was interrupted");
        assertThat(((OllamaException) failure).kind()).isEqualTo(OllamaException.Kind.UNAVAILABLE);
        assertThat(stillInterrupted).isTrue();
        assertThat(ollama.calls("/api/chat")).isEqualTo(1);
    }
}
