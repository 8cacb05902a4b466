package io.crmpulse.job.alerts.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.job.config.DisplayFormat;
import org.junit.jupiter.api.Test;

class RarityTest {

    private static final DisplayFormat INR = DisplayFormat.parse("INR");
    private static final DisplayFormat USD = DisplayFormat.parse("USD");

    @Test
    void theScaleHasFourStepsByTheRulesOwnChance() {
        assertThat(Rarity.of(0)).isEqualTo(Rarity.EXTREMELY_UNUSUAL);
        assertThat(Rarity.of(9.9e-7)).isEqualTo(Rarity.EXTREMELY_UNUSUAL);
        assertThat(Rarity.of(1e-6)).isEqualTo(Rarity.VERY_UNUSUAL);
        assertThat(Rarity.of(9.9e-5)).isEqualTo(Rarity.VERY_UNUSUAL);
        assertThat(Rarity.of(1e-4)).isEqualTo(Rarity.UNUSUAL);
        assertThat(Rarity.of(0.0099)).isEqualTo(Rarity.UNUSUAL);
        assertThat(Rarity.of(0.01)).isEqualTo(Rarity.SOMEWHAT_UNUSUAL);
        assertThat(Rarity.of(0.5)).isEqualTo(Rarity.SOMEWHAT_UNUSUAL);
    }

    @Test
    void theSentenceSaysHowOftenInTheSummarysCounts() {
        assertThat(Rarity.sentence(3e-7, "a day like this", INR))
                .isEqualTo(
                        "Extremely unusual: a day like this comes by chance less than once in"
                                + " 10,00,000.");
        assertThat(Rarity.sentence(3e-7, "a day like this", USD))
                .isEqualTo(
                        "Extremely unusual: a day like this comes by chance less than once in"
                                + " 1,000,000.");
        assertThat(Rarity.sentence(2e-6, "a day like this", INR))
                .isEqualTo(
                        "Very unusual: a day like this comes by chance less than once in"
                                + " 1,00,000.");
        assertThat(Rarity.sentence(8e-4, "a silence this long", INR))
                .isEqualTo("Unusual: a silence this long comes by chance less than once in 1,000.");
        assertThat(Rarity.sentence(0.004, "a day like this", INR))
                .isEqualTo("Unusual: a day like this comes by chance less than once in 100.");
        assertThat(Rarity.sentence(0.05, "a day like this", INR))
                .isEqualTo(
                        "Somewhat unusual: a day like this comes by chance less than once in"
                                + " 10.");
        assertThat(Rarity.sentence(0.25, "a day like this", INR))
                .isEqualTo("Somewhat unusual: a day like this comes by chance about once in 4.");
    }

    @Test
    void aModifiedZScoreReadsAsANormalTail() {
        assertThat(Statistics.normalLowerTail(0)).isEqualTo(0.5);
        assertThat(Statistics.normalLowerTail(-3.5)).isBetween(2.32e-4, 2.33e-4);
        assertThat(Rarity.of(Statistics.normalLowerTail(-5))).isEqualTo(Rarity.EXTREMELY_UNUSUAL);
    }
}
