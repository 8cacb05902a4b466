package io.crmpulse.zoho;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a {@link io.crmpulse.zoho.source.ZohoSource} needs, validated; built by {@link
 * io.crmpulse.zoho.source.ZohoSourceBuilder}.
 *
 * @param modules the modules to sync, one split each
 * @param pollInterval time between the end of one poll and the start of the next, once a module has
 *     been read to the end
 * @param overlap how far behind the newest {@code Modified_Time} seen each poll re-reads, to catch
 *     same-second ties and late commits
 * @param syncMode how long the source runs and how it paces polls until caught up
 * @param clientFactory creates the Zoho client on the task manager
 */
public record ZohoSourceConfig(
        List<ZohoModule> modules,
        Duration pollInterval,
        Duration overlap,
        ZohoSyncMode syncMode,
        ZohoClientFactory clientFactory)
        implements Serializable {

    public ZohoSourceConfig {
        modules = List.copyOf(modules);
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(overlap, "overlap");
        Objects.requireNonNull(syncMode, "syncMode");
        Objects.requireNonNull(clientFactory, "clientFactory");
    }

    /** The source ends once caught up. */
    public boolean bounded() {
        return syncMode == ZohoSyncMode.UNTIL_CAUGHT_UP;
    }

    /** Polls again at once while a poll finds changes, instead of after the interval. */
    public boolean pollsBackToBackUntilCaughtUp() {
        return syncMode.pollsBackToBackUntilCaughtUp();
    }

    public Optional<ZohoModule> module(String name) {
        return modules.stream().filter(m -> m.name().equals(name)).findFirst();
    }
}
