package io.crmpulse.job.summary;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.annotation.Nullable;

/**
 * One number of the daily fact sheet (docs/METRICS.md section 6): the model may refer to it only as
 * {@code {id}}, and the renderer replaces that placeholder with {@code display}.
 *
 * @param id what the number is, in lowercase snake_case ({@code leads_today}, {@code
 *     source_1_leads}); the ids are declared in {@link FactSheet}
 * @param subject the source or rep the number is about; null for the day's totals
 * @param meaning what the number is, in words, for the prompt (no digits of its own)
 * @param value the number as computed
 * @param display the exact text that stands for it in a report ({@code ₹1,20,000}, {@code 38%})
 * @param direction the way it moved against its comparison; null when it has none
 * @param higherIsBetter whether a rise is good news (false for the junk rate); with {@code
 *     direction}, tells "improved" from "worsened"
 * @param mustMention whether a summary that leaves it out is rejected
 */
public record Fact(
        String id,
        @Nullable String subject,
        String meaning,
        BigDecimal value,
        String display,
        @Nullable Direction direction,
        boolean higherIsBetter,
        boolean mustMention) {

    static final Pattern ID = Pattern.compile("[a-z][a-z0-9]*(?:_[a-z0-9]+)*");

    public Fact {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(meaning, "meaning");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(display, "display");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException(
                    "a fact id is lowercase snake_case (leads_today), got " + id);
        }
    }

    /** {@code {leads_today}}. */
    public String placeholder() {
        return "{" + id + "}";
    }

    /** Whether the change is good news; null when the fact has no direction or stayed flat. */
    @Nullable
    Boolean goodNews() {
        if (direction == null || direction == Direction.FLAT) {
            return null;
        }
        return (direction == Direction.UP) == higherIsBetter;
    }
}
