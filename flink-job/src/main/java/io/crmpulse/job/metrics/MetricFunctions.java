package io.crmpulse.job.metrics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.InputGroup;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * The rounding rules of docs/METRICS.md section 4 as SQL functions, so that every table rounds the
 * same way: {@code pulse_rate} and {@code pulse_money}.
 */
public final class MetricFunctions {

    private MetricFunctions() {}

    /**
     * {@code pulse_rate(numerator, denominator)}: the ratio rounded to 4 decimals half up; NULL
     * when the denominator is 0 or NULL (no record counts toward it); a NULL numerator counts as 0.
     */
    public static class Rate extends ScalarFunction {
        private static final long serialVersionUID = 1L;

        public @DataTypeHint("DECIMAL(9, 4)") BigDecimal eval(Long numerator, Long denominator) {
            if (denominator == null || denominator == 0) {
                return null;
            }
            long n = numerator == null ? 0 : numerator;
            return BigDecimal.valueOf(n)
                    .divide(BigDecimal.valueOf(denominator), 4, RoundingMode.HALF_UP);
        }
    }

    /**
     * {@code pulse_money(sum)}: a money sum rounded once to 2 decimals half up; a NULL sum (no
     * record) is 0.00. {@code DECIMAL(38, 2)}, as wide as Flink's SUM over the deals' {@code
     * DECIMAL(18, 2)}: a narrower type would make a large sum NULL.
     */
    public static class Money extends ScalarFunction {
        private static final long serialVersionUID = 1L;

        public @DataTypeHint("DECIMAL(38, 2)") BigDecimal eval(
                @DataTypeHint(inputGroup = InputGroup.ANY) Object sum) {
            if (sum == null) {
                return BigDecimal.ZERO.setScale(2);
            }
            return new BigDecimal(sum.toString()).setScale(2, RoundingMode.HALF_UP);
        }
    }
}
