package io.crmpulse.job.alerts.bigdeal;

import io.crmpulse.job.alerts.DealInfoState;
import io.crmpulse.job.alerts.common.AlertTexts;
import io.crmpulse.job.alerts.common.Statistics;
import io.crmpulse.job.config.AlertSettings;
import io.crmpulse.job.config.DisplayFormat;
import io.crmpulse.job.model.Alert;
import io.crmpulse.job.model.DealStageEvent;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.annotation.Nullable;

/**
 * R4, big deal lost (an event rule: it fires at once, with no warm-up or persistence): a deal that
 * enters a lost stage with a home-currency amount of at least {@code max(big_deal_lost.abs_floor,
 * P<won_percentile> of the amounts won in the last lookback_days)}, or of at least {@code
 * big_deal_lost.pipeline_share} of the open pipeline just before it was lost. Critical.
 */
public final class BigDealLostRule implements Serializable {

    private static final long serialVersionUID = 1L;

    private final AlertSettings.BigDealLost settings;
    private final DisplayFormat display;

    /**
     * @param display how the amounts and shares read ({@code PULSE_CURRENCY})
     */
    public BigDealLostRule(AlertSettings.BigDealLost settings, DisplayFormat display) {
        this.settings = settings;
        this.display = display;
    }

    private String money(double amount) {
        return display.money(BigDecimal.valueOf(amount));
    }

    /**
     * @param event the deal's stage event into a lost stage
     * @param deal what is known of the deal (owner, name, source, creation), or null
     * @param wonAmounts the home-currency amounts of the deals won in the lookback
     * @param openPipeline the open pipeline just before the loss, this deal's amount included
     * @param at when the rule judges
     */
    public Optional<Alert> judge(
            DealStageEvent event,
            @Nullable DealInfoState deal,
            double[] wonAmounts,
            BigDecimal openPipeline,
            Instant at) {
        BigDecimal amount = event.getAmountHome() == null ? BigDecimal.ZERO : event.getAmountHome();
        if (amount.signum() <= 0) {
            return Optional.empty();
        }
        double floor = settings.absFloor().doubleValue();
        double percentile =
                wonAmounts.length == 0
                        ? Double.NaN
                        : Statistics.percentile(wonAmounts, settings.wonPercentile());
        boolean amountKnown = floor > 0 || !Double.isNaN(percentile);
        double threshold = Double.isNaN(percentile) ? floor : Math.max(floor, percentile);
        boolean byAmount = amountKnown && amount.doubleValue() >= threshold;
        double share =
                openPipeline.signum() > 0 ? amount.doubleValue() / openPipeline.doubleValue() : 0;
        boolean byShare = openPipeline.signum() > 0 && share >= settings.pipelineShare() - 1e-12;
        if (!byAmount && !byShare) {
            return Optional.empty();
        }
        String percentileName = "P" + AlertTexts.number(settings.wonPercentile());
        String amountTest =
                display.money(amount)
                        + (byAmount ? " >= " : " < ")
                        + "max(floor "
                        + money(floor)
                        + ", "
                        + percentileName
                        + " of "
                        + wonAmounts.length
                        + " won in "
                        + settings.lookbackDays()
                        + " d = "
                        + (Double.isNaN(percentile) ? "none" : money(percentile))
                        + ")";
        String shareTest =
                AlertTexts.precisePercent(share)
                        + " of open pipeline "
                        + display.money(openPipeline)
                        + (byShare ? " >= " : " < ")
                        + AlertTexts.precisePercent(settings.pipelineShare());
        String subject = AlertTexts.DEAL_PREFIX + event.getDealId();
        String name =
                deal != null && deal.getDealName() != null && !deal.getDealName().isBlank()
                        ? deal.getDealName()
                        : "deal " + event.getDealId();
        String owner = deal == null ? null : deal.getOwnerName();
        StringBuilder message =
                new StringBuilder(Alert.nameOf(Alert.R4_BIG_DEAL_LOST)).append(": ").append(name);
        message.append(" (").append(display.money(amount)).append(")");
        if (owner != null) {
            message.append(" of ").append(owner);
        }
        if (deal != null && deal.getLeadSource() != null) {
            message.append(", source ").append(deal.getLeadSource());
        }
        message.append(", moved ");
        if (event.getFromStage() != null) {
            message.append("from ").append(event.getFromStage()).append(" ");
        }
        message.append("to ").append(event.getToStage());
        if (deal != null && deal.getCreatedTime() != null && event.getChangedAt() != null) {
            long days = Duration.between(deal.getCreatedTime(), event.getChangedAt()).toDays();
            message.append(" after ")
                    .append(display.count(days))
                    .append(days == 1 ? " day" : " days");
        }
        message.append(".\n");
        List<String> why = new ArrayList<>();
        if (byAmount) {
            why.add(
                    Double.isNaN(percentile) || floor >= percentile
                            ? "At or above " + money(floor) + ", the size of a big deal"
                            : "Bigger than "
                                    + display.percent(
                                            BigDecimal.valueOf(settings.wonPercentile() / 100))
                                    + " of the deals won in the last "
                                    + display.count(settings.lookbackDays())
                                    + " days");
        }
        if (byShare) {
            String ofPipeline =
                    display.percent(BigDecimal.valueOf(share)) + " of the open pipeline";
            why.add(why.isEmpty() ? "It was " + ofPipeline : "it was " + ofPipeline);
        }
        message.append(String.join(", and ", why))
                .append(". Ask ")
                .append(owner == null ? "its owner" : owner)
                .append(" why it was lost and whether it can be won back.");
        Instant changedAt = event.getChangedAt() == null ? at : event.getChangedAt();
        return Optional.of(
                AlertTexts.alert(
                        Alert.R4_BIG_DEAL_LOST,
                        subject,
                        Alert.CRITICAL,
                        changedAt.toString(),
                        at,
                        changedAt,
                        changedAt,
                        amount.doubleValue(),
                        byAmount
                                ? threshold
                                : settings.pipelineShare() * openPipeline.doubleValue(),
                        wonAmounts.length,
                        amountTest + "; " + shareTest,
                        message.toString()));
    }
}
