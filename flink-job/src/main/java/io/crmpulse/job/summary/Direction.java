package io.crmpulse.job.summary;

/** Which way a fact moved against its comparison (yesterday, the trailing 7-day average). */
public enum Direction {
    UP,
    DOWN,
    FLAT
}
