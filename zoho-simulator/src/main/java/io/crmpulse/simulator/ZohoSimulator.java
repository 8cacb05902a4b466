package io.crmpulse.simulator;

import io.crmpulse.simulator.api.ApiSettings;
import io.crmpulse.simulator.api.SimulatorFaults;
import io.crmpulse.simulator.api.SimulatorStats;
import io.crmpulse.simulator.api.ZohoApiServer;
import io.crmpulse.simulator.auth.AccessTokenStore;
import io.crmpulse.simulator.auth.OAuthCredentials;
import io.crmpulse.simulator.auth.TokenPolicy;
import io.crmpulse.simulator.scenario.Scenario;
import io.crmpulse.simulator.truth.GroundTruth;
import io.crmpulse.simulator.world.CrmModule;
import io.crmpulse.simulator.world.CrmWorld;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local Zoho CRM: the accounts endpoint and the CRM API on one port of 127.0.0.1, over a
 * generated world that tests change through {@link #world()}, with faults to inject, call counts,
 * and the ground truth a correct sync must reach.
 *
 * <pre>{@code
 * try (ZohoSimulator sim = ZohoSimulator.builder()
 *         .scenario(Scenario.named("backfill"))
 *         .seed(42)
 *         .clock(SimClock.fixed(Instant.parse("2026-03-10T12:00:00Z")))
 *         .start()) {
 *     // point a client at sim.baseUrl() with sim.clientId(), sim.clientSecret(), sim.refreshToken()
 * }
 * }</pre>
 */
public final class ZohoSimulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ZohoSimulator.class);

    private final Scenario scenario;
    private final long seed;
    private final SimClock clock;
    private final ZoneId userTimeZone;
    private final OAuthCredentials credentials;
    private final CrmWorld world;
    private final SimulatorFaults faults;
    private final SimulatorStats stats;
    private final GroundTruth truth;
    private final ZohoApiServer server;
    private final Scenario.LiveChanges liveChanges;

    private ZohoSimulator(Builder builder) throws IOException {
        this.scenario = builder.scenario;
        this.seed = builder.seed;
        this.clock = builder.clock != null ? builder.clock : SimClock.live();
        this.userTimeZone = builder.userTimeZone;
        this.credentials = builder.credentials;
        this.world = new CrmWorld(seed, clock);
        scenario.writeHistory(world, userTimeZone);

        AccessTokenStore accessTokens = new AccessTokenStore(clock, builder.tokenPolicy);
        this.faults = new SimulatorFaults(accessTokens);
        this.stats = new SimulatorStats();
        this.truth = new GroundTruth(world);
        ApiSettings settings =
                new ApiSettings(
                        userTimeZone,
                        credentials,
                        builder.legacyTokenExpiry,
                        builder.tokenErrorHttpStatus,
                        builder.snapshotPageTokens,
                        builder.ifModifiedSinceInclusive,
                        builder.pageTokenLimit);
        this.server =
                ZohoApiServer.start(
                        builder.host,
                        builder.port,
                        world,
                        clock,
                        settings,
                        accessTokens,
                        faults,
                        stats,
                        truth,
                        this::statusLine);
        try {
            this.liveChanges =
                    clock.isLive() ? scenario.startLiveChanges(world) : Scenario.LiveChanges.NONE;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        LOG.info(
                "Zoho simulator listening on {} (scenario {}, seed {}, {} leads, {} deals, user"
                        + " time zone {}, {} clock)",
                server.baseUrl(),
                scenario.name(),
                seed,
                world.liveCount(CrmModule.LEADS),
                world.liveCount(CrmModule.DEALS),
                userTimeZone,
                clock.isLive() ? "live" : "fixed");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code http://127.0.0.1:PORT}: the accounts URL and the API domain. */
    public String baseUrl() {
        return server.baseUrl();
    }

    public int port() {
        return server.port();
    }

    public String clientId() {
        return credentials.clientId();
    }

    public String clientSecret() {
        return credentials.clientSecret();
    }

    public String refreshToken() {
        return credentials.refreshToken();
    }

    /** The CRM behind the API; its mutations are what a sync must pick up. */
    public CrmWorld world() {
        return world;
    }

    public SimulatorFaults faults() {
        return faults;
    }

    public SimulatorStats stats() {
        return stats;
    }

    /** What a correct sync ends up with: live records, deletions and the metrics tables. */
    public GroundTruth truth() {
        return truth;
    }

    public SimClock clock() {
        return clock;
    }

    public Scenario scenario() {
        return scenario;
    }

    public ZoneId userTimeZone() {
        return userTimeZone;
    }

    /** What {@code GET /} answers: the scenario, the record counts and the port. */
    public String statusLine() {
        return String.format(
                Locale.ROOT,
                "Zoho CRM simulator: scenario=%s seed=%d port=%d leads=%d deals=%d"
                        + " deleted_leads=%d deleted_deals=%d clock=%s now=%s",
                scenario.name(),
                seed,
                server.port(),
                world.liveCount(CrmModule.LEADS),
                world.liveCount(CrmModule.DEALS),
                world.deletedCount(CrmModule.LEADS),
                world.deletedCount(CrmModule.DEALS),
                clock.isLive() ? "live" : "fixed",
                clock.instant());
    }

    /** Stops the live changes and the server. */
    @Override
    public void close() {
        liveChanges.stop();
        server.close();
        LOG.info("Zoho simulator on port {} stopped", server.port());
    }

    /** Options of a simulator; every one has a default. */
    public static final class Builder {

        private Scenario scenario = Scenario.empty();
        private long seed = 42;
        private ZoneId userTimeZone = ZoneOffset.UTC;
        private SimClock clock;
        private String host = "127.0.0.1";
        private int port;
        private OAuthCredentials credentials = OAuthCredentials.DEMO;
        private TokenPolicy tokenPolicy = TokenPolicy.ZOHO;
        private boolean legacyTokenExpiry;
        private int tokenErrorHttpStatus = 200;
        private boolean snapshotPageTokens;
        private boolean ifModifiedSinceInclusive = true;
        private int pageTokenLimit = ApiSettings.ZOHO_PAGE_TOKEN_LIMIT;

        private Builder() {}

        /** What the CRM holds at start; default {@link Scenario#empty()}. */
        public Builder scenario(Scenario scenario) {
            this.scenario = Objects.requireNonNull(scenario, "scenario");
            return this;
        }

        /** Seeds every random choice of the world; default 42. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The API user's zone: datetimes are rendered in it; default UTC. */
        public Builder userTimeZone(ZoneId zone) {
            this.userTimeZone = Objects.requireNonNull(zone, "zone");
            return this;
        }

        /** The clock of every timestamp and expiry; default a live clock. */
        public Builder clock(SimClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The IPv4 address to listen on; default 127.0.0.1, or 0.0.0.0 for every interface (in a
         * container, where the job runs in another).
         */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The port on the host; default 0, a free port. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("Not a port: " + port);
            }
            this.port = port;
            return this;
        }

        /** The self-client accepted; default demo-client / demo-secret / demo-refresh. */
        public Builder credentials(String clientId, String clientSecret, String refreshToken) {
            this.credentials = new OAuthCredentials(clientId, clientSecret, refreshToken);
            return this;
        }

        /** How long access tokens live on the simulator's clock; default 1 hour, as Zoho. */
        public Builder tokenTtl(Duration ttl) {
            this.tokenPolicy = tokenPolicy.withTtl(ttl);
            return this;
        }

        /** Mints allowed per refresh token per 10 minutes; default 10, as Zoho. */
        public Builder tokenMintLimit(int mintsPerTenMinutes) {
            this.tokenPolicy = tokenPolicy.withMintsPerWindow(mintsPerTenMinutes);
            return this;
        }

        /**
         * Answer token grants the old way: {@code expires_in_sec} in seconds and {@code expires_in}
         * in milliseconds. Default off.
         */
        public Builder legacyTokenExpiry(boolean legacy) {
            this.legacyTokenExpiry = legacy;
            return this;
        }

        /** The HTTP status of token-endpoint errors; default 200, as Zoho (some see 400). */
        public Builder tokenErrorHttpStatus(int status) {
            this.tokenErrorHttpStatus = status;
            return this;
        }

        /**
         * Make page tokens read the rows their scan's first page saw, instead of re-running the
         * query on the current world at an offset (the default).
         */
        public Builder snapshotPageTokens(boolean snapshot) {
            this.snapshotPageTokens = snapshot;
            return this;
        }

        /**
         * Whether {@code If-Modified-Since} keeps records modified in exactly that second; default
         * true ({@code Modified_Time >= since}).
         */
        public Builder ifModifiedSinceInclusive(boolean inclusive) {
            this.ifModifiedSinceInclusive = inclusive;
            return this;
        }

        /**
         * The most records one page token reaches (Zoho: 100,000), lowered by tests of what a scan
         * does past it.
         */
        public Builder pageTokenLimit(int limit) {
            this.pageTokenLimit = limit;
            return this;
        }

        /**
         * Generates the world, binds the port and starts serving; a scenario's live changes start
         * too when the clock is live.
         *
         * @throws UncheckedIOException when the port cannot be bound
         */
        public ZohoSimulator start() {
            try {
                return new ZohoSimulator(this);
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "Cannot listen on "
                                + host
                                + ":"
                                + port
                                + " (is another simulator running there? choose another port)",
                        e);
            }
        }
    }
}
