package io.crmpulse.job.summary;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A summary with placeholders ({@code {leads_today}}) instead of numbers: what the model writes
 * (once validated) and what {@link TemplateSummary} builds. The renderer turns it into the reports.
 *
 * @param headline one line
 * @param points the day's points, at most {@value #MAX_POINTS}
 * @param actions one or two concrete actions
 */
public record SummaryDraft(String headline, List<Passage> points, List<Passage> actions) {

    public static final int MAX_HEADLINE = 120;
    public static final int MAX_TEXT = 220;
    public static final int MAX_POINTS = 3;
    public static final int MIN_ACTIONS = 1;
    public static final int MAX_ACTIONS = 2;

    public SummaryDraft {
        Objects.requireNonNull(headline, "headline");
        points = List.copyOf(points);
        actions = List.copyOf(actions);
    }

    /** A point or an action: its text and the fact ids the model says it uses. */
    public record Passage(String text, List<String> facts) {
        public Passage {
            Objects.requireNonNull(text, "text");
            facts = List.copyOf(facts);
        }
    }

    /** The headline, the points and the actions, in that order. */
    public Stream<String> texts() {
        return Stream.concat(
                Stream.of(headline),
                Stream.concat(points.stream(), actions.stream()).map(Passage::text));
    }
}
