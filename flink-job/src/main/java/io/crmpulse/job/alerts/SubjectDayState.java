package io.crmpulse.job.alerts;

import java.util.Objects;

/**
 * The leads of one subject created on one business-timezone day, as they are now: how many, how
 * many triaged (out of the untouched class), how many junk, and how many were created in each
 * 15-minute slot of local wall time (the time-of-day profile of G4). Flags mark a day a rule found
 * anomalous, so it stays out of later baselines (G3). Keyed state of {@code
 * volume.LeadVolumeRulesFunction}.
 */
public class SubjectDayState {

    private int created;
    private int triaged;
    private int junk;
    private int[] slots;
    private boolean volumeFlagged;
    private boolean junkFlagged;

    /** For Flink's POJO serializer. */
    public SubjectDayState() {}

    /** 15-minute slots of a day of local wall time. */
    public static final int SLOTS = 96;

    public static SubjectDayState empty() {
        SubjectDayState day = new SubjectDayState();
        day.slots = new int[SLOTS];
        return day;
    }

    /** Leads created before slot {@code slot} began. */
    public int createdBefore(int slot) {
        int sum = 0;
        for (int i = 0; i < Math.min(slot, SLOTS); i++) {
            sum += slots[i];
        }
        return sum;
    }

    public boolean isEmpty() {
        return created == 0 && triaged == 0 && junk == 0 && !volumeFlagged && !junkFlagged;
    }

    public int getCreated() {
        return created;
    }

    public void setCreated(int created) {
        this.created = created;
    }

    public int getTriaged() {
        return triaged;
    }

    public void setTriaged(int triaged) {
        this.triaged = triaged;
    }

    public int getJunk() {
        return junk;
    }

    public void setJunk(int junk) {
        this.junk = junk;
    }

    /** Leads created per 15-minute slot of local wall time, {@link #SLOTS} of them. */
    public int[] getSlots() {
        return slots;
    }

    public void setSlots(int[] slots) {
        this.slots = slots;
    }

    /** R2 fired for this day. */
    public boolean isVolumeFlagged() {
        return volumeFlagged;
    }

    public void setVolumeFlagged(boolean volumeFlagged) {
        this.volumeFlagged = volumeFlagged;
    }

    /** R1 fired for this day. */
    public boolean isJunkFlagged() {
        return junkFlagged;
    }

    public void setJunkFlagged(boolean junkFlagged) {
        this.junkFlagged = junkFlagged;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SubjectDayState)) {
            return false;
        }
        SubjectDayState that = (SubjectDayState) o;
        return created == that.created
                && triaged == that.triaged
                && junk == that.junk
                && volumeFlagged == that.volumeFlagged
                && junkFlagged == that.junkFlagged
                && java.util.Arrays.equals(slots, that.slots);
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hash(created, triaged, junk, volumeFlagged, junkFlagged)
                + java.util.Arrays.hashCode(slots);
    }

    @Override
    public String toString() {
        return "SubjectDayState{created="
                + created
                + " triaged="
                + triaged
                + " junk="
                + junk
                + (volumeFlagged ? " volume-flagged" : "")
                + (junkFlagged ? " junk-flagged" : "")
                + "}";
    }
}
