package io.crmpulse.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.crmpulse.dashboard.api.DashboardApi;
import io.crmpulse.job.config.ConfigException;
import io.crmpulse.job.config.PulseEnvironment;
import io.javalin.Javalin;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.SameSite;
import io.javalin.http.UnauthorizedResponse;
import io.javalin.http.staticfiles.Location;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's HTTP server: the page under {@code /} and its JSON API under {@code /api/v1/}
 * (README, "The dashboard's API"). A wrong or malformed query parameter is a 400 with a JSON
 * message; with a token, every request without it is a 401 (a short HTML page for a browser asking
 * for a page). No answer carries a stack trace: a database that does not answer in time is a 503,
 * any other failure is logged and answered with a 500 that says where to look.
 *
 * <p>With a token, a request carries it as {@code Authorization: Bearer <token>} or as the cookie
 * that a link with {@code ?token=<token>} sets: a phone opening a link cannot send a header. That
 * link answers with a redirect to the same URL without the token, so that it leaves the address bar
 * and the history.
 */
public final class DashboardServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);

    /** The cookie that carries the token for a browser. */
    static final String TOKEN_COOKIE = "crm_pulse_token";

    /** A phone stays signed in for a month of evening messages. */
    private static final Duration TOKEN_COOKIE_MAX_AGE = Duration.ofDays(30);

    /** Enough for a page's panels loading at once; the API's queries are short. */
    private static final int POOL_SIZE = 4;

    /**
     * How long a request waits for a free connection, and how long the database may take over a
     * statement: a slow database answers 503 rather than holding Jetty's threads.
     */
    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(3);

    private static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(5);

    /** SQLSTATE query_canceled: the statement ran past statement_timeout. */
    private static final String QUERY_CANCELED = "57014";

    private static final String TIMEOUT_MESSAGE =
            "the database did not answer in time; try again in a moment";

    /** The page a browser gets without the token: it cannot read the JSON answer. */
    private static final String UNAUTHORIZED_PAGE =
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                    + "<meta name=\"viewport\" content=\"width=device-width\">"
                    + "<title>CRM Pulse: sign in</title></head><body>"
                    + "<h1>This dashboard needs its token</h1>"
                    + "<p>Open the dashboard's link with <code>?token=&hellip;</code> once in this"
                    + " browser (ask whoever runs CRM Pulse for it); the browser then remembers it"
                    + " for "
                    + TOKEN_COOKIE_MAX_AGE.toDays()
                    + " days.</p></body></html>";

    private final Javalin app;
    private final HikariDataSource pool;

    private DashboardServer(Javalin app, HikariDataSource pool) {
        this.app = app;
        this.pool = pool;
    }

    /**
     * Connects to the database as {@code pulse_reader} and starts listening on {@code settings}'
     * host and port.
     *
     * @throws com.zaxxer.hikari.pool.HikariPool.PoolInitializationException when the database
     *     refuses the role or cannot be reached
     * @throws ConfigException naming {@code PULSE_JDBC_URL} when the connections are not {@code
     *     pulse_reader}'s (a {@code user=} in the URL overrides the role)
     */
    public static DashboardServer start(DashboardSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("dashboard");
        config.setJdbcUrl(settings.database().url());
        config.setUsername(settings.database().user());
        config.setPassword(settings.database().password());
        config.setMaximumPoolSize(POOL_SIZE);
        config.setReadOnly(true);
        config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        config.setValidationTimeout(CONNECTION_TIMEOUT.toMillis() / 2);
        config.setConnectionInitSql("SET statement_timeout = " + STATEMENT_TIMEOUT.toMillis());
        HikariDataSource pool = new HikariDataSource(config);
        try {
            checkRole(pool, settings.database().user());
            return new DashboardServer(
                    listen(settings, new DashboardApi(pool, settings.zone(), settings.format())),
                    pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /**
     * pgjdbc lets a {@code user=} in the URL win over the user the pool is given: the dashboard
     * would then read as whoever that is, past what the reader role may see.
     */
    private static void checkRole(DataSource pool, String role) {
        try (Connection c = pool.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT current_user");
                ResultSet rs = s.executeQuery()) {
            rs.next();
            String user = rs.getString(1);
            if (!role.equals(user)) {
                throw new ConfigException(
                        PulseEnvironment.JDBC_URL.name()
                                + " logs the dashboard in as '"
                                + user
                                + "', not "
                                + role
                                + ": remove user= and password= from it, the dashboard logs in as "
                                + role
                                + " with "
                                + PulseEnvironment.READER_PASSWORD.name());
            }
        } catch (SQLException e) {
            throw DashboardSettings.databaseUnreadable(e);
        }
    }

    private static Javalin listen(DashboardSettings settings, DashboardApi api) {
        Optional<TokenCheck> token = settings.token().map(TokenCheck::new);
        // A slow database is logged when it starts and ends, not at every poll of every panel.
        AtomicBoolean databaseSlow = new AtomicBoolean();
        Javalin app =
                Javalin.create(
                        config -> {
                            config.startup.showJavalinBanner = false;
                            config.jetty.host = settings.host();
                            config.jetty.port = settings.port();
                            config.staticFiles.add("/public", Location.CLASSPATH);
                            // The charts' WebJar, under /webjars/echarts/<version>/.
                            config.staticFiles.enableWebjars();
                            config.routes.before(DashboardServer::requireReadableQuery);
                            token.ifPresent(expected -> config.routes.before(expected::authorize));
                            config.routes.get(
                                    "/api/v1/sources",
                                    ctx -> answer(ctx, api, api.sources(window(ctx))));
                            config.routes.get("/api/v1/reps", ctx -> answer(ctx, api, api.reps()));
                            config.routes.get(
                                    "/api/v1/alerts",
                                    ctx -> answer(ctx, api, api.alerts(range(ctx))));
                            config.routes.get(
                                    "/api/v1/alerts/{alert_id}",
                                    ctx -> answer(ctx, api, alert(ctx, api)));
                            config.routes.get(
                                    "/api/v1/trends",
                                    ctx -> answer(ctx, api, api.trends(trendDays(ctx))));
                            config.routes.get(
                                    "/api/v1/freshness", ctx -> answer(ctx, api, api.freshness()));
                            config.routes.get(
                                    "/api/v1/summary", ctx -> answer(ctx, api, api.summary()));
                            config.routes.get(
                                    "/api/v1/today", ctx -> answer(ctx, api, api.today()));
                            config.routes.after(
                                    "/api/*",
                                    ctx -> {
                                        if (ctx.status() == HttpStatus.OK
                                                && databaseSlow.compareAndSet(true, false)) {
                                            LOG.info("The database answers in time again");
                                        }
                                    });
                            config.routes.exception(
                                    HttpResponseException.class,
                                    (e, ctx) -> error(ctx, api, e.getStatus(), e.getMessage()));
                            config.routes.exception(
                                    Exception.class,
                                    (e, ctx) -> {
                                        if (isTimeout(e)) {
                                            if (databaseSlow.compareAndSet(false, true)) {
                                                LOG.warn(
                                                        "The database did not answer {} {} in"
                                                                + " time ({}); answering 503 until"
                                                                + " it does",
                                                        ctx.method(),
                                                        ctx.path(),
                                                        e.getMessage());
                                            }
                                            error(ctx, api, 503, TIMEOUT_MESSAGE);
                                            return;
                                        }
                                        LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                                        error(
                                                ctx,
                                                api,
                                                500,
                                                "the dashboard could not answer; its log says why");
                                    });
                        });
        app.start();
        LOG.info(
                "Dashboard listening on http://{}:{}/ ({})",
                settings.host(),
                app.port(),
                token.isPresent() ? "bearer token required" : "loopback only, no token");
        return app;
    }

    /**
     * A statement past {@code statement_timeout}, or no free connection within the pool's timeout
     * (Hikari's {@link SQLTransientConnectionException}).
     */
    private static boolean isTimeout(Exception e) {
        return e instanceof SQLTransientConnectionException
                || (e instanceof SQLException
                        && QUERY_CANCELED.equals(((SQLException) e).getSQLState()));
    }

    /**
     * A bad {@code %} escape is refused before anything reads the query: Jetty drops such a
     * parameter (a malformed {@code window} would read as none), and decoding the token's name
     * would fail with a 500.
     */
    private static void requireReadableQuery(Context ctx) {
        String query = ctx.queryString();
        if (query == null) {
            return;
        }
        try {
            URLDecoder.decode(query, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRequestResponse(
                    "the query string is not valid URL encoding (a % must start two hex digits)");
        }
    }

    /** The port it listens on (the one picked when started with port 0). */
    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        try {
            app.stop();
        } finally {
            pool.close();
        }
    }

    /** The token, as the header and the cookie carry it, compared in constant time. */
    private static final class TokenCheck {
        private final String token;
        private final byte[] header;
        private final byte[] cookie;

        TokenCheck(String token) {
            this.token = token;
            this.header = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
            this.cookie = cookieValue(token).getBytes(StandardCharsets.UTF_8);
        }

        void authorize(Context ctx) {
            List<String> given = ctx.queryParams("token");
            boolean signedIn =
                    equal(header, ctx.header("Authorization"))
                            || equal(cookie, ctx.cookie(TOKEN_COOKIE));
            if (!given.isEmpty()) {
                if (given.size() == 1
                        && equal(token.getBytes(StandardCharsets.UTF_8), given.get(0))) {
                    setCookie(ctx);
                    redirectWithoutToken(ctx);
                } else if (signedIn) {
                    // An old link in a browser that holds the current cookie: still this person.
                    redirectWithoutToken(ctx);
                } else {
                    refuse(ctx);
                }
            } else if (!signedIn) {
                refuse(ctx);
            }
        }

        /**
         * Lax, not Strict: the link is opened from another site (WhatsApp), and a Strict cookie
         * would be left out of the redirect's request that follows. The API only reads, by GET.
         */
        private void setCookie(Context ctx) {
            boolean https =
                    "https".equalsIgnoreCase(ctx.scheme())
                            || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
            ctx.cookie(
                    new Cookie(
                            TOKEN_COOKIE,
                            cookieValue(token),
                            "/",
                            (int) TOKEN_COOKIE_MAX_AGE.toSeconds(),
                            https,
                            true,
                            null,
                            SameSite.LAX));
        }

        /** Sends the browser to the same URL without the token. */
        private static void redirectWithoutToken(Context ctx) {
            String rest = withoutToken(ctx.queryString());
            ctx.header("Location", sameSitePath(ctx.path()) + (rest.isEmpty() ? "" : "?" + rest));
            ctx.status(HttpStatus.SEE_OTHER);
            ctx.skipRemainingHandlers();
        }

        /**
         * A 401: JSON for the API and for scripts, a short page for a browser asking for a page,
         * which would otherwise show JSON to a person.
         */
        private static void refuse(Context ctx) {
            ctx.header("WWW-Authenticate", "Bearer");
            String accept = ctx.header("Accept");
            if (!ctx.path().startsWith("/api/") && accept != null && accept.contains("text/html")) {
                ctx.status(HttpStatus.UNAUTHORIZED);
                ctx.html(UNAUTHORIZED_PAGE);
                ctx.skipRemainingHandlers();
                return;
            }
            throw new UnauthorizedResponse(
                    "this dashboard requires its token: send 'Authorization: Bearer <token>', or"
                            + " open a page once with ?token=<token>");
        }

        private static boolean equal(byte[] expected, String given) {
            // Constant time: the comparison must not tell an attacker how much of a guess was
            // right.
            return given != null
                    && MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * The cookie holds a digest of the token rather than the token: any token fits a cookie's
     * characters, and the secret itself never sits in the browser's cookie store.
     */
    static String cookieValue(String token) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256")
                            .digest(
                                    ("crm-pulse-dashboard:" + token)
                                            .getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /**
     * The path with its leading slashes (or backslashes, which browsers read as slashes) made one:
     * {@code //evil.example} in a {@code Location} would send the browser to another host.
     */
    static String sameSitePath(String path) {
        return path.replaceFirst("^[/\\\\]+", "/");
    }

    /** The raw query string without its {@code token} parameters, the others as they were. */
    static String withoutToken(String query) {
        if (query == null || query.isEmpty()) {
            return "";
        }
        StringJoiner rest = new StringJoiner("&");
        for (String pair : query.split("&")) {
            String name = pair.split("=", 2)[0];
            if (!pair.isEmpty()
                    && !URLDecoder.decode(name, StandardCharsets.UTF_8).equals("token")) {
                rest.add(pair);
            }
        }
        return rest.toString();
    }

    private static ObjectNode alert(Context ctx, DashboardApi api) throws SQLException {
        String id = ctx.pathParam("alert_id");
        return api.alert(id)
                .orElseThrow(() -> new NotFoundResponse("no alert has the id '" + id + "'"));
    }

    private static int trendDays(Context ctx) {
        String text = ctx.queryParam("days");
        if (text == null) {
            return DashboardApi.TREND_DAYS_DEFAULT;
        }
        try {
            int days = Integer.parseInt(text);
            if (days >= DashboardApi.TREND_DAYS_MIN && days <= DashboardApi.TREND_DAYS_MAX) {
                return days;
            }
        } catch (NumberFormatException e) {
            // Answered below, as a number out of range is.
        }
        throw new BadRequestResponse(
                "days must be a whole number from "
                        + DashboardApi.TREND_DAYS_MIN
                        + " to "
                        + DashboardApi.TREND_DAYS_MAX
                        + ", not '"
                        + text
                        + "'");
    }

    private static int window(Context ctx) {
        String text = ctx.queryParam("window");
        if (text == null) {
            return DashboardApi.SOURCE_WINDOWS.get(0);
        }
        for (int days : DashboardApi.SOURCE_WINDOWS) {
            if (text.equals(Integer.toString(days))) {
                return days;
            }
        }
        throw new BadRequestResponse(
                "window must be one of "
                        + DashboardApi.SOURCE_WINDOWS
                        + " (days), not '"
                        + text
                        + "'");
    }

    private static DashboardApi.AlertRange range(Context ctx) {
        String text = ctx.queryParam("range");
        if (text == null) {
            return DashboardApi.AlertRange.TODAY;
        }
        for (DashboardApi.AlertRange range : DashboardApi.AlertRange.values()) {
            if (text.equals(range.name().toLowerCase(Locale.ROOT))) {
                return range;
            }
        }
        throw new BadRequestResponse("range must be today or week, not '" + text + "'");
    }

    private static void answer(Context ctx, DashboardApi api, ObjectNode json)
            throws JsonProcessingException {
        ctx.contentType("application/json");
        ctx.result(api.mapper().writeValueAsBytes(json));
    }

    private static void error(Context ctx, DashboardApi api, int status, String message) {
        ObjectNode json = api.mapper().createObjectNode().put("error", message);
        ctx.status(status);
        ctx.contentType("application/json");
        try {
            ctx.result(api.mapper().writeValueAsBytes(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an object of one string is always JSON", e);
        }
    }
}
