package io.crmpulse.job.summary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local Ollama that answers like the real one (research A and its fake-server checklist): {@code
 * GET|HEAD /}, {@code /api/version}, {@code /api/tags}, {@code /api/ps}, {@code POST /api/show}
 * (404 for a model it does not have), {@code POST /api/chat} non-streamed (the real response shape,
 * {@code message.content} a JSON string, durations in nanoseconds, a large {@code load_duration} on
 * the first call) and streamed as NDJSON. Tests script the chat replies (content, cut off, an HTTP
 * error, a raw body, a reply held back past the client's timeout) and read every request body back.
 */
final class FakeOllama implements AutoCloseable {

    static final String VERSION = "0.33.0";
    static final String CREATED_AT = "2026-06-02T13:30:00.000000Z";
    static final String BUSY =
            "{\"error\":\"server busy, please try again.  maximum pending requests exceeded\"}";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A scripted answer to one {@code /api/chat}. */
    sealed interface Reply {}

    /** 200 with this content and done_reason. */
    record Content(String content, String doneReason) implements Reply {}

    /** This status and body. */
    record Raw(int status, String body, String contentType) implements Reply {}

    /** 200 with the content this function writes from the request's body (a model's answer). */
    record Answer(java.util.function.Function<JsonNode, String> content) implements Reply {}

    /** Nothing until {@code hold} has passed or the fake closes; then a normal content reply. */
    record Held(Duration hold, String content) implements Reply {}

    static Reply content(String content) {
        return new Content(content, "stop");
    }

    static Reply cutOff(String content) {
        return new Content(content, "length");
    }

    static Reply status(int status, String body) {
        return new Raw(status, body, "application/json; charset=utf-8");
    }

    private final HttpServer server;
    private final Set<String> models = ConcurrentHashMap.newKeySet();
    private final Deque<Reply> script = new ArrayDeque<>();
    private final List<JsonNode> chatRequests = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile Reply otherwise = status(500, "{\"error\":\"no reply scripted\"}");

    FakeOllama() throws IOException {
        models.add("llama3.2:1b");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    FakeOllama withoutModel(String model) {
        models.remove(model);
        return this;
    }

    /** Queues replies for the next chat calls, in order. */
    synchronized FakeOllama then(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    /** The reply of every chat call once the script is used up. */
    FakeOllama always(Reply reply) {
        otherwise = reply;
        return this;
    }

    List<JsonNode> chatRequests() {
        return List.copyOf(chatRequests);
    }

    int calls(String path) {
        AtomicInteger n = calls.get(path);
        return n == null ? 0 : n.get();
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
    }

    private synchronized Reply next() {
        Reply reply = script.poll();
        return reply == null ? otherwise : reply;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            calls.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            byte[] in = exchange.getRequestBody().readAllBytes();
            switch (method + " " + path) {
                case "GET /", "HEAD /" ->
                        send(exchange, 200, "text/plain; charset=utf-8", "Ollama is running");
                case "GET /api/version" ->
                        send(
                                exchange,
                                200,
                                "application/json; charset=utf-8",
                                "{\"version\":\"" + VERSION + "\"}");
                case "GET /api/tags", "HEAD /api/tags" ->
                        send(exchange, 200, "application/json; charset=utf-8", tags());
                case "GET /api/ps" ->
                        send(exchange, 200, "application/json; charset=utf-8", "{\"models\":[]}");
                case "POST /api/show" -> show(exchange, in);
                case "POST /api/chat" -> chat(exchange, in);
                default -> send(exchange, 404, "text/plain; charset=utf-8", "404 page not found");
            }
        }
    }

    private void show(HttpExchange exchange, byte[] in) throws IOException {
        JsonNode body = readBody(exchange, in);
        if (body == null) {
            return;
        }
        String model = body.path("model").asText(body.path("name").asText(""));
        if (!models.contains(model)) {
            send(
                    exchange,
                    404,
                    "application/json; charset=utf-8",
                    "{\"error\":\"model '" + model + "' not found\"}");
            return;
        }
        send(
                exchange,
                200,
                "application/json; charset=utf-8",
                "{\"details\":{\"format\":\"gguf\",\"family\":\"llama\",\"parameter_size\":\"1.2B\","
                        + "\"quantization_level\":\"Q8_0\"},\"capabilities\":[\"completion\",\"tools\"],"
                        + "\"model_info\":{},\"parameters\":\"\",\"template\":\"\",\"modelfile\":\"\"}");
    }

    private void chat(HttpExchange exchange, byte[] in) throws IOException {
        JsonNode body = readBody(exchange, in);
        if (body == null) {
            return;
        }
        chatRequests.add(body);
        String model = body.path("model").asText("");
        if (!models.contains(model)) {
            send(
                    exchange,
                    404,
                    "application/json; charset=utf-8",
                    "{\"error\":\"model '" + model + "' not found\"}");
            return;
        }
        Reply reply = next();
        if (reply instanceof Answer answer) {
            reply = content(answer.content().apply(body));
        }
        if (reply instanceof Held held) {
            try {
                closed.await(held.hold().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reply = content(held.content());
        }
        if (reply instanceof Raw raw) {
            send(exchange, raw.status(), raw.contentType(), raw.body());
            return;
        }
        Content content = (Content) reply;
        boolean first = chatRequests.size() == 1;
        if (!body.path("stream").isBoolean() || body.path("stream").asBoolean()) {
            // Ollama streams unless told not to: NDJSON, the last line done with the metrics.
            String chunk = response(model, content.content(), false, "", first).toString();
            String last = response(model, "", true, content.doneReason(), first).toString();
            send(exchange, 200, "application/x-ndjson", chunk + "\n" + last + "\n");
            return;
        }
        send(
                exchange,
                200,
                "application/json; charset=utf-8",
                response(model, content.content(), true, content.doneReason(), first).toString());
    }

    private static ObjectNode response(
            String model, String content, boolean done, String doneReason, boolean first) {
        ObjectNode node = JSON.createObjectNode();
        node.put("model", model);
        node.put("created_at", CREATED_AT);
        node.putObject("message").put("role", "assistant").put("content", content);
        if (done) {
            node.put("done_reason", doneReason);
        }
        node.put("done", done);
        if (done) {
            long load = first ? 41_574_751_416L : 12_751_416L;
            node.put("total_duration", load + 2_254_970_291L);
            node.put("load_duration", load);
            node.put("prompt_eval_count", 512);
            node.put("prompt_eval_duration", 1_502_000_000L);
            node.put("eval_count", 96);
            node.put("eval_duration", 1_175_000_000L);
        }
        return node;
    }

    private JsonNode readBody(HttpExchange exchange, byte[] in) throws IOException {
        if (in.length == 0) {
            send(
                    exchange,
                    400,
                    "application/json; charset=utf-8",
                    "{\"error\":\"missing request body\"}");
            return null;
        }
        try {
            return JSON.readTree(in);
        } catch (IOException e) {
            send(
                    exchange,
                    400,
                    "application/json; charset=utf-8",
                    "{\"error\":\"invalid character in request body\"}");
            return null;
        }
    }

    private String tags() {
        StringBuilder out = new StringBuilder("{\"models\":[");
        String sep = "";
        for (String m : models) {
            out.append(sep)
                    .append("{\"name\":\"")
                    .append(m)
                    .append("\",\"model\":\"")
                    .append(m)
                    .append("\",\"modified_at\":\"")
                    .append(CREATED_AT)
                    .append(
                            "\",\"size\":1321098329,\"digest\":\"baf6a787fdffd633537aa2eb51cfd54cb93ff08e28040095462bb63daf552878\"}");
            sep = ",";
        }
        return out.append("]}").toString();
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
