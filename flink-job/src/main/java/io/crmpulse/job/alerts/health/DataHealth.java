package io.crmpulse.job.alerts.health;

import io.crmpulse.job.alerts.common.AlertTexts;
import io.crmpulse.job.config.AlertSettings;
import io.crmpulse.job.model.Alert;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.annotation.Nullable;

/**
 * G10, the data-health guard: the Zoho data is stale when a module has completed no poll for {@code
 * health.max_poll_lag_minutes}. Time since the job (re)started counts as polled, so a restart after
 * a long stop gives the source that long to poll before anything is reported.
 */
public final class DataHealth implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Duration maxLag;
    private final ZoneId zone;

    public DataHealth(AlertSettings.Health health, ZoneId zone) {
        this.maxLag = health.maxPollLag();
        this.zone = zone;
    }

    /**
     * The modules that are stale at {@code now} with their last poll, oldest first.
     *
     * @param lastPolls each module's last completed poll (epoch ms)
     * @param runningSince when this run of the job began (epoch ms)
     */
    public Map<String, Long> stale(Map<String, Long> lastPolls, long runningSince, long now) {
        Map<String, Long> stale = new TreeMap<>();
        for (Map.Entry<String, Long> poll : lastPolls.entrySet()) {
            if (now - Math.max(poll.getValue(), runningSince) >= maxLag.toMillis()) {
                stale.put(poll.getKey(), poll.getValue());
            }
        }
        return stale;
    }

    /** When the next module becomes stale if no poll completes; empty for no module. */
    public Optional<Long> nextDue(Map<String, Long> lastPolls, long runningSince) {
        return lastPolls.values().stream()
                .map(last -> Math.max(last, runningSince) + maxLag.toMillis())
                .min(Long::compare);
    }

    /**
     * The one alert of an episode that began with a failed token refresh: no poll of {@code module}
     * can run until Zoho's accounts server refreshes the token again.
     *
     * @param lastPoll the module's last completed poll, which identifies the episode; {@code null}
     *     if none completed yet
     */
    public Alert tokenAlert(String module, @Nullable Instant lastPoll, Instant at) {
        Instant since = lastPoll == null ? at : lastPoll;
        return AlertTexts.alert(
                Alert.DATA_STALE,
                AlertTexts.ZOHO,
                Alert.WARNING,
                since.toString(),
                at,
                since,
                at,
                Duration.between(since, at).toMinutes(),
                maxLag.toMinutes(),
                1,
                "Zoho token refresh failed for " + module,
                Alert.nameOf(Alert.DATA_STALE)
                        + ": Zoho would not refresh the access token, so "
                        + module
                        + " cannot be synced"
                        + (lastPoll == null
                                ? ""
                                : " (last poll at " + AlertTexts.dayTime(lastPoll, zone) + ")")
                        + ". Volume, silence and speed-to-lead alerts are paused until data flows"
                        + " again.\nCheck the Zoho connection: if the grant was revoked, create a"
                        + " new self-client grant and set ZOHO_REFRESH_TOKEN.");
    }

    /** The one alert of a stale episode, which the oldest stale poll identifies. */
    public Alert alert(Map<String, Long> stale, Instant at) {
        long oldest = stale.values().stream().min(Long::compare).orElseThrow();
        Instant last = Instant.ofEpochMilli(oldest);
        Duration lag = Duration.between(last, at);
        String modules = String.join(", ", stale.keySet());
        return AlertTexts.alert(
                Alert.DATA_STALE,
                AlertTexts.ZOHO,
                Alert.WARNING,
                last.toString(),
                at,
                last,
                at,
                lag.toMinutes(),
                maxLag.toMinutes(),
                stale.size(),
                "no completed Zoho poll of "
                        + modules
                        + " for "
                        + lag.toMinutes()
                        + " min >= "
                        + maxLag.toMinutes()
                        + " min",
                Alert.nameOf(Alert.DATA_STALE)
                        + ": no Zoho poll of "
                        + modules
                        + " has completed for "
                        + lag.toMinutes()
                        + " minutes (last at "
                        + AlertTexts.dayTime(last, zone)
                        + "; the limit is "
                        + maxLag.toMinutes()
                        + " minutes). Volume, silence and speed-to-lead alerts are paused"
                        + " until data flows again.\nCheck that the job runs and that Zoho"
                        + " answers (its API status, the network, the API credits).");
    }
}
