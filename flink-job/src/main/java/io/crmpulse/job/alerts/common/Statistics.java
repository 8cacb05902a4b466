package io.crmpulse.job.alerts.common;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Erf;
import org.apache.commons.math3.special.Gamma;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.descriptive.rank.Percentile.EstimationType;

/**
 * The statistics of the rules: exact one-sided tails, medians, percentiles, the quasi-Poisson
 * dispersion index and the modified z-score. Tails are computed through the regularized incomplete
 * beta and gamma functions, which keep their precision far into the tail (a {@code 1 - cdf} would
 * round small p-values to zero).
 */
public final class Statistics {

    private Statistics() {}

    /** Exact binomial upper tail {@code P(X >= x)} for {@code X ~ Binomial(n, p)}. */
    public static double binomialUpperTail(long x, long n, double p) {
        if (n < 0 || p < 0 || p > 1 || Double.isNaN(p)) {
            throw new IllegalArgumentException("binomial n=" + n + ", p=" + p);
        }
        if (x <= 0) {
            return 1;
        }
        if (x > n) {
            return 0;
        }
        if (p == 0) {
            return 0;
        }
        if (p == 1) {
            return 1;
        }
        // P(X >= x) = I_p(x, n - x + 1)
        return Beta.regularizedBeta(p, x, n - x + 1.0);
    }

    /** Exact Poisson lower tail {@code P(X <= k)} for {@code X ~ Poisson(mu)}. */
    public static double poissonLowerTail(long k, double mu) {
        if (mu < 0 || Double.isNaN(mu)) {
            throw new IllegalArgumentException("poisson mu=" + mu);
        }
        if (k < 0) {
            return 0;
        }
        if (mu == 0) {
            return 1;
        }
        // P(X <= k) = Q(k + 1, mu), the regularized upper incomplete gamma function
        return Gamma.regularizedGammaQ(k + 1.0, mu);
    }

    /**
     * The Poisson lower tail of an over-dispersed count (G11, quasi-Poisson): with {@code Var = phi
     * * mu}, {@code x / phi} is tested against {@code Poisson(mu / phi)}, which has the same
     * mean-to-variance ratio. {@code phi <= 1} is the plain Poisson test.
     */
    public static double quasiPoissonLowerTail(long x, double mu, double phi) {
        if (phi <= 1) {
            return poissonLowerTail(x, mu);
        }
        return poissonLowerTail((long) Math.floor(x / phi), mu / phi);
    }

    /** The median; NaN for no values. */
    public static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /**
     * The {@code p}-th percentile (0 < p <= 100) by linear interpolation between order statistics
     * (R-7, the default of R, NumPy and spreadsheets); NaN for no values.
     */
    public static double percentile(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        return new Percentile().withEstimationType(EstimationType.R_7).evaluate(values, p);
    }

    /**
     * The quasi-Poisson dispersion index of counts in groups (G11): Pearson's chi-square over its
     * degrees of freedom, {@code sum_g sum_i (x_gi - mean_g)^2 / mean_g / sum_g (n_g - 1)}. The
     * groups are the same weekdays of the baseline window, so weekday seasonality is not mistaken
     * for dispersion. Groups with a zero mean or fewer than two counts carry no information; 1 when
     * no group does.
     */
    public static double dispersionIndex(List<double[]> groups) {
        double chiSquare = 0;
        long degreesOfFreedom = 0;
        for (double[] group : groups) {
            if (group.length < 2) {
                continue;
            }
            double mean = Arrays.stream(group).average().orElse(0);
            if (mean <= 0) {
                continue;
            }
            for (double x : group) {
                chiSquare += (x - mean) * (x - mean) / mean;
            }
            degreesOfFreedom += group.length - 1;
        }
        return degreesOfFreedom == 0 ? 1 : chiSquare / degreesOfFreedom;
    }

    /**
     * The modified z-score {@code 0.6745 (x - median) / MAD} of Iglewicz and Hoaglin; NaN when the
     * series is empty or its MAD is zero.
     */
    public static double modifiedZ(double x, double[] series) {
        double median = median(series);
        if (Double.isNaN(median)) {
            return Double.NaN;
        }
        double[] deviations = new double[series.length];
        for (int i = 0; i < series.length; i++) {
            deviations[i] = Math.abs(series[i] - median);
        }
        double mad = median(deviations);
        return mad == 0 ? Double.NaN : 0.6745 * (x - median) / mad;
    }

    /**
     * The chance of a standard normal value at most {@code z}: how a modified z-score reads as a
     * one-sided chance, for a message's words (the test keeps the z itself).
     */
    public static double normalLowerTail(double z) {
        return 0.5 * Erf.erfc(-z / Math.sqrt(2));
    }

    /** A p-value for a test's evidence, with its relation: {@code "= 0.0002"}, {@code "< 1e-6"}. */
    public static String showP(double p) {
        if (p < 1e-6) {
            return "< 1e-6";
        }
        if (p >= 0.001) {
            return "= " + String.format(Locale.ROOT, "%.4f", p);
        }
        return "= " + String.format(Locale.ROOT, "%.1e", p);
    }
}
