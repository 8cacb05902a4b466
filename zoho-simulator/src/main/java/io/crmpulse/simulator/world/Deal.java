package io.crmpulse.simulator.world;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A deal in the standard pipeline.
 *
 * @param amount in the deal's own currency, or {@code null} when the rep left it empty
 * @param exchangeRate units of {@code currency} per home-currency unit, fixed when the deal was
 *     created (as Zoho does)
 * @param stageHistory every stage the deal entered, oldest first; the last entry is the current
 *     stage
 */
public record Deal(
        String id,
        String dealName,
        String stage,
        BigDecimal amount,
        OrgCurrency currency,
        BigDecimal exchangeRate,
        int probability,
        LocalDate closingDate,
        Rep owner,
        String leadSource,
        String type,
        String nextStep,
        Instant createdTime,
        Instant modifiedTime,
        List<StageChange> stageHistory)
        implements CrmRecord {

    /** The only pipeline the simulated org has. */
    public static final String PIPELINE = "Standard (Standard)";

    public Deal {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(dealName, "dealName");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(exchangeRate, "exchangeRate");
        Objects.requireNonNull(createdTime, "createdTime");
        Objects.requireNonNull(modifiedTime, "modifiedTime");
        stageHistory = List.copyOf(stageHistory);
    }

    @Override
    public CrmModule module() {
        return CrmModule.DEALS;
    }

    @Override
    public String displayName() {
        return dealName;
    }

    /** Zoho's {@code Expected_Revenue}: amount times probability, in the deal's currency. */
    public BigDecimal expectedRevenue() {
        return amount == null
                ? null
                : amount.multiply(BigDecimal.valueOf(probability)).movePointLeft(2);
    }

    Deal withStage(String newStage, int newProbability, Instant at) {
        List<StageChange> history = new ArrayList<>(stageHistory);
        history.add(new StageChange(at, newStage));
        return new Deal(
                id,
                dealName,
                newStage,
                amount,
                currency,
                exchangeRate,
                newProbability,
                closingDate,
                owner,
                leadSource,
                type,
                nextStep,
                createdTime,
                at,
                history);
    }

    Deal withNextStep(String newNextStep, Instant at) {
        return new Deal(
                id,
                dealName,
                stage,
                amount,
                currency,
                exchangeRate,
                probability,
                closingDate,
                owner,
                leadSource,
                type,
                newNextStep,
                createdTime,
                at,
                stageHistory);
    }

    Deal touchedAt(Instant at) {
        return new Deal(
                id,
                dealName,
                stage,
                amount,
                currency,
                exchangeRate,
                probability,
                closingDate,
                owner,
                leadSource,
                type,
                nextStep,
                createdTime,
                at,
                stageHistory);
    }
}
