package io.crmpulse.job.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MetricClassesTest {

    private final MetricClasses defaults = MetricClasses.defaults();

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "Junk Lead            | junk",
                "(none)               | untouched",
                "Not Contacted        | untouched",
                "Attempted to Contact | attempted",
                "Contacted            | contacted",
                "Contact in Future    | contacted",
                "Pre-Qualified        | contacted",
                "Not Qualified        | contacted",
                "Lost Lead            | contacted",
                "Qualified            | contacted",
                "junk lead            | contacted",
            })
    void classifiesANotConvertedLeadByItsStatusWithTheDefaults(String status, String expected) {
        assertThat(defaults.statusClass(false, status)).isEqualTo(expected);
    }

    @Test
    void aConvertedLeadIsConvertedWhateverItsStatus() {
        assertThat(defaults.statusClass(true, "Junk Lead")).isEqualTo("converted");
        assertThat(defaults.statusClass(true, "(none)")).isEqualTo("converted");
        assertThat(defaults.statusClass(true, "Contacted")).isEqualTo("converted");
    }

    @Test
    void theFirstMatchingClassWinsWhenAStatusIsInTwoLists() {
        MetricClasses classes =
                new MetricClasses(
                        List.of("Spam"),
                        List.of("Spam", "New"),
                        List.of("New"),
                        List.of("Won"),
                        List.of("Lost"));

        assertThat(classes.statusClass(false, "Spam")).isEqualTo("junk");
        assertThat(classes.statusClass(false, "New")).isEqualTo("untouched");
        assertThat(classes.statusClass(false, "(none)")).isEqualTo("contacted");
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "Closed Won                 | won",
                "Closed Lost                | lost",
                "Closed-Lost to Competition | lost",
                "Closed Lost to Competition | lost",
                "Qualification              | open",
                "Needs Analysis             | open",
                "Id. Decision Makers        | open",
                "Negotiation/Review         | open",
                "closed won                 | open",
            })
    void classifiesAStageWithTheDefaults(String stage, String expected) {
        assertThat(defaults.stageClass(stage)).isEqualTo(expected);
    }

    @Test
    void customStagesReplaceTheDefaults() {
        MetricClasses classes =
                new MetricClasses(
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of("Signed", "Paid"),
                        List.of("Dropped"));

        assertThat(classes.stageClass("Paid")).isEqualTo("won");
        assertThat(classes.stageClass("Dropped")).isEqualTo("lost");
        assertThat(classes.stageClass("Closed Won")).isEqualTo("open");
    }
}
