package io.crmpulse.job.alerts.common;

import io.crmpulse.job.alerts.CooldownState;
import io.crmpulse.job.model.Alert;
import java.time.Duration;
import java.time.Instant;
import javax.annotation.Nullable;

/**
 * G8: one alert per rule and subject within the cooldown, unless the severity rises. The rules'
 * functions keep the last firing per subject in keyed state.
 */
public final class Cooldown {

    private Cooldown() {}

    /** info 0, warning 1, critical 2. */
    public static int rank(String severity) {
        return switch (severity) {
            case Alert.CRITICAL -> 2;
            case Alert.WARNING -> 1;
            default -> 0;
        };
    }

    /** Whether an alert of {@code severity} may fire at {@code now} after {@code last}. */
    public static boolean allows(
            @Nullable CooldownState last, Instant now, Duration cooldown, String severity) {
        if (last == null || last.getFiredAt() == null) {
            return true;
        }
        return !now.isBefore(last.getFiredAt().plus(cooldown))
                || rank(severity) > rank(last.getSeverity());
    }
}
