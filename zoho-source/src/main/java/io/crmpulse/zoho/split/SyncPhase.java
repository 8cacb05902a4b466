package io.crmpulse.zoho.split;

/**
 * Where a module's sync stands. Both phases use the same cursor and the same query; the phase is
 * reported (logs, metrics) and checkpointed so that a restored job knows it already caught up once.
 */
public enum SyncPhase {
    /** The first full read of the module has not completed yet. */
    BACKFILL(0),
    /** The module has been read to the end at least once; polls now fetch changes only. */
    INCREMENTAL(1);

    private final int code;

    SyncPhase(int code) {
        this.code = code;
    }

    /** The stable code written to checkpoints; never reuse or renumber. */
    public int code() {
        return code;
    }

    public static SyncPhase fromCode(int code) {
        for (SyncPhase phase : values()) {
            if (phase.code == code) {
                return phase;
            }
        }
        throw new IllegalArgumentException("Unknown sync phase code " + code);
    }
}
