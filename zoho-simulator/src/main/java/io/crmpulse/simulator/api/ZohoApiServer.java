package io.crmpulse.simulator.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.crmpulse.simulator.auth.AccessTokenStore;
import io.crmpulse.simulator.world.CrmModule;
import io.crmpulse.simulator.world.CrmWorld;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP face of the simulator, on 127.0.0.1: the accounts endpoint ({@code /oauth/v2/token}),
 * the CRM API ({@code /crm/{v2..v8}/{module}[/deleted]}) and a status line at {@code /}, all on one
 * port. Every API call is counted, then slowed or failed if a fault is armed, then authenticated
 * and answered.
 */
public final class ZohoApiServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ZohoApiServer.class);
    private static final Pattern API_PATH =
            Pattern.compile("^/crm/(v2\\.1|v[2-8])/([^/]+)(/deleted)?/?$");
    private static final int HANDLER_THREADS = 8;

    private final HttpServer server;
    private final ExecutorService executor;
    private final Clock clock;
    private final AccessTokenStore accessTokens;
    private final SimulatorFaults faults;
    private final SimulatorStats stats;
    private final Supplier<String> statusLine;
    private final TokenEndpoint tokenEndpoint;
    private final RecordsEndpoint recordsEndpoint;
    private final DeletedRecordsEndpoint deletedEndpoint;

    private ZohoApiServer(
            HttpServer server,
            CrmWorld world,
            Clock clock,
            ApiSettings settings,
            AccessTokenStore accessTokens,
            SimulatorFaults faults,
            SimulatorStats stats,
            Supplier<String> statusLine) {
        this.server = server;
        this.clock = clock;
        this.accessTokens = accessTokens;
        this.faults = faults;
        this.stats = stats;
        this.statusLine = statusLine;
        this.tokenEndpoint = new TokenEndpoint(settings, accessTokens, faults, this::baseUrl);
        this.recordsEndpoint =
                new RecordsEndpoint(world, clock, settings, new PageTokenRegistry(), faults);
        this.deletedEndpoint = new DeletedRecordsEndpoint(world, clock, settings);
        this.executor = Executors.newFixedThreadPool(HANDLER_THREADS, daemonThreads());
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /**
     * Binds 127.0.0.1:{@code port} ({@code 0} for a free port) and starts serving.
     *
     * @param statusLine what {@code GET /} answers
     */
    public static ZohoApiServer start(
            int port,
            CrmWorld world,
            Clock clock,
            ApiSettings settings,
            AccessTokenStore accessTokens,
            SimulatorFaults faults,
            SimulatorStats stats,
            Supplier<String> statusLine)
            throws IOException {
        HttpServer http =
                HttpServer.create(
                        new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 0);
        ZohoApiServer server =
                new ZohoApiServer(
                        http, world, clock, settings, accessTokens, faults, stats, statusLine);
        http.start();
        return server;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:PORT}, the accounts URL and the API domain at once. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) {
        try {
            ApiRequest request = read(exchange);
            Reply reply = route(request);
            LOG.debug("{} {} -> {}", request.method(), request.path(), reply.status());
            send(exchange, reply);
        } catch (IOException e) {
            LOG.debug("Client went away before the response was sent: {}", e.toString());
        } catch (RuntimeException e) {
            LOG.error("The simulator failed on {}", exchange.getRequestURI().getPath(), e);
            trySend(exchange, ApiError.internalError().toReply());
        } finally {
            exchange.close();
        }
    }

    private Reply route(ApiRequest request) {
        String path = request.path();
        if (path.equals("/")) {
            return Reply.text(200, statusLine.get() + "\n");
        }
        if (path.equals("/oauth/v2/token")) {
            stats.countTokenCall();
            return tokenEndpoint.handle(request);
        }
        if (path.startsWith("/crm/")) {
            return api(request);
        }
        return ApiError.invalidUrlPattern().toReply();
    }

    private Reply api(ApiRequest request) {
        stats.countApiCall();
        Matcher match = API_PATH.matcher(request.path());
        boolean known = match.matches();
        if (known) {
            String module =
                    CrmModule.fromApiName(match.group(2))
                            .map(CrmModule::apiName)
                            .orElse(match.group(2));
            if (match.group(3) != null) {
                stats.countDeletedCall(module);
            } else {
                stats.countRecordsCall(module);
            }
        }
        holdIfSlow();
        Reply failure = faults.takeFailure();
        Reply reply;
        if (failure != null) {
            reply = failure;
        } else {
            try {
                reply = serve(request, known ? match : null);
            } catch (ApiError error) {
                reply = error.toReply();
            }
        }
        stats.remember(
                new ServedRequest(
                        clock.instant(),
                        request.method(),
                        request.path(),
                        request.query(),
                        request.ifModifiedSince(),
                        reply.status()));
        return reply;
    }

    private Reply serve(ApiRequest request, Matcher match) {
        if (match == null) {
            throw ApiError.invalidUrlPattern();
        }
        if (!"GET".equals(request.method())) {
            throw ApiError.invalidMethod();
        }
        if (!isAuthorized(request.authorization())) {
            throw ApiError.invalidToken();
        }
        CrmModule module =
                CrmModule.fromApiName(match.group(2)).orElseThrow(ApiError::invalidModule);
        return match.group(3) != null
                ? deletedEndpoint.handle(request, module)
                : recordsEndpoint.handle(request, match.group(1), module);
    }

    /** Zoho documents {@code Zoho-oauthtoken}; {@code Bearer} works too. */
    private boolean isAuthorized(String authorization) {
        if (authorization == null) {
            return false;
        }
        String value = authorization.trim();
        for (String scheme : new String[] {"Zoho-oauthtoken ", "Bearer "}) {
            if (value.regionMatches(true, 0, scheme, 0, scheme.length())) {
                return accessTokens.isValid(value.substring(scheme.length()).trim());
            }
        }
        return false;
    }

    private void holdIfSlow() {
        Duration delay = faults.takeDelay();
        if (delay.isZero() || delay.isNegative()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ApiRequest read(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        Map<String, String> form = Map.of();
        try (InputStream body = exchange.getRequestBody()) {
            byte[] bytes = body.readAllBytes();
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            boolean isForm =
                    contentType == null
                            || contentType.startsWith("application/x-www-form-urlencoded");
            if (method.equals("POST") && isForm && bytes.length > 0) {
                form = QueryParams.parse(new String(bytes, StandardCharsets.UTF_8));
            }
        }
        return new ApiRequest(
                method,
                exchange.getRequestURI().getPath(),
                QueryParams.parse(exchange.getRequestURI().getRawQuery()),
                exchange.getRequestHeaders().getFirst("If-Modified-Since"),
                exchange.getRequestHeaders().getFirst("Authorization"),
                form);
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        if (reply.contentType() != null) {
            exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        }
        if (reply.body().length == 0) {
            exchange.sendResponseHeaders(reply.status(), -1);
            return;
        }
        exchange.sendResponseHeaders(reply.status(), reply.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(reply.body());
        }
    }

    private static void trySend(HttpExchange exchange, Reply reply) {
        try {
            send(exchange, reply);
        } catch (IOException | RuntimeException e) {
            LOG.debug("Could not send the error response: {}", e.toString());
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "zoho-sim-http-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
