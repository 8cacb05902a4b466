package io.crmpulse.job.alerts.common;

import io.crmpulse.job.config.DisplayFormat;

/**
 * How unusual a statistical rule's observation is, in words a CEO reads at a glance
 * (docs/ANOMALY-RULES.md, "How unusual, in words"): the rule's own chance of seeing it on an
 * ordinary day, put on a small fixed scale. The chance itself, with the test that gave it, stays in
 * the alert's {@code test} for the analyst.
 */
public enum Rarity {
    EXTREMELY_UNUSUAL("Extremely unusual", 1e-6),
    VERY_UNUSUAL("Very unusual", 1e-4),
    UNUSUAL("Unusual", 1e-2),
    SOMEWHAT_UNUSUAL("Somewhat unusual", 1);

    private static final long[] ONE_IN = {1_000_000, 100_000, 10_000, 1_000, 100, 10};

    private final String words;
    private final double below;

    Rarity(String words, double below) {
        this.words = words;
        this.below = below;
    }

    /** The step of the scale of a chance {@code p}: the first whose bound {@code p} is under. */
    public static Rarity of(double p) {
        for (Rarity rarity : values()) {
            if (p < rarity.below) {
                return rarity;
            }
        }
        return SOMEWHAT_UNUSUAL;
    }

    /**
     * The sentence for a chance {@code p} of seeing {@code what} by chance, e.g. "Very unusual: a
     * day like this comes by chance less than once in 10,000." The count is the largest power of
     * ten (up to a million) that {@code 1/p} exceeds, written by {@code display} as the summary
     * writes counts; a chance of 10% or more reads "about once in N".
     *
     * @param what the observation as a subject, e.g. "a day like this"
     */
    public static String sentence(double p, String what, DisplayFormat display) {
        String often = null;
        for (long n : ONE_IN) {
            if (p < 1.0 / n) {
                often = "less than once in " + display.count(n);
                break;
            }
        }
        if (often == null) {
            often = "about once in " + display.count(Math.max(1, Math.round(1 / p)));
        }
        return of(p).words + ": " + what + " comes by chance " + often + ".";
    }
}
