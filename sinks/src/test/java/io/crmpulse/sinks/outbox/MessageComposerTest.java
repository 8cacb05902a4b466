package io.crmpulse.sinks.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.sinks.twilio.WhatsAppContent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageComposerTest {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    @Test
    void oneAlertIsItsBody() {
        WhatsAppContent content =
                MessageComposer.compose(
                        List.of(
                                Rows.alert(
                                        "a1",
                                        Severity.WARNING,
                                        "Junk spike: Google Ads 45% vs 12%\n",
                                        T0)));

        assertThat(content.text()).isEqualTo("Junk spike: Google Ads 45% vs 12%");
    }

    @Test
    void groupedPlainAlertsKeepTheirLinesAndLinksAndTheTemplateTheirFirstLines() {
        String junk =
                "Junk spike, Web: 14 of 30 leads triaged today by 10:00 are junk (47%), usually"
                        + " 10%.\n"
                        + "Extremely unusual: a day like this comes by chance less than once in"
                        + " 10,00,000. Check the Web form and where its traffic comes from.\n"
                        + "https://pulse.example.com/#alerts/R1_JUNK_SPIKE%2Fsource%3AWeb%2F2026-03-09%2Fwarning";
        String silent =
                "Source silent, Partner: no lead for 9.1 business hours (since Sat 7 Mar 18:00),"
                        + " usually about 9 in that time.\n"
                        + "Unusual: a silence this long comes by chance less than once in 1,000."
                        + " Check that the Partner form still sends its leads to Zoho.\n"
                        + "https://pulse.example.com/#alerts/R3_SOURCE_SILENT%2Fsource%3APartner%2F2026-03-07T23%3A00%3A00Z%2Fwarning";
        WhatsAppContent content =
                MessageComposer.compose(
                        List.of(
                                Rows.alert("a1", Severity.WARNING, junk, T0),
                                Rows.alert("a2", Severity.WARNING, silent, T0.plusSeconds(1))));

        assertThat(content.text())
                .isEqualTo("CRM Pulse: 2 alerts\n\n• " + junk + "\n\n• " + silent);
        // The first lines that fit next to the most severe (here the first) alert's link.
        assertThat(content.variables())
                .containsEntry("1", "2 alerts")
                .containsEntry(
                        "2",
                        "Junk spike, Web: 14 of 30 leads triaged today by 10:00 are junk (47%),"
                                + " usually 10%. · +1 more ·"
                                + " https://pulse.example.com/#alerts/R1_JUNK_SPIKE%2Fsource%3AWeb%2F2026-03-09%2Fwarning");
    }

    private static final String LINK =
            "https://pulse.example.com/#alerts/R2_VOLUME_DROP%2Fsource%3AWeb%2F2026-03-09%2Fwarning";

    @Test
    void aTemplateCutsAnAlertsTextBeforeItsLinkNeverTheLink() {
        String body =
                "Lead volume drop, Web: 4 leads today by 14:00, usually 22 by this time of a"
                        + " Monday.\n"
                        + "Very unusual: a day this quiet comes by chance less than once in 10,000."
                        + " Check the Web form, its landing page and the ad campaigns that feed"
                        + " it.\n"
                        + LINK;

        WhatsAppContent content =
                MessageComposer.compose(List.of(Rows.alert("a1", Severity.WARNING, body, T0)));

        assertThat(content.variables().get("2"))
                .hasSize(MessageComposer.MAX_VARIABLE)
                .startsWith(
                        "Lead volume drop, Web: 4 leads today by 14:00, usually 22 by this time of"
                                + " a Monday. · Very unusual: a day this quiet")
                .endsWith("… · " + LINK);
        // Free-form text has room for all of it.
        assertThat(content.text()).isEqualTo(body);
    }

    @Test
    void aTooLongTextKeepsItsLinkOnItsOwnLines() {
        String summaryLink = "https://pulse.example.com/#summary";
        WhatsAppContent summary =
                MessageComposer.compose(
                        List.of(
                                Rows.summary(
                                        "2026-03-02",
                                        "z".repeat(2000) + "\n\n" + summaryLink,
                                        T0)));
        String first =
                MessageComposer.compose(
                                List.of(
                                        Rows.alert(
                                                "a1",
                                                Severity.WARNING,
                                                "y".repeat(3000) + "\n" + LINK,
                                                T0),
                                        Rows.alert(
                                                "a2",
                                                Severity.WARNING,
                                                "second",
                                                T0.plusSeconds(1))))
                        .text();

        assertThat(summary.text()).hasSize(1600).endsWith("zz…\n\n" + summaryLink);
        assertThat(summary.variables().get("2"))
                .hasSize(MessageComposer.MAX_VARIABLE)
                .endsWith("zz… · " + summaryLink);
        assertThat(first)
                .hasSize(1600)
                .startsWith("CRM Pulse: 2 alerts\n\n• yyy")
                .endsWith("yy…\n" + LINK + "\n\n+1 more (see the alerts table)");
    }

    @Test
    void aLinkThatWouldLeaveTooLittleTextIsCutWithIt() {
        String longLink = "https://pulse.example.com/" + "p".repeat(200);
        String body = "Source silent, Partner: no lead for 9.1 business hours.\n" + longLink;

        WhatsAppContent content =
                MessageComposer.compose(List.of(Rows.alert("a1", Severity.WARNING, body, T0)));

        assertThat(MessageComposer.MAX_VARIABLE - " · ".length() - longLink.length())
                .isLessThan(MessageComposer.MIN_TEXT);
        assertThat(content.variables().get("2"))
                .hasSize(MessageComposer.MAX_VARIABLE)
                .startsWith("Source silent, Partner: no lead for 9.1 business hours. · https://")
                .endsWith("pp…");
    }

    @Test
    void theTemplateTextIsTheApprovedBodyFilledWithTheVariables() {
        WhatsAppContent content =
                MessageComposer.compose(
                        List.of(
                                Rows.alert(
                                        "a1",
                                        Severity.CRITICAL,
                                        "Big deal lost:\nAcme renewal, $120,000 {{2}}",
                                        T0)));

        assertThat(content.templateText())
                .isEqualTo(
                        "CRM Pulse critical alert: Big deal lost: · Acme renewal, $120,000 {{2}}");
    }

    @Test
    void severalAlertsGetAHeaderAndABulletEachMostSevereFirst() {
        WhatsAppContent content =
                MessageComposer.compose(
                        List.of(
                                Rows.alert("a1", Severity.INFO, "Info one", T0),
                                Rows.alert(
                                        "a2", Severity.WARNING, "Warning two", T0.plusSeconds(1)),
                                Rows.alert(
                                        "a3",
                                        Severity.CRITICAL,
                                        "Critical three",
                                        T0.plusSeconds(2))));

        assertThat(content.text())
                .isEqualTo(
                        "CRM Pulse: 3 alerts\n\n• Critical three\n\n• Warning two\n\n• Info one");
    }

    @Test
    void alertsThatDoNotFitAreCountedAsMore() {
        List<NotificationRow> rows = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            rows.add(
                    Rows.alert(
                            "a" + i,
                            Severity.WARNING,
                            "Alert " + i + " " + "x".repeat(150),
                            T0.plusSeconds(i)));
        }

        String text = MessageComposer.compose(rows).text();

        assertThat(text.length()).isLessThanOrEqualTo(1600);
        assertThat(text).startsWith("CRM Pulse: 20 alerts\n\n• Alert 0 ");
        int shown = text.split("• ", -1).length - 1;
        assertThat(text).endsWith("+" + (20 - shown) + " more (see the alerts table)");
        assertThat(shown).isBetween(5, 19);
    }

    @Test
    void aTooLongFirstAlertIsCutSoTheMessageStillFits() {
        String text =
                MessageComposer.compose(
                                List.of(
                                        Rows.alert("a1", Severity.WARNING, "y".repeat(3000), T0),
                                        Rows.alert(
                                                "a2",
                                                Severity.WARNING,
                                                "second",
                                                T0.plusSeconds(1))))
                        .text();

        assertThat(text.length()).isLessThanOrEqualTo(1600);
        assertThat(text).contains("…").endsWith("+1 more (see the alerts table)");
    }

    @Test
    void aLongSummaryIsCutTo1600WithAnEllipsis() {
        String text =
                MessageComposer.compose(List.of(Rows.summary("2026-03-02", "z".repeat(2000), T0)))
                        .text();

        assertThat(text).hasSize(1600).endsWith("z…");
    }

    @Test
    void truncationNeverSplitsASurrogatePair() {
        String emoji = "\uD83D\uDCC8"; // 📈, two UTF-16 units
        String text = "a".repeat(8) + emoji + "bbbb";

        String cut = MessageComposer.truncate(text, 10);

        assertThat(cut).isEqualTo("aaaaaaaa…");
        assertThat(Character.isHighSurrogate(cut.charAt(cut.length() - 2))).isFalse();
        assertThat(MessageComposer.truncate("a".repeat(7) + emoji + "bbbb", 10))
                .isEqualTo("aaaaaaa" + emoji + "…");
    }

    @Test
    void templateVariablesHaveNoTabsNewlinesOrRunsOfSpacesAndAreNeverEmpty() {
        WhatsAppContent content =
                MessageComposer.compose(
                        List.of(
                                Rows.alert(
                                        "a1",
                                        Severity.CRITICAL,
                                        "Big deal lost:\tAcme\n\n   renewal      worth  $120,000\r\n",
                                        T0)));

        assertThat(content.variables())
                .containsEntry("1", "critical alert")
                .containsEntry("2", "Big deal lost: Acme · renewal worth $120,000");
        assertThat(MessageComposer.sanitizeVariable(" \t\n ", 250)).isEqualTo("-");
    }

    @Test
    void templateVariablesStayWithinTheLimits() {
        List<NotificationRow> rows = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            rows.add(
                    Rows.alert(
                            "a" + i,
                            Severity.WARNING,
                            "Source " + i + " went silent for 6 hours\nmore",
                            T0.plusSeconds(i)));
        }

        WhatsAppContent grouped = MessageComposer.compose(rows);
        WhatsAppContent summary =
                MessageComposer.compose(List.of(Rows.summary("2026-03-02", "w ".repeat(900), T0)));

        assertThat(grouped.variables().get("1")).isEqualTo("30 alerts");
        assertThat(grouped.variables().get("2"))
                .startsWith("Source 0 went silent for 6 hours · Source 1")
                .matches(".* · \\+\\d+ more$")
                .hasSizeLessThanOrEqualTo(250);
        assertThat(summary.variables().get("1")).isEqualTo("summary for 2026-03-02");
        for (WhatsAppContent content : List.of(grouped, summary)) {
            int total = 0;
            for (String value : content.variables().values()) {
                assertThat(value)
                        .isNotBlank()
                        .doesNotContain("\n", "\t", "     ")
                        .hasSizeLessThanOrEqualTo(250);
                total += value.length();
            }
            assertThat(total).isLessThanOrEqualTo(1024);
        }
    }
}
