package io.crmpulse.job.normalize;

import static io.crmpulse.job.normalize.ZohoJsonFixtures.DEAL;
import static io.crmpulse.job.normalize.ZohoJsonFixtures.DEAL_ID;
import static io.crmpulse.job.normalize.ZohoJsonFixtures.LEAD;
import static io.crmpulse.job.normalize.ZohoJsonFixtures.LEAD_ID;
import static io.crmpulse.job.normalize.ZohoJsonFixtures.OWNER_ID;
import static io.crmpulse.job.normalize.ZohoJsonFixtures.deal;
import static io.crmpulse.job.normalize.ZohoJsonFixtures.lead;
import static io.crmpulse.job.normalize.ZohoJsonFixtures.with;
import static io.crmpulse.job.normalize.ZohoJsonFixtures.without;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.crmpulse.job.model.DealRow;
import io.crmpulse.job.model.LeadRow;
import io.crmpulse.sinks.postgres.DeadLetter;
import io.crmpulse.sinks.postgres.PostgresText;
import io.crmpulse.zoho.model.RecordChange;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RecordNormalizerTest {

    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
    private static final ZoneId LOS_ANGELES = ZoneId.of("America/Los_Angeles");
    private static final Instant RECEIVED = Instant.parse("2026-03-04T11:15:12Z");

    private final RecordNormalizer normalizer =
            new RecordNormalizer(MetricClasses.defaults(), KOLKATA);

    private LeadRow leadRow(RecordNormalizer n, RecordChange change) {
        Normalized result = n.normalize(change, RECEIVED);
        assertThat(result).isInstanceOf(Normalized.Lead.class);
        return ((Normalized.Lead) result).row();
    }

    private LeadRow leadRow(String json) {
        return leadRow(normalizer, lead(json));
    }

    private DealRow dealRow(String json) {
        Normalized result = normalizer.normalize(deal(json), RECEIVED);
        assertThat(result).isInstanceOf(Normalized.Deal.class);
        return ((Normalized.Deal) result).row();
    }

    private DeadLetter dead(RecordChange change) {
        Normalized result = normalizer.normalize(change, RECEIVED);
        assertThat(result).isInstanceOf(Normalized.Dead.class);
        return ((Normalized.Dead) result).letter();
    }

    @Nested
    class Leads {

        @Test
        void aZohoLeadBecomesACrmLeadsRow() {
            LeadRow expected = new LeadRow();
            expected.setId(LEAD_ID);
            expected.setLeadSource("Trade Show");
            expected.setLeadStatus("Contacted");
            expected.setStatusClass("contacted");
            expected.setOwnerId(OWNER_ID);
            expected.setOwnerName("Priya Sharma");
            expected.setCreatedTime(Instant.parse("2026-03-02T04:45:00Z"));
            expected.setModifiedTime(Instant.parse("2026-03-03T03:30:00Z"));
            expected.setConverted(false);
            expected.setConvertedAt(null);
            expected.setCohortDay(LocalDate.of(2026, 3, 2));

            assertThat(leadRow(LEAD)).isEqualTo(expected);
        }

        @Test
        void sourceAndStatusAreTrimmed() {
            String json =
                    with(
                            with(LEAD, "Lead_Source", "\"  Web Download \""),
                            "Lead_Status",
                            "\" Junk Lead\"");

            LeadRow row = leadRow(json);

            assertThat(row.getLeadSource()).isEqualTo("Web Download");
            assertThat(row.getLeadStatus()).isEqualTo("Junk Lead");
            assertThat(row.getStatusClass()).isEqualTo("junk");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"null", "\"\"", "\"   \"", "\"-None-\"", "\" -None- \""})
        void aNullEmptyOrNoneSourceAndStatusBecomeNone(String rawValue) {
            String json = with(with(LEAD, "Lead_Source", rawValue), "Lead_Status", rawValue);

            LeadRow row = leadRow(json);

            assertThat(row.getLeadSource()).isEqualTo("(none)");
            assertThat(row.getLeadStatus()).isEqualTo("(none)");
            assertThat(row.getStatusClass()).isEqualTo("untouched");
        }

        @Test
        void anAbsentSourceAndStatusBecomeNone() {
            LeadRow row = leadRow(without(without(LEAD, "Lead_Source"), "Lead_Status"));

            assertThat(row.getLeadSource()).isEqualTo("(none)");
            assertThat(row.getLeadStatus()).isEqualTo("(none)");
        }

        @ParameterizedTest(name = "Owner {0}")
        @ValueSource(strings = {"null", "{}", "{\"name\": \"Priya Sharma\", \"id\": null}"})
        void aLeadWithoutOwnerIsUnassigned(String rawOwner) {
            LeadRow row = leadRow(with(LEAD, "Owner", rawOwner));

            assertThat(row.getOwnerId()).isEqualTo("(unassigned)");
            assertThat(row.getOwnerName()).isEqualTo("(unassigned)");
        }

        @Test
        void aLeadWithNoOwnerFieldIsUnassigned() {
            LeadRow row = leadRow(without(LEAD, "Owner"));

            assertThat(row.getOwnerId()).isEqualTo("(unassigned)");
            assertThat(row.getOwnerName()).isEqualTo("(unassigned)");
        }

        @Test
        void anOwnerWithoutNameIsShownByItsId() {
            LeadRow row = leadRow(with(LEAD, "Owner", "{\"id\": \"4970762000000290001\"}"));

            assertThat(row.getOwnerId()).isEqualTo(OWNER_ID);
            assertThat(row.getOwnerName()).isEqualTo(OWNER_ID);
        }

        @Test
        void aConvertedLeadIsConvertedWithItsConversionTime() {
            String json =
                    with(
                            with(LEAD, "Converted__s", "true"),
                            "Converted_Date_Time",
                            "\"2026-03-05T14:00:00+05:30\"");

            LeadRow row = leadRow(json);

            assertThat(row.isConverted()).isTrue();
            assertThat(row.getConvertedAt()).isEqualTo(Instant.parse("2026-03-05T08:30:00Z"));
            assertThat(row.getStatusClass()).isEqualTo("converted");
        }

        @Test
        void olderApiVersionsSayConvertedWithDollarConverted() {
            String json = with(without(LEAD, "Converted__s"), "$converted", "true");

            LeadRow row = leadRow(json);

            assertThat(row.isConverted()).isTrue();
            assertThat(row.getStatusClass()).isEqualTo("converted");
        }

        @Test
        void convertedSWinsOverDollarConvertedWhenBothAreSent() {
            String json = with(LEAD, "$converted", "true");

            assertThat(leadRow(json).isConverted()).isFalse();
        }

        @Test
        void aLeadWithoutAnyConvertedFieldIsNotConverted() {
            LeadRow row = leadRow(without(LEAD, "Converted__s"));

            assertThat(row.isConverted()).isFalse();
            assertThat(row.getStatusClass()).isEqualTo("contacted");
        }

        @Test
        void aJunkLeadThatIsConvertedCountsAsConverted() {
            String json = with(with(LEAD, "Lead_Status", "\"Junk Lead\""), "Converted__s", "true");

            assertThat(leadRow(json).getStatusClass()).isEqualTo("converted");
        }

        @Test
        void timesAreParsedWithTheirOffsetWhateverZoneTheyAreWrittenIn() {
            String json =
                    with(
                            with(LEAD, "Created_Time", "\"2026-03-08T01:30:00-08:00\""),
                            "Modified_Time",
                            "\"2026-03-08T10:00:00Z\"");

            LeadRow row = leadRow(json);

            assertThat(row.getCreatedTime()).isEqualTo(Instant.parse("2026-03-08T09:30:00Z"));
            assertThat(row.getModifiedTime()).isEqualTo(Instant.parse("2026-03-08T10:00:00Z"));
        }

        @Test
        void aMissingModifiedTimeFallsBackToTheTimeOfTheChange() {
            LeadRow row = leadRow(without(LEAD, "Modified_Time"));

            assertThat(row.getModifiedTime()).isEqualTo(Instant.parse("2026-03-04T11:15:10Z"));
        }

        @Test
        void theCohortDayFollowsTheClocksAcrossTheSpringForwardInLosAngeles() {
            RecordNormalizer la = new RecordNormalizer(MetricClasses.defaults(), LOS_ANGELES);
            // 01:30 PST and 03:30 PDT on 8 March 2026 are one hour apart: 02:00-03:00 never was.
            LeadRow beforeJump =
                    leadRow(la, lead(with(LEAD, "Created_Time", "\"2026-03-08T01:30:00-08:00\"")));
            LeadRow afterJump =
                    leadRow(la, lead(with(LEAD, "Created_Time", "\"2026-03-08T03:30:00-07:00\"")));
            LeadRow lateEvening =
                    leadRow(la, lead(with(LEAD, "Created_Time", "\"2026-03-08T23:30:00-07:00\"")));

            assertThat(beforeJump.getCreatedTime())
                    .isEqualTo(Instant.parse("2026-03-08T09:30:00Z"));
            assertThat(afterJump.getCreatedTime()).isEqualTo(Instant.parse("2026-03-08T10:30:00Z"));
            assertThat(beforeJump.getCohortDay()).isEqualTo(LocalDate.of(2026, 3, 8));
            assertThat(afterJump.getCohortDay()).isEqualTo(LocalDate.of(2026, 3, 8));
            // 06:30 UTC on the 9th, still the 8th in Los Angeles.
            assertThat(lateEvening.getCreatedTime())
                    .isEqualTo(Instant.parse("2026-03-09T06:30:00Z"));
            assertThat(lateEvening.getCohortDay()).isEqualTo(LocalDate.of(2026, 3, 8));
        }

        @Test
        void theCohortDayStartsAtMidnightInKolkataNotAtMidnightUtc() {
            String lastSecond = with(LEAD, "Created_Time", "\"2026-03-01T18:29:59+00:00\"");
            String firstSecond = with(LEAD, "Created_Time", "\"2026-03-01T18:30:00+00:00\"");
            RecordNormalizer inUtc = new RecordNormalizer(MetricClasses.defaults(), UTC);

            assertThat(leadRow(lastSecond).getCohortDay()).isEqualTo(LocalDate.of(2026, 3, 1));
            assertThat(leadRow(firstSecond).getCohortDay()).isEqualTo(LocalDate.of(2026, 3, 2));
            assertThat(leadRow(inUtc, lead(firstSecond)).getCohortDay())
                    .isEqualTo(LocalDate.of(2026, 3, 1));
        }

        @Test
        void customStatusListsFromTheSettingsDecideTheClass() {
            MetricClasses classes =
                    new MetricClasses(
                            java.util.List.of("Spam"),
                            java.util.List.of("New Lead"),
                            java.util.List.of("Called Once"),
                            MetricClasses.DEFAULT_WON_STAGES,
                            MetricClasses.DEFAULT_LOST_STAGES);
            RecordNormalizer custom = new RecordNormalizer(classes, KOLKATA);

            assertThat(
                            leadRow(custom, lead(with(LEAD, "Lead_Status", "\"Spam\"")))
                                    .getStatusClass())
                    .isEqualTo("junk");
            assertThat(
                            leadRow(custom, lead(with(LEAD, "Lead_Status", "\"Junk Lead\"")))
                                    .getStatusClass())
                    .isEqualTo("contacted");
            assertThat(leadRow(custom, lead(with(LEAD, "Lead_Status", "null"))).getStatusClass())
                    .isEqualTo("contacted");
        }

        @Test
        void aDeletedLeadIsADeletionRowAtTheDeletionTime() {
            Instant deletedAt = Instant.parse("2026-03-06T07:00:00Z");

            Normalized result =
                    normalizer.normalize(
                            RecordChange.delete("Leads", LEAD_ID, deletedAt), RECEIVED);

            assertThat(result).isEqualTo(new Normalized.Lead(LeadRow.deletion(LEAD_ID, deletedAt)));
        }
    }

    @Nested
    class Deals {

        @Test
        void aZohoDealBecomesACrmDealsRow() {
            DealRow expected = new DealRow();
            expected.setId(DEAL_ID);
            expected.setDealName("Acme Corp - 50 seats");
            expected.setStage("Negotiation/Review");
            expected.setStageClass("open");
            expected.setAmount(new BigDecimal("120000"));
            expected.setExchangeRate(new BigDecimal("1"));
            expected.setAmountHome(new BigDecimal("120000.00"));
            expected.setProbability(90);
            expected.setOwnerId(OWNER_ID);
            expected.setOwnerName("Priya Sharma");
            expected.setLeadSource("Trade Show");
            expected.setClosingDate(LocalDate.of(2026, 3, 31));
            expected.setCreatedTime(Instant.parse("2026-03-02T05:30:00Z"));
            expected.setModifiedTime(Instant.parse("2026-03-04T11:15:10Z"));

            assertThat(dealRow(DEAL)).isEqualTo(expected);
        }

        @ParameterizedTest(name = "{0} is {1}")
        @CsvSource(
                delimiter = '|',
                value = {
                    "'Closed Won'                   | won",
                    "'  Closed Won '                | won",
                    "'Closed Lost'                  | lost",
                    "'Closed-Lost to Competition'   | lost",
                    "'Closed Lost to Competition'   | lost",
                    "'Qualification'                | open",
                    "'Proposal/Price Quote'         | open",
                })
        void theStageIsTrimmedAndClassified(String stage, String expected) {
            DealRow row = dealRow(with(DEAL, "Stage", "\"" + stage + "\""));

            assertThat(row.getStage()).isEqualTo(stage.strip());
            assertThat(row.getStageClass()).isEqualTo(expected);
        }

        @Test
        void aNullAmountIsZero() {
            DealRow row = dealRow(with(DEAL, "Amount", "null"));

            assertThat(row.getAmount()).isEqualByComparingTo("0");
            assertThat(row.getAmountHome()).isEqualTo(new BigDecimal("0.00"));
        }

        @Test
        void anAbsentAmountIsZero() {
            assertThat(dealRow(without(DEAL, "Amount")).getAmountHome())
                    .isEqualTo(new BigDecimal("0.00"));
        }

        @ParameterizedTest(name = "{0} / {1} = {2}")
        @CsvSource({
            "1000,   3,     333.33",
            "2000,   3,     666.67",
            "0.005,  1,     0.01",
            "0.004,  1,     0.00",
            "0.025,  1,     0.03",
            "2.675,  1,     2.68",
            "100000, 83.25, 1201.20",
            "100,    0.75,  133.33",
            "-10.005, 1,    -10.01",
        })
        void theHomeAmountIsAmountOverExchangeRateRoundedHalfUpToCents(
                String amount, String rate, String home) {
            DealRow row = dealRow(with(with(DEAL, "Amount", amount), "Exchange_Rate", rate));

            // The amount as crm_deals.amount keeps it; amount_home from the amount as received.
            assertThat(row.getAmount())
                    .isEqualByComparingTo(new BigDecimal(amount).setScale(2, RoundingMode.HALF_UP));
            assertThat(row.getExchangeRate()).isEqualByComparingTo(rate);
            assertThat(row.getAmountHome()).isEqualTo(new BigDecimal(home));
        }

        @ParameterizedTest(name = "Exchange_Rate {0}")
        @ValueSource(strings = {"0", "0.0", "-2.5", "null"})
        void anExchangeRateThatIsNullOrNotPositiveIsOne(String rate) {
            DealRow row = dealRow(with(with(DEAL, "Amount", "1500.5"), "Exchange_Rate", rate));

            assertThat(row.getExchangeRate()).isEqualTo(BigDecimal.ONE);
            assertThat(row.getAmountHome()).isEqualTo(new BigDecimal("1500.50"));
        }

        @Test
        void anAbsentExchangeRateIsOne() {
            assertThat(dealRow(without(DEAL, "Exchange_Rate")).getExchangeRate())
                    .isEqualTo(BigDecimal.ONE);
        }

        @Test
        void aNullProbabilityIsZero() {
            assertThat(dealRow(with(DEAL, "Probability", "null")).getProbability()).isZero();
            assertThat(dealRow(without(DEAL, "Probability")).getProbability()).isZero();
        }

        @ParameterizedTest(name = "Probability {0}")
        @CsvSource({"0, 0", "100, 100", "75, 75", "50.0, 50"})
        void aProbabilityFrom0To100IsKept(String raw, int expected) {
            assertThat(dealRow(with(DEAL, "Probability", raw)).getProbability())
                    .isEqualTo(expected);
        }

        @Test
        void theClosingDateIsADateOrNull() {
            assertThat(dealRow(DEAL).getClosingDate()).isEqualTo(LocalDate.of(2026, 3, 31));
            assertThat(dealRow(with(DEAL, "Closing_Date", "null")).getClosingDate()).isNull();
        }

        @Test
        void aDealsSourceFollowsTheLeadRules() {
            assertThat(dealRow(with(DEAL, "Lead_Source", "\"-None-\"")).getLeadSource())
                    .isEqualTo("(none)");
            assertThat(dealRow(with(DEAL, "Lead_Source", "\" Partner \"")).getLeadSource())
                    .isEqualTo("Partner");
        }

        @Test
        void aDealWithoutOwnerIsUnassigned() {
            DealRow row = dealRow(with(DEAL, "Owner", "null"));

            assertThat(row.getOwnerId()).isEqualTo("(unassigned)");
            assertThat(row.getOwnerName()).isEqualTo("(unassigned)");
        }

        @Test
        void theNormalizerLeavesWonAndLostTimesToTheLifecycle() {
            DealRow row = dealRow(with(DEAL, "Stage", "\"Closed Won\""));

            assertThat(row.getWonAt()).isNull();
            assertThat(row.getLostAt()).isNull();
            assertThat(row.getWonDay()).isNull();
        }

        @Test
        void aDeletedDealIsADeletionRowAtTheDeletionTime() {
            Instant deletedAt = Instant.parse("2026-03-06T07:00:00Z");

            Normalized result =
                    normalizer.normalize(
                            RecordChange.delete("Deals", DEAL_ID, deletedAt), RECEIVED);

            assertThat(result).isEqualTo(new Normalized.Deal(DealRow.deletion(DEAL_ID, deletedAt)));
        }
    }

    @Nested
    class DeadLetters {

        private void assertDead(RecordChange change, String recordId, String reason) {
            DeadLetter letter = dead(change);

            assertThat(letter.getReason()).isEqualTo(reason);
            assertThat(letter.getModule()).isEqualTo(change.getModule());
            assertThat(letter.getRecordId()).isEqualTo(recordId);
            assertThat(letter.getId()).isEqualTo(change.getModule() + ":" + recordId);
            assertThat(letter.getPayload()).isEqualTo(change.getFieldsJson());
            assertThat(letter.getReceivedAt()).isEqualTo(RECEIVED);
        }

        @Test
        void anAmountThatIsNotANumber() {
            assertDead(
                    deal(with(DEAL, "Amount", "\"abc\"")),
                    DEAL_ID,
                    "Amount is not a number: \"abc\"");
        }

        @Test
        void anAmountWrittenAsTextIsRefusedToo() {
            assertDead(
                    deal(with(DEAL, "Amount", "\"1500.50\"")),
                    DEAL_ID,
                    "Amount is not a number: \"1500.50\"");
        }

        @Test
        void anExchangeRateThatIsNotANumber() {
            assertDead(
                    deal(with(DEAL, "Exchange_Rate", "{\"rate\": 83}")),
                    DEAL_ID,
                    "Exchange_Rate is not a number: {\"rate\":83}");
        }

        @ParameterizedTest(name = "Probability {0}")
        @CsvSource(
                delimiter = '|',
                value = {
                    "150    | Probability must be from 0 to 100, got 150",
                    "-1     | Probability must be from 0 to 100, got -1",
                    "50.5   | Probability is not a whole number: 50.5",
                    "'\"90\"' | Probability is not a number: \"90\"",
                })
        void aProbabilityOutsideZeroToHundred(String raw, String reason) {
            assertDead(deal(with(DEAL, "Probability", raw)), DEAL_ID, reason);
        }

        @ParameterizedTest(name = "Stage {0}")
        @ValueSource(strings = {"null", "\"\"", "\"   \""})
        void aDealWithoutStage(String raw) {
            assertDead(deal(with(DEAL, "Stage", raw)), DEAL_ID, "Stage is missing");
        }

        @Test
        void aDealWithNoStageField() {
            assertDead(deal(without(DEAL, "Stage")), DEAL_ID, "Stage is missing");
        }

        @Test
        void aStageThatIsNotText() {
            assertDead(
                    deal(with(DEAL, "Stage", "7")),
                    DEAL_ID,
                    "Stage is not text: 7; Stage is missing");
        }

        @Test
        void aRecordWithoutCreatedTime() {
            assertDead(lead(without(LEAD, "Created_Time")), LEAD_ID, "Created_Time is missing");
            assertDead(
                    deal(with(DEAL, "Created_Time", "null")), DEAL_ID, "Created_Time is missing");
        }

        @ParameterizedTest(name = "Created_Time {0}")
        @ValueSource(
                strings = {
                    "\"2026-03-08 01:30:00\"",
                    "\"2026-03-08T01:30:00\"",
                    "\"yesterday\"",
                    "1772962200000"
                })
        void aCreatedTimeThatIsNotADateTimeWithOffset(String raw) {
            assertDead(
                    lead(with(LEAD, "Created_Time", raw)),
                    LEAD_ID,
                    "Created_Time is not an ISO-8601 date-time with an offset: " + raw);
        }

        @Test
        void anUnreadableModifiedTimeOrConversionTime() {
            assertDead(
                    lead(with(LEAD, "Modified_Time", "\"03/03/2026\"")),
                    LEAD_ID,
                    "Modified_Time is not an ISO-8601 date-time with an offset: \"03/03/2026\"");
            assertDead(
                    lead(with(LEAD, "Converted_Date_Time", "\"soon\"")),
                    LEAD_ID,
                    "Converted_Date_Time is not an ISO-8601 date-time with an offset: \"soon\"");
        }

        @Test
        void aClosingDateThatIsNotADate() {
            assertDead(
                    deal(with(DEAL, "Closing_Date", "\"31/03/2026\"")),
                    DEAL_ID,
                    "Closing_Date is not a date (YYYY-MM-DD): \"31/03/2026\"");
        }

        @Test
        void aConvertedFlagThatIsNotABoolean() {
            assertDead(
                    lead(with(LEAD, "Converted__s", "\"yes\"")),
                    LEAD_ID,
                    "Converted__s is not true or false: \"yes\"");
            assertDead(
                    lead(with(without(LEAD, "Converted__s"), "$converted", "1")),
                    LEAD_ID,
                    "$converted is not true or false: 1");
        }

        @Test
        void anOwnerThatIsNotALookup() {
            assertDead(
                    lead(with(LEAD, "Owner", "\"4970762000000290001\"")),
                    LEAD_ID,
                    "Owner is not an object with name and id: \"4970762000000290001\"");
        }

        @Test
        void aSourceOrStatusThatIsNotText() {
            assertDead(
                    lead(with(with(LEAD, "Lead_Source", "5"), "Lead_Status", "[\"Contacted\"]")),
                    LEAD_ID,
                    "Lead_Source is not text: 5; Lead_Status is not text: [\"Contacted\"]");
        }

        @Test
        void everyBadFieldIsNamedInOneReason() {
            String json = with(with(DEAL, "Amount", "\"abc\""), "Probability", "150");

            assertDead(
                    deal(json),
                    DEAL_ID,
                    "Amount is not a number: \"abc\"; Probability must be from 0 to 100, got 150");
        }

        @Test
        void aReasonQuotesAtMostFortyCharactersOfAValue() {
            String longText = "x".repeat(500);

            DeadLetter letter = dead(deal(with(DEAL, "Amount", "\"" + longText + "\"")));

            assertThat(letter.getReason())
                    .isEqualTo("Amount is not a number: \"" + "x".repeat(39) + "...");
            assertThat(letter.getPayload()).contains(longText);
        }

        @Test
        void aReasonNeverHoldsThePayload() {
            DeadLetter letter = dead(deal(with(DEAL, "Amount", "\"abc\"")));

            assertThat(letter.getReason())
                    .doesNotContain("Acme Corp")
                    .doesNotContain("priya.sharma@example.com");
        }

        @Test
        void aRecordWithoutIdIsKeyedByTheHashOfItsPayload() {
            String json = without(LEAD, "id");
            RecordChange change =
                    RecordChange.upsert("Leads", null, Instant.parse("2026-03-04T11:15:10Z"), json);

            DeadLetter letter = dead(change);

            assertThat(letter.getReason()).isEqualTo("id is missing");
            assertThat(letter.getRecordId()).isNull();
            assertThat(letter.getId()).isEqualTo(DeadLetter.keyOf("Leads", null, json));
            assertThat(letter.getId())
                    .startsWith("Leads:sha256:")
                    .hasSize("Leads:sha256:".length() + 64);
            assertThat(dead(change).getId()).isEqualTo(letter.getId());
        }

        @Test
        void theIdOfTheFieldsIsUsedWhenTheChangeHasNone() {
            RecordChange change =
                    RecordChange.upsert("Leads", null, Instant.parse("2026-03-04T11:15:10Z"), LEAD);

            assertThat(leadRow(normalizer, change).getId()).isEqualTo(LEAD_ID);
        }

        @Test
        void aMalformedItemFromTheSourceKeepsTheSourcesReason() {
            String json = "{\"Lead_Source\":\"Web\",\"Modified_Time\":\"bad\",\"id\":\"77\"}";
            RecordChange change =
                    RecordChange.malformed(
                            "Leads",
                            "77",
                            null,
                            json,
                            "Modified_Time 'bad' is not an ISO-8601 date-time with an offset");

            assertDead(
                    change,
                    "77",
                    "Modified_Time 'bad' is not an ISO-8601 date-time with an offset");
        }

        @Test
        void aMalformedItemWithoutIdIsKeyedByItsPayload() {
            RecordChange change =
                    RecordChange.malformed("Deals", null, null, "[1,2]", "not a JSON object");

            DeadLetter letter = dead(change);

            assertThat(letter.getId()).isEqualTo(DeadLetter.keyOf("Deals", null, "[1,2]"));
            assertThat(letter.getReason()).isEqualTo("not a JSON object");
            assertThat(letter.getPayload()).isEqualTo("[1,2]");
        }

        @Test
        void fieldsThatAreNotJson() {
            assertDead(
                    lead("{\"id\": \"4970762000000348015\", \"Lead_Source\": tradeshow}"),
                    LEAD_ID,
                    "fields are not valid JSON (line 1, column 55)");
        }

        @Test
        void fieldsThatAreNotAnObject() {
            assertDead(lead("[\"Trade Show\"]"), LEAD_ID, "fields are not a JSON object");
            assertDead(lead("null"), LEAD_ID, "fields are not a JSON object");
        }

        @Test
        void aDeletionWithoutId() {
            DeadLetter letter =
                    dead(RecordChange.delete("Deals", null, Instant.parse("2026-03-06T07:00:00Z")));

            assertThat(letter.getReason()).isEqualTo("id is missing");
            assertThat(letter.getId()).isEqualTo(DeadLetter.keyOf("Deals", null, null));
        }

        @Test
        void aDeadLetterMadeWithoutAReceivedTimeIsStampedByTheClock() {
            Instant now = Instant.parse("2026-03-04T12:00:00Z");
            RecordNormalizer clocked =
                    new RecordNormalizer(
                            MetricClasses.defaults(), KOLKATA, Clock.fixed(now, ZoneOffset.UTC));

            Normalized result = clocked.normalize(deal(with(DEAL, "Amount", "\"abc\"")));

            assertThat(((Normalized.Dead) result).letter().getReceivedAt()).isEqualTo(now);
        }

        @ParameterizedTest(name = "fields [{0}]")
        @ValueSource(
                strings = {
                    "",
                    "123",
                    "\"text\"",
                    "{\"Owner\": {\"id\": {\"nested\": true}}}",
                    "{\"Amount\": 1e400}",
                    "{\"Probability\": 1e40}",
                    "{\"Created_Time\": [], \"Stage\": {}, \"Closing_Date\": false}",
                })
        void strangeFieldsNeverThrow(String json) {
            assertThatCode(() -> normalizer.normalize(deal(json), RECEIVED))
                    .doesNotThrowAnyException();
            assertThatCode(() -> normalizer.normalize(lead(json), RECEIVED))
                    .doesNotThrowAnyException();
            assertThat(normalizer.normalize(deal(json), RECEIVED))
                    .isInstanceOf(Normalized.Dead.class);
        }
    }

    /**
     * Values that JSON carries and the CRM accepts but the tables cannot hold: each is refused
     * here, with the bound in the reason, rather than failing the PostgreSQL sink at every restart.
     */
    @Nested
    class ValuesTheTablesCannotHold {

        private void assertStorable(DeadLetter letter) {
            for (String text :
                    new String[] {
                        letter.getId(),
                        letter.getRecordId(),
                        letter.getReason(),
                        letter.getPayload()
                    }) {
                assertThat(PostgresText.problem(text)).as(text).isNull();
            }
        }

        private void assertRefused(String json, String reason) {
            DeadLetter letter = dead(deal(json));

            assertThat(letter.getReason()).isEqualTo(reason);
            assertThat(letter.getId()).isEqualTo("Deals:" + DEAL_ID);
            assertStorable(letter);
        }

        @ParameterizedTest(name = "Amount {0}")
        @CsvSource(
                delimiter = '|',
                value = {
                    "1e16                  | 1E+16",
                    "10000000000000000     | 10000000000000000",
                    "-1e16                 | -1E+16",
                    "9999999999999999.995  | 9999999999999999.995",
                    "1e100000000           | 1E+100000000",
                    "-1e100000000          | -1E+100000000",
                })
        void anAmountOfTenToTheSixteenOrMoreIsRefusedBeforeAnyArithmetic(String raw, String shown) {
            assertRefused(
                    with(DEAL, "Amount", raw),
                    "Amount must be below 10^16 in absolute value once rounded to cents"
                            + " (crm_deals.amount is numeric(18,2)), got "
                            + shown);
        }

        @Test
        void theLargestAmountTheTableHoldsIsKept() {
            DealRow row = dealRow(with(DEAL, "Amount", "-9999999999999999.99"));

            assertThat(row.getAmount()).isEqualByComparingTo("-9999999999999999.99");
            assertThat(row.getAmountHome()).isEqualTo(new BigDecimal("-9999999999999999.99"));
        }

        @Test
        void anAmountTooSmallForACentIsZeroWithoutArithmeticOnItsExponent() {
            DealRow row = dealRow(with(DEAL, "Amount", "1e-100000000"));

            assertThat(row.getAmount()).isEqualByComparingTo("0");
            assertThat(row.getAmountHome()).isEqualTo(new BigDecimal("0.00"));
        }

        @ParameterizedTest(name = "Exchange_Rate {0}")
        @CsvSource(
                delimiter = '|',
                value = {
                    "1e-7             | 1E-7",
                    "0.00000049       | 4.9E-7",
                    "1e-100000000     | 1E-100000000",
                })
        void anExchangeRateThatRoundsToZeroIsRefused(String raw, String shown) {
            assertRefused(
                    with(DEAL, "Exchange_Rate", raw),
                    "Exchange_Rate rounds to 0 at the 6 decimals of crm_deals.exchange_rate"
                            + " (numeric(18,6)): it must be at least 0.0000005, got "
                            + shown);
        }

        @ParameterizedTest(name = "Exchange_Rate {0}")
        @CsvSource(
                delimiter = '|',
                value = {"1e12 | 1E+12", "1e100000000 | 1E+100000000"})
        void anExchangeRateOfTenToTheTwelveOrMoreIsRefused(String raw, String shown) {
            assertRefused(
                    with(DEAL, "Exchange_Rate", raw),
                    "Exchange_Rate must be below 10^12 once rounded to 6 decimals"
                            + " (crm_deals.exchange_rate is numeric(18,6)), got "
                            + shown);
        }

        @Test
        void theSmallestExchangeRateTheTableHoldsIsKept() {
            DealRow row = dealRow(with(with(DEAL, "Amount", "1"), "Exchange_Rate", "0.0000005"));

            assertThat(row.getAmountHome()).isEqualTo(new BigDecimal("2000000.00"));
        }

        @Test
        void anExchangeRateThatMakesTheHomeAmountTooLargeIsRefused() {
            assertRefused(
                    with(with(DEAL, "Amount", "1000000000000000"), "Exchange_Rate", "0.01"),
                    "amount_home = Amount / Exchange_Rate must be below 10^16 in absolute value"
                            + " (crm_deals.amount_home is numeric(18,2)), got 1000000000000000"
                            + " / 0.01");
        }

        @Test
        void anExchangeRateThatMakesANonZeroAmountWorthNothingIsRefused() {
            assertRefused(
                    with(with(DEAL, "Amount", "100"), "Exchange_Rate", "100000000000"),
                    "amount_home = Amount / Exchange_Rate rounds to 0.00 although Amount is not"
                            + " 0, got 100 / 100000000000");
        }

        @ParameterizedTest(name = "Probability {0}")
        @CsvSource(
                delimiter = '|',
                value = {
                    "1e100000000   | Probability must be from 0 to 100, got 1E+100000000",
                    "1e-100000000  | Probability is not a whole number: 1E-100000000",
                })
        void aProbabilityWithAnAbsurdExponentIsRefusedWithAShortReason(String raw, String reason) {
            assertRefused(with(DEAL, "Probability", raw), reason);
        }

        @ParameterizedTest(name = "{0} {1}")
        @CsvSource(
                delimiter = '|',
                value = {
                    "Leads | Lead_Source | '\"Web\\u0000\"'                      | Lead_Source",
                    "Leads | Lead_Status | '\"Contacted\\u0000\"'                | Lead_Status",
                    "Leads | Owner       | '{\"name\":\"Priya\\u0000\",\"id\":\"1\"}' | Owner.name",
                    "Leads | Owner       | '{\"name\":\"Priya\",\"id\":\"1\\u0000\"}' | Owner.id",
                    "Deals | Deal_Name   | '\"Acme\\u0000 Corp\"'               | Deal_Name",
                    "Deals | Stage       | '\"Closed Won\\u0000\"'              | Stage",
                    "Deals | Lead_Source | '\"Web\\u0000\"'                      | Lead_Source",
                    "Deals | Owner       | '{\"name\":\"Priya\\u0000\",\"id\":\"1\"}' | Owner.name",
                    "Deals | Owner       | '{\"name\":\"Priya\",\"id\":\"1\\u0000\"}' | Owner.id",
                })
        void aNulCharacterInATextThatATableKeepsIsRefused(
                String module, String field, String raw, String named) {
            boolean isLead = module.equals("Leads");
            RecordChange change =
                    isLead ? lead(with(LEAD, field, raw)) : deal(with(DEAL, field, raw));

            DeadLetter letter = dead(change);

            assertThat(letter.getReason())
                    .startsWith(
                            named
                                    + " contains a NUL character (U+0000), which PostgreSQL text"
                                    + " cannot store: ")
                    .contains("\\u0000");
            assertThat(letter.getId()).isEqualTo(module + ":" + (isLead ? LEAD_ID : DEAL_ID));
            assertThat(letter.getPayload()).isEqualTo(change.getFieldsJson());
            assertStorable(letter);
        }

        @Test
        void aNulCharacterInTheIdIsRefusedAndTheLetterIsStillStorable() {
            String id = LEAD_ID + "\u0000";
            String json = with(LEAD, "id", "\"" + LEAD_ID + "\\u0000\"");

            DeadLetter letter =
                    dead(
                            RecordChange.upsert(
                                    "Leads", id, Instant.parse("2026-03-04T11:15:10Z"), json));

            assertThat(letter.getReason())
                    .isEqualTo(
                            "id contains a NUL character (U+0000), which PostgreSQL text cannot"
                                    + " store: \""
                                    + LEAD_ID
                                    + "\\u0000\"");
            assertThat(letter.getRecordId()).isEqualTo(LEAD_ID + "\uFFFD");
            assertThat(letter.getId())
                    .as("not the letter of the record whose id has no NUL")
                    .isEqualTo("Leads:" + LEAD_ID + "\uFFFD");
            assertStorable(letter);
        }

        @Test
        void aDeletionWhoseIdHasANulCharacterIsRefused() {
            DeadLetter letter =
                    dead(
                            RecordChange.delete(
                                    "Deals",
                                    DEAL_ID + "\u0000",
                                    Instant.parse("2026-03-06T07:00:00Z")));

            assertThat(letter.getReason())
                    .isEqualTo(
                            "id contains a NUL character (U+0000), which PostgreSQL text cannot"
                                    + " store: \""
                                    + DEAL_ID
                                    + "\\u0000\"");
            assertStorable(letter);
        }

        @Test
        void anUnpairedSurrogateInATextIsRefused() {
            DeadLetter letter = dead(lead(with(LEAD, "Lead_Status", "\"Contacted\\ud800\"")));

            assertThat(letter.getReason())
                    .isEqualTo(
                            "Lead_Status contains an unpaired UTF-16 surrogate (U+D800), which is"
                                    + " not a Unicode character: \"Contacted\uFFFD\"");
            assertStorable(letter);
        }

        @Test
        void aNulCharacterInARawValueQuotedIntoTheSourcesReasonIsReplaced() {
            String json =
                    "{\"Lead_Source\":\"Web\",\"Modified_Time\":\"2026\u0000\",\"id\":\"77\"}";
            RecordChange change =
                    RecordChange.malformed(
                            "Leads",
                            "77",
                            null,
                            json,
                            "Modified_Time '2026\u0000' is not an ISO-8601 date-time with an"
                                    + " offset");

            DeadLetter letter = dead(change);

            assertThat(letter.getReason())
                    .isEqualTo(
                            "Modified_Time '2026\uFFFD' is not an ISO-8601 date-time with an"
                                    + " offset");
            assertThat(letter.getPayload())
                    .isEqualTo(
                            "{\"Lead_Source\":\"Web\",\"Modified_Time\":\"2026\uFFFD\",\"id\":\"77\"}");
            assertStorable(letter);
        }

        @Test
        void aQuotedValueIsNotCutInsideACharacter() {
            // 39 characters of the quote, then an emoji: two UTF-16 units across the cut.
            String value = "x".repeat(38) + "\uD83D\uDE00" + "y";

            DeadLetter letter = dead(deal(with(DEAL, "Amount", "\"" + value + "\"")));

            assertThat(letter.getReason())
                    .isEqualTo("Amount is not a number: \"" + "x".repeat(38) + "...");
            assertStorable(letter);
        }
    }

    @Test
    void aChangeOfAnotherModuleIsIgnored() {
        Normalized result =
                normalizer.normalize(
                        ZohoJsonFixtures.upsert("Contacts", "1", "{\"id\":\"1\"}"), RECEIVED);

        assertThat(result).isEqualTo(new Normalized.Ignored("module Contacts has no metrics"));
    }
}
