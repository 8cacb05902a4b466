package io.crmpulse.job.alerts;

import java.time.Instant;
import java.util.Objects;

/**
 * The per-subject bookkeeping of {@code volume.LeadVolumeRulesFunction} besides its day counts:
 * since when it sees data (history before that never alerts), the first day of its history
 * (warm-up), the last live change, the newest lead (silence), its timers and the persistence
 * streaks.
 */
public class SubjectState {

    private Long liveSince;
    private Long firstDay;
    private Long lastLiveDay;
    private Instant lastLeadCreated;
    private Long nextCheck;
    private Long silenceTimer;
    private Instant silenceAlerted;
    private long streakDay;
    private int junkStreak;
    private int volumeStreak;

    /** For Flink's POJO serializer. */
    public SubjectState() {}

    /** Processing time of the first record this subject saw; kept across restores. */
    public Long getLiveSince() {
        return liveSince;
    }

    public void setLiveSince(Long liveSince) {
        this.liveSince = liveSince;
    }

    /** Epoch day of the oldest lead creation seen. */
    public Long getFirstDay() {
        return firstDay;
    }

    public void setFirstDay(Long firstDay) {
        this.firstDay = firstDay;
    }

    /** Epoch day (local) of the newest live change. */
    public Long getLastLiveDay() {
        return lastLiveDay;
    }

    public void setLastLiveDay(Long lastLiveDay) {
        this.lastLiveDay = lastLiveDay;
    }

    /** Creation time of the newest lead. */
    public Instant getLastLeadCreated() {
        return lastLeadCreated;
    }

    public void setLastLeadCreated(Instant lastLeadCreated) {
        this.lastLeadCreated = lastLeadCreated;
    }

    /** The next 15-minute check timer. */
    public Long getNextCheck() {
        return nextCheck;
    }

    public void setNextCheck(Long nextCheck) {
        this.nextCheck = nextCheck;
    }

    /** The silence (R3) timer, if armed. */
    public Long getSilenceTimer() {
        return silenceTimer;
    }

    public void setSilenceTimer(Long silenceTimer) {
        this.silenceTimer = silenceTimer;
    }

    /** The newest lead when R3 last fired: one alert per silence. */
    public Instant getSilenceAlerted() {
        return silenceAlerted;
    }

    public void setSilenceAlerted(Instant silenceAlerted) {
        this.silenceAlerted = silenceAlerted;
    }

    /** Epoch day the streaks count on. */
    public long getStreakDay() {
        return streakDay;
    }

    public void setStreakDay(long streakDay) {
        this.streakDay = streakDay;
    }

    /** Consecutive checks R1 breached. */
    public int getJunkStreak() {
        return junkStreak;
    }

    public void setJunkStreak(int junkStreak) {
        this.junkStreak = junkStreak;
    }

    /** Consecutive checks R2 breached. */
    public int getVolumeStreak() {
        return volumeStreak;
    }

    public void setVolumeStreak(int volumeStreak) {
        this.volumeStreak = volumeStreak;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SubjectState)) {
            return false;
        }
        SubjectState that = (SubjectState) o;
        return streakDay == that.streakDay
                && junkStreak == that.junkStreak
                && volumeStreak == that.volumeStreak
                && Objects.equals(liveSince, that.liveSince)
                && Objects.equals(firstDay, that.firstDay)
                && Objects.equals(lastLiveDay, that.lastLiveDay)
                && Objects.equals(lastLeadCreated, that.lastLeadCreated)
                && Objects.equals(nextCheck, that.nextCheck)
                && Objects.equals(silenceTimer, that.silenceTimer)
                && Objects.equals(silenceAlerted, that.silenceAlerted);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                liveSince,
                firstDay,
                lastLiveDay,
                lastLeadCreated,
                nextCheck,
                silenceTimer,
                silenceAlerted,
                streakDay,
                junkStreak,
                volumeStreak);
    }

    @Override
    public String toString() {
        return "SubjectState{liveSince="
                + liveSince
                + " firstDay="
                + firstDay
                + " lastLead="
                + lastLeadCreated
                + " streaks="
                + junkStreak
                + "/"
                + volumeStreak
                + "}";
    }
}
