package io.crmpulse.simulator.api;

import io.crmpulse.simulator.auth.AccessTokenStore;
import io.crmpulse.simulator.truth.GroundTruth;
import io.crmpulse.simulator.world.CrmModule;
import io.crmpulse.simulator.world.CrmWorld;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP face of the simulator, on 127.0.0.1 (or the address it is told to bind): the accounts
 * endpoint ({@code /oauth/v2/token}), the CRM API ({@code /crm/{v2..v8}/{module}[/deleted]}) and a
 * status line at {@code /}, all on one port. Every API call is counted, then slowed or failed if a
 * fault is armed, then authenticated and answered. Every answer's {@code Date} is the simulator's
 * clock, as Zoho's is its own: the client takes its "now" from it (on Jetty, because the JDK's
 * server always sends the host's clock).
 */
public final class ZohoApiServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ZohoApiServer.class);
    private static final Pattern API_PATH =
            Pattern.compile("^/crm/(v2\\.1|v[2-8])/([^/]+)(/deleted)?/?$");
    private static final int MAX_THREADS = 24;

    /** RFC 9110's IMF-fixdate, e.g. {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
                    .withZone(ZoneOffset.UTC);

    private final Server server;
    private final ServerConnector connector;
    private final String urlHost;
    private final Clock clock;
    private final AccessTokenStore accessTokens;
    private final SimulatorFaults faults;
    private final SimulatorStats stats;
    private final GroundTruth truth;
    private final Supplier<String> statusLine;
    private final TokenEndpoint tokenEndpoint;
    private final RecordsEndpoint recordsEndpoint;
    private final DeletedRecordsEndpoint deletedEndpoint;

    private ZohoApiServer(
            String host,
            int port,
            CrmWorld world,
            Clock clock,
            ApiSettings settings,
            AccessTokenStore accessTokens,
            SimulatorFaults faults,
            SimulatorStats stats,
            GroundTruth truth,
            Supplier<String> statusLine) {
        this.clock = clock;
        this.accessTokens = accessTokens;
        this.faults = faults;
        this.stats = stats;
        this.truth = truth;
        this.statusLine = statusLine;
        this.tokenEndpoint = new TokenEndpoint(settings, accessTokens, faults, this::baseUrl);
        this.recordsEndpoint =
                new RecordsEndpoint(world, clock, settings, new PageTokenRegistry(), faults);
        this.deletedEndpoint = new DeletedRecordsEndpoint(world, clock, settings);
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 4);
        threads.setName("zoho-sim-http");
        threads.setDaemon(true);
        this.server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendDateHeader(false);
        http.setSendServerVersion(false);
        this.connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(host);
        // Bound to every interface (in a container), the simulator is still reached locally there.
        this.urlHost = host.equals("0.0.0.0") ? "127.0.0.1" : host;
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(
                new Handler.Abstract() {
                    @Override
                    public boolean handle(Request request, Response response, Callback callback) {
                        ZohoApiServer.this.handle(request, response, callback);
                        return true;
                    }
                });
    }

    /**
     * Binds {@code host}:{@code port} ({@code 0} for a free port) and starts serving.
     *
     * @param host an IPv4 address to listen on: 127.0.0.1, or 0.0.0.0 for every interface
     * @param truth what {@code GET /simulator/truth/lead_source_quality} answers, for a client in
     *     another process (a benchmark checking its result)
     * @param statusLine what {@code GET /} answers
     */
    public static ZohoApiServer start(
            String host,
            int port,
            CrmWorld world,
            Clock clock,
            ApiSettings settings,
            AccessTokenStore accessTokens,
            SimulatorFaults faults,
            SimulatorStats stats,
            GroundTruth truth,
            Supplier<String> statusLine)
            throws IOException {
        ZohoApiServer server =
                new ZohoApiServer(
                        host,
                        port,
                        world,
                        clock,
                        settings,
                        accessTokens,
                        faults,
                        stats,
                        truth,
                        statusLine);
        try {
            server.server.start();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot start the simulator on port " + port + ": " + e, e);
        }
        return server;
    }

    public int port() {
        return connector.getLocalPort();
    }

    /**
     * {@code http://HOST:PORT}, the accounts URL and the API domain at once; HOST is 127.0.0.1 when
     * bound to every interface.
     */
    public String baseUrl() {
        return "http://" + urlHost + ":" + port();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.debug("Stopping the simulator's server failed: {}", e.toString());
        }
    }

    private void handle(Request exchange, Response response, Callback callback) {
        Reply reply;
        try {
            ApiRequest request = read(exchange);
            reply = route(request);
            LOG.debug("{} {} -> {}", request.method(), request.path(), reply.status());
        } catch (IOException e) {
            LOG.debug("Client went away before the request was read: {}", e.toString());
            callback.failed(e);
            return;
        } catch (RuntimeException e) {
            LOG.error("The simulator failed on {}", exchange.getHttpURI().getPath(), e);
            reply = ApiError.internalError().toReply();
        }
        send(response, reply, callback);
    }

    private Reply route(ApiRequest request) {
        String path = request.path();
        if (path.equals("/")) {
            return Reply.text(200, statusLine.get() + "\n");
        }
        if (path.equals("/simulator/stats")) {
            return Reply.json(200, stats.asMap());
        }
        if (path.equals("/simulator/truth/lead_source_quality")) {
            return Reply.json(200, truth.leadSourceQuality());
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
        long started = System.nanoTime();
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
                if (request.query().containsKey("page_token")) {
                    stats.countRecordsCallWithPageToken(module);
                }
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
        stats.countAnswered(reply.status(), System.nanoTime() - started);
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

    private static ApiRequest read(Request exchange) throws IOException {
        String method = exchange.getMethod().toUpperCase(Locale.ROOT);
        Map<String, String> form = Map.of();
        try (InputStream body = Request.asInputStream(exchange)) {
            byte[] bytes = body.readAllBytes();
            String contentType = exchange.getHeaders().get("Content-Type");
            boolean isForm =
                    contentType == null
                            || contentType.startsWith("application/x-www-form-urlencoded");
            if (method.equals("POST") && isForm && bytes.length > 0) {
                form = QueryParams.parse(new String(bytes, StandardCharsets.UTF_8));
            }
        }
        return new ApiRequest(
                method,
                exchange.getHttpURI().getDecodedPath(),
                QueryParams.parse(exchange.getHttpURI().getQuery()),
                exchange.getHeaders().get("If-Modified-Since"),
                exchange.getHeaders().get("Authorization"),
                form);
    }

    private void send(Response response, Reply reply, Callback callback) {
        response.setStatus(reply.status());
        reply.headers().forEach((name, value) -> response.getHeaders().put(name, value));
        response.getHeaders().put(HttpHeader.DATE, HTTP_DATE.format(clock.instant()));
        if (reply.contentType() != null) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, reply.body().length);
        response.write(true, ByteBuffer.wrap(reply.body()), callback);
    }
}
