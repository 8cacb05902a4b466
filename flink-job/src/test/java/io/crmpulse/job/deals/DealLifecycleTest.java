package io.crmpulse.job.deals;

import static io.crmpulse.job.deals.DealVersions.version;
import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.job.model.DealRow;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class DealLifecycleTest {

    private static final String ID = "4970762000000512007";

    private final DealLifecycle lifecycle = new DealLifecycle(ZoneId.of("Asia/Kolkata"));

    @Test
    void anOpenDealHasNoWonOrLostTime() {
        DealRow out =
                lifecycle.apply(
                        null, null, version(ID, "Negotiation/Review", "2026-03-04T10:00:00Z"));

        assertThat(out.getWonAt()).isNull();
        assertThat(out.getLostAt()).isNull();
        assertThat(out.getWonDay()).isNull();
    }

    @Test
    void aDealSeenWonForTheFirstTimeIsWonAtThatVersionsModifiedTime() {
        DealRow out =
                lifecycle.apply(null, null, version(ID, "Closed Won", "2026-03-04T10:00:00Z"));

        assertThat(out.getWonAt()).isEqualTo(Instant.parse("2026-03-04T10:00:00Z"));
        assertThat(out.getWonDay()).isEqualTo(LocalDate.of(2026, 3, 4));
        assertThat(out.getLostAt()).isNull();
    }

    @Test
    void aWonDealEditedWhileWonKeepsItsFirstWonTime() {
        Instant firstWon = Instant.parse("2026-03-04T10:00:00Z");

        DealRow out =
                lifecycle.apply(firstWon, null, version(ID, "Closed Won", "2026-03-06T08:00:00Z"));

        assertThat(out.getWonAt()).isEqualTo(firstWon);
        assertThat(out.getWonDay()).isEqualTo(LocalDate.of(2026, 3, 4));
    }

    @Test
    void aDealThatLeavesWonLosesItsWonTime() {
        DealRow out =
                lifecycle.apply(
                        Instant.parse("2026-03-04T10:00:00Z"),
                        null,
                        version(ID, "Negotiation/Review", "2026-03-05T10:00:00Z"));

        assertThat(out.getWonAt()).isNull();
        assertThat(out.getWonDay()).isNull();
    }

    @Test
    void aDealWonAgainIsWonAtItsNewFirstWonVersion() {
        // The caller passes what the previous version had: null after it left won.
        DealRow reopened =
                lifecycle.apply(
                        Instant.parse("2026-03-04T10:00:00Z"),
                        null,
                        version(ID, "Negotiation/Review", "2026-03-05T10:00:00Z"));
        DealRow wonAgain =
                lifecycle.apply(
                        reopened.getWonAt(),
                        reopened.getLostAt(),
                        version(ID, "Closed Won", "2026-03-07T19:00:00Z"));

        assertThat(wonAgain.getWonAt()).isEqualTo(Instant.parse("2026-03-07T19:00:00Z"));
        // 00:30 on the 8th in Kolkata.
        assertThat(wonAgain.getWonDay()).isEqualTo(LocalDate.of(2026, 3, 8));
    }

    @Test
    void aLostDealIsLostAtItsFirstLostVersionAndKeepsIt() {
        DealRow lost =
                lifecycle.apply(
                        null,
                        null,
                        version(ID, "Closed Lost to Competition", "2026-03-04T10:00:00Z"));
        DealRow edited =
                lifecycle.apply(
                        lost.getWonAt(),
                        lost.getLostAt(),
                        version(ID, "Closed Lost", "2026-03-05T10:00:00Z"));

        assertThat(lost.getLostAt()).isEqualTo(Instant.parse("2026-03-04T10:00:00Z"));
        assertThat(edited.getLostAt()).isEqualTo(Instant.parse("2026-03-04T10:00:00Z"));
        assertThat(edited.getWonAt()).isNull();
        assertThat(edited.getWonDay()).isNull();
    }

    @Test
    void aWonDealThatTurnsLostIsLostAndNoLongerWon() {
        DealRow out =
                lifecycle.apply(
                        Instant.parse("2026-03-04T10:00:00Z"),
                        null,
                        version(ID, "Closed Lost", "2026-03-09T10:00:00Z"));

        assertThat(out.getWonAt()).isNull();
        assertThat(out.getWonDay()).isNull();
        assertThat(out.getLostAt()).isEqualTo(Instant.parse("2026-03-09T10:00:00Z"));
    }

    @Test
    void theWonDayIsTheDateInTheBusinessTimezone() {
        // 03:30 PDT on the 8th in Los Angeles, 00:30 on the 9th in Kiritimati (UTC+14).
        DealRow version = version(ID, "Closed Won", "2026-03-08T10:30:00Z");

        assertThat(
                        new DealLifecycle(ZoneId.of("America/Los_Angeles"))
                                .apply(null, null, version)
                                .getWonDay())
                .isEqualTo(LocalDate.of(2026, 3, 8));
        assertThat(
                        new DealLifecycle(ZoneId.of("Pacific/Kiritimati"))
                                .apply(null, null, version)
                                .getWonDay())
                .isEqualTo(LocalDate.of(2026, 3, 9));
    }

    @Test
    void aDeletionPassesThroughUnchanged() {
        DealRow deletion = DealRow.deletion(ID, Instant.parse("2026-03-06T07:00:00Z"));

        DealRow out = lifecycle.apply(Instant.parse("2026-03-04T10:00:00Z"), null, deletion);

        assertThat(out).isEqualTo(deletion).isNotSameAs(deletion);
    }

    @Test
    void theInputVersionIsNotChanged() {
        DealRow version = version(ID, "Closed Won", "2026-03-04T10:00:00Z");
        DealRow before = version.copy();

        lifecycle.apply(null, null, version);

        assertThat(version).isEqualTo(before);
    }
}
