package io.crmpulse.job.alerts.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.junit.jupiter.api.Test;

class StatisticsTest {

    @Test
    void binomialUpperTailHasItsTextbookValues() {
        // P(X >= 2 | n=4, p=1/2) = 11/16
        assertThat(Statistics.binomialUpperTail(2, 4, 0.5)).isCloseTo(11.0 / 16, within(1e-12));
        // P(X >= 3 | n=3, p=1/2) = 1/8
        assertThat(Statistics.binomialUpperTail(3, 3, 0.5)).isCloseTo(0.125, within(1e-12));
        // P(X >= 1 | n=10, p=0.1) = 1 - 0.9^10
        assertThat(Statistics.binomialUpperTail(1, 10, 0.1))
                .isCloseTo(1 - Math.pow(0.9, 10), within(1e-12));
        assertThat(Statistics.binomialUpperTail(0, 10, 0.1)).isEqualTo(1);
        assertThat(Statistics.binomialUpperTail(11, 10, 0.1)).isZero();
        assertThat(Statistics.binomialUpperTail(1, 10, 0)).isZero();
    }

    @Test
    void binomialUpperTailAgreesWithTheDistributionAndKeepsPrecisionInTheTail() {
        BinomialDistribution b = new BinomialDistribution(null, 30, 0.08);
        assertThat(Statistics.binomialUpperTail(14, 30, 0.08))
                .isCloseTo(1 - b.cumulativeProbability(13), within(1e-12));
        // sum_{k=14..30} C(30,k) 0.08^k 0.92^(30-k), computed independently
        assertThat(Statistics.binomialUpperTail(14, 30, 0.08))
                .isCloseTo(1.8545651812139078e-8, within(1e-20));
        // Far in the tail, where 1 - cdf would be 0.
        assertThat(Statistics.binomialUpperTail(100, 100, 0.1)).isCloseTo(1e-100, within(1e-110));
    }

    @Test
    void poissonLowerTailHasItsTextbookValues() {
        assertThat(Statistics.poissonLowerTail(0, 5)).isCloseTo(Math.exp(-5), within(1e-12));
        assertThat(Statistics.poissonLowerTail(2, 3))
                .isCloseTo(Math.exp(-3) * (1 + 3 + 4.5), within(1e-12));
        PoissonDistribution p = new PoissonDistribution(40.0);
        assertThat(Statistics.poissonLowerTail(25, 40))
                .isCloseTo(p.cumulativeProbability(25), within(1e-10));
        assertThat(Statistics.poissonLowerTail(-1, 3)).isZero();
        assertThat(Statistics.poissonLowerTail(0, 0)).isEqualTo(1);
    }

    @Test
    void quasiPoissonWidensTheTestByTheDispersion() {
        // phi = 2: 12 of 30 expected reads as 6 of 15.
        assertThat(Statistics.quasiPoissonLowerTail(12, 30, 2))
                .isCloseTo(Statistics.poissonLowerTail(6, 15), within(1e-12));
        assertThat(Statistics.quasiPoissonLowerTail(12, 30, 2))
                .isGreaterThan(Statistics.poissonLowerTail(12, 30));
        assertThat(Statistics.quasiPoissonLowerTail(12, 30, 0.7))
                .isEqualTo(Statistics.poissonLowerTail(12, 30));
    }

    @Test
    void medianAndPercentile() {
        assertThat(Statistics.median(new double[] {5, 1, 3})).isEqualTo(3);
        assertThat(Statistics.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
        assertThat(Statistics.median(new double[0])).isNaN();
        // 1 + 0.9 * (10 - 1) = 9.1 for 1..10
        assertThat(Statistics.percentile(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 90))
                .isCloseTo(9.1, within(1e-12));
        assertThat(Statistics.percentile(new double[] {42}, 90)).isEqualTo(42);
    }

    @Test
    void dispersionIsPearsonChiSquareOverDegreesOfFreedomWithinGroups() {
        // Mondays 10, 12, 8, 10: mean 10, chi2 = (0 + 4 + 4 + 0) / 10 = 0.8, df 3.
        // Saturdays 2, 2: mean 2, chi2 0, df 1.
        double phi =
                Statistics.dispersionIndex(
                        List.of(new double[] {10, 12, 8, 10}, new double[] {2, 2}));
        assertThat(phi).isCloseTo(0.8 / 4, within(1e-12));
        // Weekday seasonality alone is no dispersion: each group is constant.
        assertThat(
                        Statistics.dispersionIndex(
                                List.of(new double[] {50, 50, 50}, new double[] {5, 5, 5})))
                .isZero();
        assertThat(Statistics.dispersionIndex(List.of(new double[] {0, 0}, new double[] {7})))
                .isEqualTo(1);
        // Over-dispersed: 20, 60, 20, 60 has mean 40, chi2 = 4 * 400 / 40 = 40, df 3.
        assertThat(Statistics.dispersionIndex(List.of(new double[] {20, 60, 20, 60})))
                .isCloseTo(40.0 / 3, within(1e-12));
    }

    @Test
    void modifiedZScore() {
        // median 100, deviations 2, 0, 2, 4 -> MAD 2
        double z = Statistics.modifiedZ(80, new double[] {98, 100, 102, 104});
        assertThat(z).isCloseTo(0.6745 * (80 - 101) / 2, within(1e-12));
        assertThat(Statistics.modifiedZ(80, new double[] {100, 100, 100})).isNaN();
    }

    @Test
    void pValuesReadWithTheirRelation() {
        assertThat(Statistics.showP(0.0123)).isEqualTo("= 0.0123");
        assertThat(Statistics.showP(0.00021)).isEqualTo("= 2.1e-04");
        assertThat(Statistics.showP(1e-9)).isEqualTo("< 1e-6");
    }
}
