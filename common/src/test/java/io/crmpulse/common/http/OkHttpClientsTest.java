package io.crmpulse.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OkHttpClientsTest {

    private final MockWebServer server = new MockWebServer();

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    @Test
    void setsTheGivenTimeoutsWithTheWriteTimeoutEqualToTheReadTimeout() {
        OkHttpClient client =
                OkHttpClients.builder(
                                Duration.ofSeconds(2),
                                Duration.ofSeconds(30),
                                Duration.ofMinutes(1))
                        .build();

        assertThat(client.connectTimeoutMillis()).isEqualTo(2_000);
        assertThat(client.readTimeoutMillis()).isEqualTo(30_000);
        assertThat(client.writeTimeoutMillis()).isEqualTo(30_000);
        assertThat(client.callTimeoutMillis()).isEqualTo(60_000);
    }

    @Test
    void everyRequestNamesCrmPulseAsItsUserAgent() throws Exception {
        server.enqueue(new MockResponse().setBody("ok"));
        OkHttpClient client =
                OkHttpClients.builder(
                                Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5))
                        .build();

        try (Response response =
                client.newCall(new Request.Builder().url(server.url("/")).build()).execute()) {
            assertThat(response.body().string()).isEqualTo("ok");
        }

        assertThat(server.takeRequest(5, TimeUnit.SECONDS).getHeader("User-Agent"))
                .isEqualTo("crm-pulse");
    }

    @Test
    void asynchronousCallsRunOnDaemonThreads() throws Exception {
        server.enqueue(new MockResponse().setBody("ok"));
        OkHttpClient client =
                OkHttpClients.builder(
                                Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5))
                        .build();
        CompletableFuture<Thread> callbackThread = new CompletableFuture<>();

        client.newCall(new Request.Builder().url(server.url("/")).build())
                .enqueue(
                        new Callback() {
                            @Override
                            public void onFailure(Call call, IOException e) {
                                callbackThread.completeExceptionally(e);
                            }

                            @Override
                            public void onResponse(Call call, Response response) {
                                response.close();
                                callbackThread.complete(Thread.currentThread());
                            }
                        });

        assertThat(callbackThread.get(10, TimeUnit.SECONDS).isDaemon()).isTrue();
        // OkHttp renames a thread while it runs a call; its factory names it ours.
        Thread fresh =
                ((ThreadPoolExecutor) client.dispatcher().executorService())
                        .getThreadFactory()
                        .newThread(() -> {});
        assertThat(fresh.isDaemon()).isTrue();
        assertThat(fresh.getName()).startsWith("crm-pulse-okhttp-");
    }
}
