package io.crmpulse.simulator.truth;

import io.crmpulse.simulator.world.Deal;
import io.crmpulse.simulator.world.Lead;
import io.crmpulse.simulator.world.Rep;
import io.crmpulse.simulator.world.StageChange;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;

/** Applies the normalization rules of docs/METRICS.md sections 1 and 2 to the world's records. */
final class MetricsNormalizer {

    static final String NONE = "(none)";
    static final String UNASSIGNED = "(unassigned)";

    private final MetricClasses classes;

    MetricsNormalizer(MetricClasses classes) {
        this.classes = classes;
    }

    LeadFacts lead(Lead lead) {
        return new LeadFacts(
                lead.id(),
                picklist(lead.leadSource()),
                ownerId(lead.owner()),
                ownerName(lead.owner()),
                lead.createdTime(),
                lead.modifiedTime(),
                statusClass(lead.converted(), picklist(lead.leadStatus())));
    }

    DealFacts deal(Deal deal) {
        StageClass stageClass = stageClass(deal.stage());
        return new DealFacts(
                deal.id(),
                picklist(deal.leadSource()),
                ownerId(deal.owner()),
                ownerName(deal.owner()),
                deal.modifiedTime(),
                stageClass,
                amountHome(deal.amount(), deal.exchangeRate()),
                deal.probability(),
                stageClass == StageClass.WON ? wonAt(deal.stageHistory()) : null);
    }

    /** First match wins: converted, junk, untouched, attempted, else contacted. */
    private StatusClass statusClass(boolean converted, String status) {
        if (converted) {
            return StatusClass.CONVERTED;
        }
        if (classes.junkStatuses().contains(status)) {
            return StatusClass.JUNK;
        }
        if (classes.untouchedStatuses().contains(status)) {
            return StatusClass.UNTOUCHED;
        }
        if (classes.attemptedStatuses().contains(status)) {
            return StatusClass.ATTEMPTED;
        }
        return StatusClass.CONTACTED;
    }

    private StageClass stageClass(String stage) {
        String trimmed = stage == null ? "" : stage.trim();
        if (classes.wonStages().contains(trimmed)) {
            return StageClass.WON;
        }
        return classes.lostStages().contains(trimmed) ? StageClass.LOST : StageClass.OPEN;
    }

    /**
     * When the deal last entered the won class: the first change of the unbroken run of won stages
     * that ends with its current stage.
     */
    private Instant wonAt(List<StageChange> history) {
        Instant enteredAt = null;
        for (int i = history.size() - 1; i >= 0; i--) {
            if (stageClass(history.get(i).stage()) != StageClass.WON) {
                break;
            }
            enteredAt = history.get(i).at();
        }
        return enteredAt;
    }

    /** {@code amount / exchange_rate}, rounded half up to cents; null amount 0, bad rate 1. */
    static BigDecimal amountHome(BigDecimal amount, BigDecimal exchangeRate) {
        BigDecimal value = amount == null ? BigDecimal.ZERO : amount;
        BigDecimal rate =
                exchangeRate == null || exchangeRate.signum() <= 0 ? BigDecimal.ONE : exchangeRate;
        return value.divide(rate, 2, RoundingMode.HALF_UP);
    }

    /** Trimmed; null, empty and {@code -None-} become {@code (none)}. */
    static String picklist(String value) {
        if (value == null) {
            return NONE;
        }
        String trimmed = value.trim();
        return trimmed.isEmpty() || trimmed.equals("-None-") ? NONE : trimmed;
    }

    private static String ownerId(Rep owner) {
        return owner == null ? UNASSIGNED : owner.id();
    }

    private static String ownerName(Rep owner) {
        return owner == null ? UNASSIGNED : owner.name();
    }
}
