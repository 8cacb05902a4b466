package io.crmpulse.simulator.world;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Zoho's standard deal pipeline with its default probabilities. Stages carry Zoho's <em>actual</em>
 * values, which records contain: {@code Id. Decision Makers} and {@code Closed Lost to Competition}
 * (the settings page displays "Identify Decision Makers" and "Closed-Lost to Competition").
 */
public final class DealPipeline {

    public static final String QUALIFICATION = "Qualification";
    public static final String NEGOTIATION = "Negotiation/Review";
    public static final String CLOSED_WON = "Closed Won";
    public static final String CLOSED_LOST = "Closed Lost";
    public static final String CLOSED_LOST_TO_COMPETITION = "Closed Lost to Competition";

    /** The open stages in pipeline order. */
    public static final List<String> OPEN_STAGES =
            List.of(
                    QUALIFICATION,
                    "Needs Analysis",
                    "Value Proposition",
                    "Id. Decision Makers",
                    "Proposal/Price Quote",
                    NEGOTIATION);

    private static final Map<String, Integer> PROBABILITY =
            Map.of(
                    QUALIFICATION,
                    10,
                    "Needs Analysis",
                    20,
                    "Value Proposition",
                    40,
                    "Id. Decision Makers",
                    60,
                    "Proposal/Price Quote",
                    75,
                    NEGOTIATION,
                    90,
                    CLOSED_WON,
                    100,
                    CLOSED_LOST,
                    0,
                    CLOSED_LOST_TO_COMPETITION,
                    0);

    /** Chance that a deal is lost at any one step before negotiation. */
    private static final double LOSS_PER_STEP = 0.15;

    /** Chance that a deal in negotiation is won. */
    private static final double WIN_FROM_NEGOTIATION = 0.65;

    private DealPipeline() {}

    /** The stage's default probability; an unknown (custom) stage keeps {@code current}. */
    public static int probabilityOf(String stage, int current) {
        return PROBABILITY.getOrDefault(stage, current);
    }

    public static boolean isClosed(String stage) {
        return CLOSED_WON.equals(stage)
                || CLOSED_LOST.equals(stage)
                || CLOSED_LOST_TO_COMPETITION.equals(stage);
    }

    /** The stage a deal moves to next: usually one step on, sometimes two, or a close. */
    public static String nextStage(String stage, SplittableRandom random) {
        int index = OPEN_STAGES.indexOf(stage);
        if (index < 0) {
            return stage;
        }
        if (index == OPEN_STAGES.size() - 1) {
            return random.nextDouble() < WIN_FROM_NEGOTIATION ? CLOSED_WON : lostStage(random);
        }
        if (random.nextDouble() < LOSS_PER_STEP) {
            return lostStage(random);
        }
        int step = random.nextDouble() < 0.15 ? 2 : 1;
        return OPEN_STAGES.get(Math.min(index + step, OPEN_STAGES.size() - 1));
    }

    private static String lostStage(SplittableRandom random) {
        return random.nextDouble() < 0.25 ? CLOSED_LOST_TO_COMPETITION : CLOSED_LOST;
    }
}
