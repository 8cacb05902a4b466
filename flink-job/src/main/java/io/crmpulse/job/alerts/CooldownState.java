package io.crmpulse.job.alerts;

import java.time.Instant;
import java.util.Objects;

/** When a rule last fired for a subject, and how severely (G8). */
public class CooldownState {

    private Instant firedAt;
    private String severity;

    /** For Flink's POJO serializer. */
    public CooldownState() {}

    public static CooldownState of(Instant firedAt, String severity) {
        CooldownState state = new CooldownState();
        state.firedAt = firedAt;
        state.severity = severity;
        return state;
    }

    public Instant getFiredAt() {
        return firedAt;
    }

    public void setFiredAt(Instant firedAt) {
        this.firedAt = firedAt;
    }

    public String getSeverity() {
        return severity;
    }

    public void setSeverity(String severity) {
        this.severity = severity;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof CooldownState)) {
            return false;
        }
        CooldownState that = (CooldownState) o;
        return Objects.equals(firedAt, that.firedAt) && Objects.equals(severity, that.severity);
    }

    @Override
    public int hashCode() {
        return Objects.hash(firedAt, severity);
    }

    @Override
    public String toString() {
        return "CooldownState{" + severity + " @" + firedAt + "}";
    }
}
