package io.crmpulse.job.config;

import io.crmpulse.sinks.twilio.TwilioSettings;
import io.crmpulse.sinks.twilio.TwilioSettingsException;
import io.crmpulse.zoho.ZohoModule;
import io.crmpulse.zoho.client.ZohoClientConfig;
import io.crmpulse.zoho.client.ZohoCredentials;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;

/**
 * The job's settings, read from the environment and the optional YAML file (README,
 * "Configuration"). Every value is checked here, at start, and a wrong one stops the job with a
 * message naming the variable or the file's key.
 *
 * @param zohoClient where the Zoho accounts and API servers are
 * @param zohoCredentials the OAuth self-client; {@code null} only in demo mode, which brings its
 *     own
 * @param modules the CRM modules to sync ({@code ZOHO_MODULES})
 * @param pollInterval time between incremental polls ({@code PULSE_POLL_INTERVAL})
 * @param timezone the business timezone for days, business hours and the summary ({@code
 *     PULSE_TIMEZONE})
 * @param settings the settings of the YAML file ({@code --config}), or their defaults
 * @param whatsApp the Twilio account, sender and recipients ({@code TWILIO_*}, {@code
 *     RECIPIENT_PHONE_NUMBER}); without an account, messages stay in the outbox as {@code dry_run}
 * @param summary the daily summary: its time ({@code PULSE_SUMMARY_TIME}) and Ollama ({@code
 *     OLLAMA_BASE_URL}, {@code OLLAMA_MODEL})
 * @param display how amounts, counts and rates read in alerts and the summary ({@code
 *     PULSE_CURRENCY})
 * @param dashboard the dashboard views that alerts and the summary link to ({@code
 *     PULSE_DASHBOARD_URL})
 */
public record PulseConfig(
        ZohoClientConfig zohoClient,
        @Nullable ZohoCredentials zohoCredentials,
        List<ZohoModule> modules,
        Duration pollInterval,
        ZoneId timezone,
        PulseSettings settings,
        TwilioSettings whatsApp,
        SummarySettings summary,
        DisplayFormat display,
        DashboardLinks dashboard) {

    public static final String MODULES_ENV = PulseEnvironment.ZOHO_MODULES.name();
    public static final String POLL_INTERVAL_ENV = PulseEnvironment.POLL_INTERVAL.name();
    public static final String TIMEZONE_ENV = PulseEnvironment.TIMEZONE.name();

    /**
     * The environment's settings, with the YAML file's at their defaults.
     *
     * @param credentialsRequired false in demo mode, where the simulator supplies them
     */
    public static PulseConfig fromEnvironment(
            Map<String, String> env, boolean credentialsRequired) {
        return fromEnvironment(env, credentialsRequired, null);
    }

    /**
     * @param credentialsRequired false in demo mode, where the simulator supplies them
     * @param settingsFile the {@code --config} file, or null for the defaults of every key
     */
    public static PulseConfig fromEnvironment(
            Map<String, String> env, boolean credentialsRequired, @Nullable Path settingsFile) {
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
        String modulesText =
                env.getOrDefault(MODULES_ENV, PulseEnvironment.ZOHO_MODULES.defaultValue());
        try {
            modules = ZohoModule.parseList(modulesText);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(MODULES_ENV + "='" + modulesText + "': " + e.getMessage(), e);
        }
        String pollText = PulseEnvironment.POLL_INTERVAL.getOrDefault(env);
        Duration pollInterval = Durations.parse(POLL_INTERVAL_ENV, pollText);
        if (pollInterval.isZero() || pollInterval.isNegative()) {
            throw new ConfigException(POLL_INTERVAL_ENV + "='" + pollText + "' must be positive");
        }
        ZoneId timezone = PulseEnvironment.timezone(env);
        PulseSettings settings =
                settingsFile == null ? PulseSettings.defaults() : PulseSettings.load(settingsFile);
        TwilioSettings whatsApp;
        try {
            whatsApp = TwilioSettings.fromEnv(env);
        } catch (TwilioSettingsException e) {
            throw new ConfigException(e.getMessage(), e);
        }
        SummarySettings summary = SummarySettings.fromEnv(env);
        DisplayFormat display = PulseEnvironment.display(env);
        DashboardLinks dashboard = PulseEnvironment.dashboardLinks(env);
        return new PulseConfig(
                client,
                credentials,
                modules,
                pollInterval,
                timezone,
                settings,
                whatsApp,
                summary,
                display,
                dashboard);
    }

    public PulseConfig withPollInterval(Duration interval) {
        return new PulseConfig(
                zohoClient,
                zohoCredentials,
                modules,
                interval,
                timezone,
                settings,
                whatsApp,
                summary,
                display,
                dashboard);
    }

    public PulseConfig withZoho(ZohoClientConfig client, ZohoCredentials credentials) {
        return new PulseConfig(
                client,
                credentials,
                modules,
                pollInterval,
                timezone,
                settings,
                whatsApp,
                summary,
                display,
                dashboard);
    }

    public PulseConfig withSettings(PulseSettings newSettings) {
        return new PulseConfig(
                zohoClient,
                zohoCredentials,
                modules,
                pollInterval,
                timezone,
                newSettings,
                whatsApp,
                summary,
                display,
                dashboard);
    }

    public PulseConfig withSummary(SummarySettings newSummary) {
        return new PulseConfig(
                zohoClient,
                zohoCredentials,
                modules,
                pollInterval,
                timezone,
                settings,
                whatsApp,
                newSummary,
                display,
                dashboard);
    }
}
