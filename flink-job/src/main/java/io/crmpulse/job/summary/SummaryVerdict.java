package io.crmpulse.job.summary;

import java.util.List;
import java.util.Objects;

/**
 * Whether the stored summary is the model's ({@code grounded}) or the template's ({@code
 * fallback}), and every reason an answer was rejected or the model could not be asked.
 */
public record SummaryVerdict(Status status, List<String> reasons) {

    public enum Status {
        GROUNDED("grounded"),
        FALLBACK("fallback");

        private final String column;

        Status(String column) {
            this.column = column;
        }

        /** The value of {@code ai_summaries.verdict}. */
        public String column() {
            return column;
        }
    }

    public SummaryVerdict {
        Objects.requireNonNull(status, "status");
        reasons = List.copyOf(reasons);
    }

    public boolean grounded() {
        return status == Status.GROUNDED;
    }
}
