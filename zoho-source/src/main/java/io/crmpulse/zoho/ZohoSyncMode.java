package io.crmpulse.zoho;

/** How long the Zoho source runs, and how it paces polls until the CRM has nothing new. */
public enum ZohoSyncMode {

    /** Polls every poll interval, forever. */
    CONTINUOUS,

    /**
     * Polls back to back while polls find changes and ends (a bounded source) once every module has
     * been polled to "nothing new" after the last change of any of them: backfills, tests, a cron
     * run on a cluster.
     */
    UNTIL_CAUGHT_UP,

    /**
     * Catches up as {@link #UNTIL_CAUGHT_UP} does, says so in its progress reports ({@code
     * caught_up}) and then polls every poll interval without ending, so that whoever runs the job
     * can stop it with a savepoint and the next run resumes where this one was.
     */
    CATCH_UP_THEN_CONTINUE;

    /** Polls again at once while a poll finds changes, instead of after the interval. */
    boolean pollsBackToBackUntilCaughtUp() {
        return this != CONTINUOUS;
    }
}
