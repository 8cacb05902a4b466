package io.crmpulse.job.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * A Zoho deal normalized as docs/METRICS.md section 2 defines it: the row of {@code crm_deals}.
 *
 * <p>A Flink POJO. A row with {@code deleted = true} carries only {@code id} and {@code
 * modifiedTime} (the deletion time): it retracts the deal. {@code wonAt}, {@code lostAt} and {@code
 * wonDay} are set by {@code DealLifecycleFunction}, which remembers each deal's history; straight
 * out of the normalizer they are null.
 */
public class DealRow {

    private String id;
    private String dealName;
    private String stage;
    private String stageClass;
    private BigDecimal amount;
    private BigDecimal exchangeRate;
    private BigDecimal amountHome;
    private int probability;
    private String ownerId;
    private String ownerName;
    private String leadSource;

    @TypeInfo(LocalDateTypeInfoFactory.class)
    private LocalDate closingDate;

    private Instant createdTime;
    private Instant modifiedTime;
    private Instant wonAt;
    private Instant lostAt;

    @TypeInfo(LocalDateTypeInfoFactory.class)
    private LocalDate wonDay;

    private boolean deleted;

    /** For Flink's POJO serializer. */
    public DealRow() {}

    /** The retraction of deal {@code id}, deleted at {@code deletedAt}. */
    public static DealRow deletion(String id, Instant deletedAt) {
        DealRow row = new DealRow();
        row.setId(id);
        row.setModifiedTime(deletedAt);
        row.setDeleted(true);
        return row;
    }

    /** A field-by-field copy, so that a function can change its output without its input. */
    public DealRow copy() {
        DealRow c = new DealRow();
        c.id = id;
        c.dealName = dealName;
        c.stage = stage;
        c.stageClass = stageClass;
        c.amount = amount;
        c.exchangeRate = exchangeRate;
        c.amountHome = amountHome;
        c.probability = probability;
        c.ownerId = ownerId;
        c.ownerName = ownerName;
        c.leadSource = leadSource;
        c.closingDate = closingDate;
        c.createdTime = createdTime;
        c.modifiedTime = modifiedTime;
        c.wonAt = wonAt;
        c.lostAt = lostAt;
        c.wonDay = wonDay;
        c.deleted = deleted;
        return c;
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getDealName() {
        return dealName;
    }

    public void setDealName(String dealName) {
        this.dealName = dealName;
    }

    public String getStage() {
        return stage;
    }

    public void setStage(String stage) {
        this.stage = stage;
    }

    /** One of {@code won}, {@code lost}, {@code open}. */
    public String getStageClass() {
        return stageClass;
    }

    public void setStageClass(String stageClass) {
        this.stageClass = stageClass;
    }

    /** In the deal's own currency. */
    public BigDecimal getAmount() {
        return amount;
    }

    public void setAmount(BigDecimal amount) {
        this.amount = amount;
    }

    public BigDecimal getExchangeRate() {
        return exchangeRate;
    }

    public void setExchangeRate(BigDecimal exchangeRate) {
        this.exchangeRate = exchangeRate;
    }

    /** {@code amount / exchangeRate} in the home currency, rounded to 2 decimals half up. */
    public BigDecimal getAmountHome() {
        return amountHome;
    }

    public void setAmountHome(BigDecimal amountHome) {
        this.amountHome = amountHome;
    }

    public int getProbability() {
        return probability;
    }

    public void setProbability(int probability) {
        this.probability = probability;
    }

    public String getOwnerId() {
        return ownerId;
    }

    public void setOwnerId(String ownerId) {
        this.ownerId = ownerId;
    }

    public String getOwnerName() {
        return ownerName;
    }

    public void setOwnerName(String ownerName) {
        this.ownerName = ownerName;
    }

    public String getLeadSource() {
        return leadSource;
    }

    public void setLeadSource(String leadSource) {
        this.leadSource = leadSource;
    }

    public LocalDate getClosingDate() {
        return closingDate;
    }

    public void setClosingDate(LocalDate closingDate) {
        this.closingDate = closingDate;
    }

    public Instant getCreatedTime() {
        return createdTime;
    }

    public void setCreatedTime(Instant createdTime) {
        this.createdTime = createdTime;
    }

    public Instant getModifiedTime() {
        return modifiedTime;
    }

    public void setModifiedTime(Instant modifiedTime) {
        this.modifiedTime = modifiedTime;
    }

    /** The modified time of the first version seen in the won class; null when not won. */
    public Instant getWonAt() {
        return wonAt;
    }

    public void setWonAt(Instant wonAt) {
        this.wonAt = wonAt;
    }

    /** The modified time of the first version seen in the lost class; null when not lost. */
    public Instant getLostAt() {
        return lostAt;
    }

    public void setLostAt(Instant lostAt) {
        this.lostAt = lostAt;
    }

    /** The day of {@code wonAt} in the business timezone; null when not won. */
    public LocalDate getWonDay() {
        return wonDay;
    }

    public void setWonDay(LocalDate wonDay) {
        this.wonDay = wonDay;
    }

    public boolean isDeleted() {
        return deleted;
    }

    public void setDeleted(boolean deleted) {
        this.deleted = deleted;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DealRow)) {
            return false;
        }
        DealRow that = (DealRow) o;
        return probability == that.probability
                && deleted == that.deleted
                && Objects.equals(id, that.id)
                && Objects.equals(dealName, that.dealName)
                && Objects.equals(stage, that.stage)
                && Objects.equals(stageClass, that.stageClass)
                && Objects.equals(amount, that.amount)
                && Objects.equals(exchangeRate, that.exchangeRate)
                && Objects.equals(amountHome, that.amountHome)
                && Objects.equals(ownerId, that.ownerId)
                && Objects.equals(ownerName, that.ownerName)
                && Objects.equals(leadSource, that.leadSource)
                && Objects.equals(closingDate, that.closingDate)
                && Objects.equals(createdTime, that.createdTime)
                && Objects.equals(modifiedTime, that.modifiedTime)
                && Objects.equals(wonAt, that.wonAt)
                && Objects.equals(lostAt, that.lostAt)
                && Objects.equals(wonDay, that.wonDay);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                id,
                dealName,
                stage,
                stageClass,
                amount,
                exchangeRate,
                amountHome,
                probability,
                ownerId,
                ownerName,
                leadSource,
                closingDate,
                createdTime,
                modifiedTime,
                wonAt,
                lostAt,
                wonDay,
                deleted);
    }

    @Override
    public String toString() {
        // No deal name (it often names a customer) and no owner name.
        if (deleted) {
            return "DealRow{" + id + " deleted @" + modifiedTime + "}";
        }
        return "DealRow{"
                + id
                + " stage="
                + stage
                + " class="
                + stageClass
                + " amount="
                + amount
                + " rate="
                + exchangeRate
                + " home="
                + amountHome
                + " p="
                + probability
                + " owner="
                + ownerId
                + " source="
                + leadSource
                + " closing="
                + closingDate
                + " created="
                + createdTime
                + " modified="
                + modifiedTime
                + (wonAt == null ? "" : " wonAt=" + wonAt + " wonDay=" + wonDay)
                + (lostAt == null ? "" : " lostAt=" + lostAt)
                + "}";
    }
}
