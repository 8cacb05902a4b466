package io.crmpulse.job.config;

import io.crmpulse.zoho.ZohoModule;
import io.crmpulse.zoho.client.ZohoClientConfig;
import io.crmpulse.zoho.client.ZohoCredentials;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;

/**
 * The job's settings, read from the environment (DESIGN.md 4.1). Every value is checked here, at
 * start, and a wrong one stops the job with a message naming the variable.
 *
 * @param zohoClient where the Zoho accounts and API servers are
 * @param zohoCredentials the OAuth self-client; {@code null} only in demo mode, which brings its
 *     own
 * @param modules the CRM modules to sync ({@code ZOHO_MODULES})
 * @param pollInterval time between incremental polls ({@code PULSE_POLL_INTERVAL})
 */
public record PulseConfig(
        ZohoClientConfig zohoClient,
        @Nullable ZohoCredentials zohoCredentials,
        List<ZohoModule> modules,
        Duration pollInterval) {

    public static final String MODULES_ENV = "ZOHO_MODULES";
    public static final String POLL_INTERVAL_ENV = "PULSE_POLL_INTERVAL";

    public static final String DEFAULT_MODULES = "Leads,Deals";
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(60);

    /**
     * @param credentialsRequired false in demo mode, where the simulator supplies them
     */
    public static PulseConfig fromEnvironment(
            Map<String, String> env, boolean credentialsRequired) {
        ZohoClientConfig client;
        ZohoCredentials credentials = null;
        try {
            client = ZohoClientConfig.fromEnvironment(env);
            if (credentialsRequired) {
                credentials = ZohoCredentials.fromEnvironment(env);
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
        List<ZohoModule> modules;
        String modulesText = env.getOrDefault(MODULES_ENV, DEFAULT_MODULES);
        try {
            modules = ZohoModule.parseList(modulesText);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(MODULES_ENV + "='" + modulesText + "': " + e.getMessage(), e);
        }
        Duration pollInterval = DEFAULT_POLL_INTERVAL;
        String pollText = env.get(POLL_INTERVAL_ENV);
        if (pollText != null && !pollText.isBlank()) {
            pollInterval = Durations.parse(POLL_INTERVAL_ENV, pollText);
            if (pollInterval.isZero() || pollInterval.isNegative()) {
                throw new ConfigException(
                        POLL_INTERVAL_ENV + "='" + pollText + "' must be positive");
            }
        }
        return new PulseConfig(client, credentials, modules, pollInterval);
    }

    public PulseConfig withPollInterval(Duration interval) {
        return new PulseConfig(zohoClient, zohoCredentials, modules, interval);
    }

    public PulseConfig withZoho(ZohoClientConfig client, ZohoCredentials credentials) {
        return new PulseConfig(client, credentials, modules, pollInterval);
    }
}
