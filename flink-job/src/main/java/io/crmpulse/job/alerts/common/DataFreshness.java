package io.crmpulse.job.alerts.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crmpulse.zoho.model.ChangeOp;
import io.crmpulse.zoho.model.RecordChange;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * How the data-health guard (G10) reaches the rules it mutes. Every rule operator that R2, R3 or R5
 * runs in is connected to the broadcast Zoho poll reports ({@code SYNC_PROGRESS}) and keeps, in
 * broadcast state, the completion time of each module's last poll and whether the source has ever
 * caught up. Data is <em>fresh</em> when the source has caught up once (so a backfill in progress
 * is not judged) and every module completed a poll within {@code health.max_poll_lag_minutes};
 * anything else mutes them, until a poll completes again.
 *
 * <p>Caught up is the source's own {@code caught_up} (every module polled to nothing new), or a
 * Leads poll whose cursor is within the live horizon of its completion: a busy CRM may never be
 * quiet at both modules at once, yet its leads are current once the backfill reached the present.
 */
public final class DataFreshness {

    /** The broadcast state: module name to last poll completion (epoch ms), plus the key below. */
    public static final MapStateDescriptor<String, Long> POLLS =
            new MapStateDescriptor<>("alerts-zoho-polls", Types.STRING, Types.LONG);

    /** Key of the first poll (epoch ms) that reported the source caught up. */
    public static final String CAUGHT_UP = "$caught_up";

    /** Prefix of a module's key holding its failed token refresh (epoch ms) newer than its poll. */
    static final String FAILED = "$failed:";

    private static final ObjectMapper JSON = new ObjectMapper();

    private DataFreshness() {}

    /**
     * Records a poll report or a failed token refresh into {@code polls}; other changes are
     * ignored.
     *
     * @param liveHorizon {@code alerts.live_horizon}
     */
    public static void record(
            RecordChange progress, BroadcastState<String, Long> polls, Duration liveHorizon)
            throws Exception {
        if (progress.getModifiedTime() == null) {
            return;
        }
        long at = progress.getModifiedTime().toEpochMilli();
        String failed = FAILED + progress.getModule();
        if (progress.getOp() == ChangeOp.SYNC_FAILURE) {
            polls.put(failed, at);
            return;
        }
        if (progress.getOp() != ChangeOp.SYNC_PROGRESS) {
            return;
        }
        long completed = at;
        Long before = polls.get(progress.getModule());
        if (before == null || before < completed) {
            polls.put(progress.getModule(), completed);
        }
        Long failedAt = polls.get(failed);
        if (failedAt != null && failedAt <= completed) {
            polls.remove(failed);
        }
        if (!polls.contains(CAUGHT_UP) && caughtUp(progress, liveHorizon)) {
            polls.put(CAUGHT_UP, completed);
        }
    }

    /**
     * Whether the rules may judge at {@code now}: caught up once, every module polled lately, and
     * no token refresh failed since a module's last poll.
     */
    public static boolean fresh(
            Iterable<Map.Entry<String, Long>> polls, long now, Duration maxLag) {
        boolean caughtUp = false;
        boolean anyModule = false;
        for (Map.Entry<String, Long> poll : polls) {
            if (CAUGHT_UP.equals(poll.getKey())) {
                caughtUp = true;
                continue;
            }
            if (poll.getKey().startsWith(FAILED)) {
                return false;
            }
            anyModule = true;
            if (now - poll.getValue() > maxLag.toMillis()) {
                return false;
            }
        }
        return caughtUp && anyModule;
    }

    static boolean caughtUp(RecordChange progress, Duration liveHorizon) {
        if (progress.getFieldsJson() == null) {
            return false;
        }
        try {
            JsonNode json = JSON.readTree(progress.getFieldsJson());
            if (json == null) {
                return false;
            }
            if (json.path("caught_up").asBoolean(false)) {
                return true;
            }
            JsonNode cursor = json.path("cursor");
            return LEADS.equalsIgnoreCase(progress.getModule())
                    && cursor.isTextual()
                    && !Instant.parse(cursor.asText())
                            .isBefore(progress.getModifiedTime().minus(liveHorizon));
        } catch (IOException | DateTimeParseException e) {
            return false;
        }
    }

    private static final String LEADS = "Leads";
}
