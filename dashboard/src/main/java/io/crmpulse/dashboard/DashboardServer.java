package io.crmpulse.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.crmpulse.dashboard.api.DashboardApi;
import io.javalin.Javalin;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.UnauthorizedResponse;
import io.javalin.http.staticfiles.Location;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's HTTP server: the page under {@code /} and its JSON API under {@code /api/v1/}
 * (README, "The dashboard"). A wrong query parameter is a 400 with a JSON message; with a token,
 * every request without it is a 401. No answer carries a stack trace: a failure is logged and
 * answered with a 500 that says where to look.
 */
public final class DashboardServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);

    /** Enough for a page's panels loading at once; the API's queries are short. */
    private static final int POOL_SIZE = 4;

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
     */
    public static DashboardServer start(DashboardSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("dashboard");
        config.setJdbcUrl(settings.database().url());
        config.setUsername(settings.database().user());
        config.setPassword(settings.database().password());
        config.setMaximumPoolSize(POOL_SIZE);
        config.setReadOnly(true);
        HikariDataSource pool = new HikariDataSource(config);
        try {
            return new DashboardServer(
                    listen(settings, new DashboardApi(pool, settings.zone())), pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    private static Javalin listen(DashboardSettings settings, DashboardApi api) {
        Optional<byte[]> token =
                settings.token().map(t -> ("Bearer " + t).getBytes(StandardCharsets.UTF_8));
        Javalin app =
                Javalin.create(
                        config -> {
                            config.startup.showJavalinBanner = false;
                            config.jetty.host = settings.host();
                            config.jetty.port = settings.port();
                            config.staticFiles.add("/public", Location.CLASSPATH);
                            // The charts' WebJar, under /webjars/echarts/<version>/.
                            config.staticFiles.enableWebjars();
                            token.ifPresent(
                                    expected ->
                                            config.routes.before(ctx -> authorize(ctx, expected)));
                            config.routes.get(
                                    "/api/v1/sources",
                                    ctx -> answer(ctx, api, api.sources(window(ctx))));
                            config.routes.get("/api/v1/reps", ctx -> answer(ctx, api, api.reps()));
                            config.routes.get(
                                    "/api/v1/alerts",
                                    ctx -> answer(ctx, api, api.alerts(range(ctx))));
                            config.routes.get(
                                    "/api/v1/freshness", ctx -> answer(ctx, api, api.freshness()));
                            config.routes.get(
                                    "/api/v1/summary", ctx -> answer(ctx, api, api.summary()));
                            config.routes.get(
                                    "/api/v1/today", ctx -> answer(ctx, api, api.today()));
                            config.routes.exception(
                                    HttpResponseException.class,
                                    (e, ctx) -> error(ctx, api, e.getStatus(), e.getMessage()));
                            config.routes.exception(
                                    Exception.class,
                                    (e, ctx) -> {
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

    private static void authorize(Context ctx, byte[] expected) {
        String given = ctx.header("Authorization");
        // Constant time: the comparison must not tell an attacker how much of a guess was right.
        if (given == null
                || !MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new UnauthorizedResponse(
                    "this dashboard requires its token: send 'Authorization: Bearer <token>'");
        }
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
