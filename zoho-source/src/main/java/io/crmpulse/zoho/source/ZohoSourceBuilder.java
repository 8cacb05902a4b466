package io.crmpulse.zoho.source;

import io.crmpulse.zoho.ZohoClientFactory;
import io.crmpulse.zoho.ZohoModule;
import io.crmpulse.zoho.ZohoSourceConfig;
import io.crmpulse.zoho.ZohoSyncMode;
import io.crmpulse.zoho.client.HttpZohoCrmClient;
import io.crmpulse.zoho.client.ZohoClientConfig;
import io.crmpulse.zoho.client.ZohoCredentials;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Builds a {@link ZohoSource}. Modules and a client are required; everything else has a default:
 * {@link #DEFAULT_POLL_INTERVAL}, {@link #DEFAULT_OVERLAP}, {@link ZohoSyncMode#CONTINUOUS}.
 */
public final class ZohoSourceBuilder {

    /** Time between polls of a module; the job's {@code PULSE_POLL_INTERVAL} defaults to it. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(60);

    /** How far behind its cursor a poll re-reads; the job's {@code zoho.overlap} defaults to it. */
    public static final Duration DEFAULT_OVERLAP = Duration.ofSeconds(60);

    /** Longer than this, the overlap would re-read more than a poll's worth for no gain. */
    public static final Duration MAX_OVERLAP = Duration.ofHours(1);

    private List<ZohoModule> modules;
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;
    private Duration overlap = DEFAULT_OVERLAP;
    private ZohoSyncMode syncMode = ZohoSyncMode.CONTINUOUS;
    private ZohoClientFactory clientFactory;

    ZohoSourceBuilder() {}

    /** The modules to sync, one split each. */
    public ZohoSourceBuilder setModules(List<ZohoModule> modules) {
        this.modules = List.copyOf(modules);
        return this;
    }

    /** Time between the end of one poll of a module and the start of the next. */
    public ZohoSourceBuilder setPollInterval(Duration pollInterval) {
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
        return this;
    }

    /** How far behind the newest {@code Modified_Time} seen each poll re-reads. */
    public ZohoSourceBuilder setOverlap(Duration overlap) {
        this.overlap = Objects.requireNonNull(overlap, "overlap");
        return this;
    }

    /** End once every module has been polled to "nothing new" (backfills, tests, cron use). */
    public ZohoSourceBuilder setBounded(boolean bounded) {
        return setSyncMode(bounded ? ZohoSyncMode.UNTIL_CAUGHT_UP : ZohoSyncMode.CONTINUOUS);
    }

    /** How long the source runs and how it paces polls until the CRM has nothing new. */
    public ZohoSourceBuilder setSyncMode(ZohoSyncMode syncMode) {
        this.syncMode = Objects.requireNonNull(syncMode, "syncMode");
        return this;
    }

    /** Talk to Zoho over HTTP with these settings and credentials. */
    public ZohoSourceBuilder setHttpClient(ZohoClientConfig config, ZohoCredentials credentials) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(credentials, "credentials");
        this.clientFactory =
                listener -> new HttpZohoCrmClient(config, credentials, Clock.systemUTC(), listener);
        return this;
    }

    /** Use the clients this factory makes (tests hand in fakes). */
    public ZohoSourceBuilder setClientFactory(ZohoClientFactory clientFactory) {
        this.clientFactory = Objects.requireNonNull(clientFactory, "clientFactory");
        return this;
    }

    public ZohoSource build() {
        if (modules == null || modules.isEmpty()) {
            throw new IllegalArgumentException("The Zoho source needs at least one module");
        }
        if (clientFactory == null) {
            throw new IllegalArgumentException(
                    "The Zoho source needs a client: call setHttpClient or setClientFactory");
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException(
                    "The poll interval must be positive, got " + pollInterval);
        }
        if (overlap.isNegative() || overlap.compareTo(MAX_OVERLAP) > 0) {
            throw new IllegalArgumentException(
                    "The overlap must be between 0 and " + MAX_OVERLAP + ", got " + overlap);
        }
        return new ZohoSource(
                new ZohoSourceConfig(modules, pollInterval, overlap, syncMode, clientFactory));
    }
}
