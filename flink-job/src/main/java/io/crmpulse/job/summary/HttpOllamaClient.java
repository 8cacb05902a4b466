package io.crmpulse.job.summary;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crmpulse.common.http.OkHttpClients;
import io.crmpulse.common.retry.Backoff;
import io.crmpulse.job.config.SummarySettings;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link OllamaClient} over Ollama's native API ({@code /api/version}, {@code /api/show}, {@code
 * /api/chat}), with OkHttp.
 *
 * <ul>
 *   <li>{@code /api/chat} rather than {@code /v1/chat/completions}, which cannot set {@code
 *       num_ctx}; always {@code stream:false} (Ollama streams by default).
 *   <li>Connect timeout 2 s; a generous read timeout (default 5 min) because the first call after
 *       idle waits for the model to load, and a client that hangs up aborts the load.
 *   <li>Retries only a refused connection and 503 (queue full), at most twice with jittered
 *       back-off. A 404 (model missing), a 400, a 500 or a read timeout is not retried: asking
 *       again would not change the answer, or would restart a load.
 * </ul>
 *
 * <p>Logs the model, the status and Ollama's metrics, never the prompt or the reply (DEBUG only).
 */
public final class HttpOllamaClient implements OllamaClient {

    private static final Logger LOG = LoggerFactory.getLogger(HttpOllamaClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType JSON_TYPE = MediaType.get("application/json");

    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration PREFLIGHT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofMinutes(5);
    public static final int MAX_RETRIES = 2;

    /** 1 s doubling to 10 s, full jitter: a busy queue or a restarting server clears quickly. */
    public static final Backoff DEFAULT_BACKOFF =
            new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10));

    /** How the client waits between retries; tests count the waits instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final URI baseUrl;
    private final Duration readTimeout;
    private final Backoff backoff;
    private final Sleeper sleeper;
    private final OkHttpClient http;

    /** A client of {@code baseUrl} with the default read timeout and real back-off. */
    public HttpOllamaClient(URI baseUrl) {
        this(baseUrl, DEFAULT_READ_TIMEOUT, DEFAULT_BACKOFF, d -> Thread.sleep(d.toMillis()));
    }

    /**
     * @param baseUrl the server's root, e.g. {@code http://localhost:11434}
     * @param readTimeout how long a chat may take, model load included
     * @param backoff the delays between retries
     * @param sleeper how to wait them
     */
    public HttpOllamaClient(URI baseUrl, Duration readTimeout, Backoff backoff, Sleeper sleeper) {
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        this.readTimeout = Objects.requireNonNull(readTimeout, "readTimeout");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        // Each call's own timeout (the preflight's or the chat's) bounds it; see send.
        this.http =
                OkHttpClients.builder(CONNECT_TIMEOUT, readTimeout, readTimeout)
                        // This class's retry policy is the only one: OkHttp would otherwise send
                        // a failed chat again on a new connection, which may restart a model load.
                        .retryOnConnectionFailure(false)
                        .build();
    }

    @Override
    public String preflight(String model) throws OllamaException {
        JsonNode version =
                send(
                        new Request.Builder().url(url("/api/version")).get().build(),
                        PREFLIGHT_TIMEOUT,
                        "GET /api/version");
        ObjectNode show = JSON.createObjectNode().put("model", model);
        send(post("/api/show", show), PREFLIGHT_TIMEOUT, "POST /api/show");
        return version.path("version").asText("");
    }

    @Override
    public ChatReply chat(ChatCall call) throws OllamaException {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", call.model());
        body.putArray("messages")
                .add(JSON.createObjectNode().put("role", "system").put("content", call.system()))
                .add(JSON.createObjectNode().put("role", "user").put("content", call.user()));
        body.put("stream", false);
        body.set("format", call.format());
        ObjectNode options = body.putObject("options");
        options.put("temperature", call.temperature());
        options.put("seed", call.seed());
        options.put("num_ctx", call.numCtx());
        options.put("num_predict", call.numPredict());
        // Long enough for the one re-ask; the summary runs once a day.
        body.put("keep_alive", "10m");
        JsonNode reply = send(post("/api/chat", body), readTimeout, "POST /api/chat");
        JsonNode message = reply.path("message");
        if (!message.path("content").isTextual()) {
            throw new OllamaException(
                    OllamaException.Kind.BAD_RESPONSE,
                    "Ollama's /api/chat reply has no message.content; is "
                            + baseUrl
                            + " an Ollama server?");
        }
        ChatReply chat =
                new ChatReply(
                        message.path("content").asText(),
                        reply.path("done").asBoolean(false),
                        reply.path("done_reason").asText(""),
                        reply.path("prompt_eval_count").asLong(0),
                        reply.path("eval_count").asLong(0),
                        reply.path("total_duration").asLong(0),
                        reply.path("load_duration").asLong(0));
        LOG.debug(
                "Ollama {} answered: done_reason={}, prompt_eval_count={}, eval_count={},"
                        + " load {} ms, total {} ms",
                call.model(),
                chat.doneReason(),
                chat.promptEvalCount(),
                chat.evalCount(),
                chat.loadDurationNanos() / 1_000_000,
                chat.totalDurationNanos() / 1_000_000);
        return chat;
    }

    private Request post(String path, JsonNode body) {
        return new Request.Builder()
                .url(url(path))
                .post(RequestBody.create(body.toString(), JSON_TYPE))
                .build();
    }

    private String url(String path) {
        return baseUrl.toString().replaceAll("/+$", "") + path;
    }

    /**
     * Sends with the retry policy and classifies the outcome; returns a 200's JSON body.
     *
     * @param timeout the most the call may take, from connecting to the reply's last byte
     */
    private JsonNode send(Request request, Duration timeout, String what) throws OllamaException {
        for (int attempt = 1; ; attempt++) {
            OllamaException retryable;
            Call call = http.newCall(request);
            call.timeout().timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
            try (Response response = await(call)) {
                int status = response.code();
                // A called-back response always has a body.
                String text = response.body().string();
                if (status == 200) {
                    return parse(text, what);
                }
                String error = errorText(text);
                if (status == 503) {
                    retryable =
                            new OllamaException(
                                    OllamaException.Kind.UNAVAILABLE,
                                    "Ollama at "
                                            + baseUrl
                                            + " is busy ("
                                            + what
                                            + ": 503 "
                                            + error
                                            + ")");
                } else if (status == 404 && !what.endsWith("/api/version")) {
                    throw new OllamaException(
                            OllamaException.Kind.MODEL_MISSING,
                            what + " at " + baseUrl + ": 404 " + error);
                } else {
                    throw new OllamaException(
                            OllamaException.Kind.HTTP_ERROR,
                            what + " at " + baseUrl + " failed: " + status + " " + error);
                }
            } catch (InterruptedIOException e) {
                // OkHttp's call, connect and read timeouts.
                throw new OllamaException(
                        OllamaException.Kind.TIMEOUT,
                        what
                                + " at "
                                + baseUrl
                                + " gave no answer within "
                                + timeout.toSeconds()
                                + " s (a cold model may take minutes to load: preload it or"
                                + " raise the read timeout)",
                        e);
            } catch (ConnectException e) {
                retryable =
                        new OllamaException(
                                OllamaException.Kind.UNAVAILABLE,
                                "Ollama is not reachable at "
                                        + baseUrl
                                        + " (connection refused): start it with `ollama serve`"
                                        + " or set "
                                        + SummarySettings.BASE_URL_VARIABLE,
                                e);
            } catch (IOException e) {
                throw new OllamaException(
                        OllamaException.Kind.UNAVAILABLE,
                        what + " at " + baseUrl + " failed: " + e,
                        e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OllamaException(
                        OllamaException.Kind.UNAVAILABLE, what + " was interrupted", e);
            }
            if (attempt > MAX_RETRIES) {
                throw retryable;
            }
            Duration delay = backoff.delay(attempt);
            // DEBUG: the writer logs the one WARN line when the retries do not help.
            LOG.debug(
                    "{}; retry {} of {} in {} ms",
                    retryable.getMessage(),
                    attempt,
                    MAX_RETRIES,
                    delay.toMillis());
            try {
                sleeper.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw retryable;
            }
        }
    }

    /**
     * Waits for the call so that an interrupt ends it: the summary operator's timeout and close
     * interrupt the writer, and OkHttp's blocking {@code execute} would not notice.
     */
    private static Response await(Call call) throws IOException, InterruptedException {
        CompletableFuture<Response> done = new CompletableFuture<>();
        call.enqueue(
                new Callback() {
                    @Override
                    public void onFailure(Call c, IOException e) {
                        done.completeExceptionally(e);
                    }

                    @Override
                    public void onResponse(Call c, Response response) {
                        if (!done.complete(response)) {
                            response.close();
                        }
                    }
                });
        try {
            return done.get();
        } catch (InterruptedException e) {
            call.cancel();
            // A reply that arrives now is closed by onResponse, not leaked.
            done.cancel(false);
            throw e;
        } catch (ExecutionException e) {
            throw (IOException) e.getCause(); // only onFailure completes it exceptionally
        }
    }

    private JsonNode parse(String body, String what) throws OllamaException {
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            throw new OllamaException(
                    OllamaException.Kind.BAD_RESPONSE,
                    what
                            + " at "
                            + baseUrl
                            + " answered 200 with a body that is not a JSON object");
        }
        if (node.has("error")) {
            throw new OllamaException(
                    OllamaException.Kind.HTTP_ERROR,
                    what + " at " + baseUrl + " failed: " + node.path("error").asText());
        }
        return node;
    }

    /** Ollama's {@code {"error":"..."}}, or the start of whatever else came. */
    private static String errorText(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node != null && node.path("error").isTextual()) {
                return node.path("error").asText();
            }
        } catch (JsonProcessingException e) {
            // not JSON: show the start of it
        }
        String text = body == null ? "" : body.strip();
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
