package io.crmpulse.job.summary;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crmpulse.job.config.DisplayFormat;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The facts a daily summary may state (docs/METRICS.md 6), in a fixed order: the day, leads created
 * and the top sources, the junk and conversion rates against their trailing 7-day averages, deals
 * won and their value, the open pipeline and its change since yesterday, the reps with the most
 * untouched leads, and the alerts fired (and capped) today. Each fact's id says what it is and does
 * not depend on which other facts the day has; the ids are declared below, and nowhere else.
 *
 * <p>Besides the facts, the sheet holds the source and rep names it mentions: the only words of the
 * day's data a summary may carry, and the only ones the prompt does. A name that looks like an
 * e-mail or a phone number is hidden, in case a CRM keeps a person in a picklist.
 */
public final class FactSheet {

    /** The business day the summary covers ({@code Tue 2 Jun 2026}); always present. */
    static final String DAY = "day";

    /** Leads created today; always present, must be mentioned. */
    static final String LEADS_TODAY = "leads_today";

    /**
     * The share of today's leads marked as junk; present when a lead was created today, must be
     * mentioned, with a direction against {@link #JUNK_RATE_7D_AVG} when that exists.
     */
    static final String JUNK_RATE_TODAY = "junk_rate_today";

    /** The junk rate of the 7 days before, pooled; present with today's when those had leads. */
    static final String JUNK_RATE_7D_AVG = "junk_rate_7d_avg";

    /**
     * The share of today's leads converted; present when a lead was created today, with a direction
     * against {@link #CONVERSION_RATE_7D_AVG} when that exists.
     */
    static final String CONVERSION_RATE_TODAY = "conversion_rate_today";

    /**
     * The conversion rate of the 7 days before, pooled; present with today's when those had leads.
     */
    static final String CONVERSION_RATE_7D_AVG = "conversion_rate_7d_avg";

    /** Deals won today; always present, must be mentioned. */
    static final String DEALS_WON_TODAY = "deals_won_today";

    /** The value of the deals won today; present when one was won, must be mentioned. */
    static final String WON_VALUE_TODAY = "won_value_today";

    /**
     * The value of the open pipeline now; always present, must be mentioned, with a direction when
     * yesterday's summary stated it.
     */
    static final String OPEN_PIPELINE = "open_pipeline";

    /** The change of the open pipeline since yesterday's summary; present when that stated it. */
    static final String OPEN_PIPELINE_CHANGE = "open_pipeline_change";

    /** Alerts fired today; always present, must be mentioned when not zero. */
    static final String ALERTS_FIRED_TODAY = "alerts_fired_today";

    /** Alerts the daily message cap held back today; present and must be mentioned when any. */
    static final String ALERTS_CAPPED_TODAY = "alerts_capped_today";

    /**
     * Leads created today from the source ranked {@code rank} (1 to {@value #MAX_SOURCES}) by that
     * count, {@code source_1_leads}: present for each source with leads today, its name as the
     * fact's subject.
     */
    static String sourceLeads(int rank) {
        return "source_" + rank + "_leads";
    }

    /**
     * Untouched leads of the rep ranked {@code rank} (1 to {@value #MAX_REPS}) by that count,
     * {@code rep_1_untouched}: present for each rep with untouched leads, the name as the subject.
     */
    static String repUntouched(int rank) {
        return "rep_" + rank + "_untouched";
    }

    static final int MAX_SOURCES = 3;
    static final int MAX_REPS = 3;
    static final int MAX_NAME_LENGTH = 40;
    static final String HIDDEN_NAME = "(hidden)";

    private static final DateTimeFormatter DAY_FORMAT =
            DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ENGLISH);
    private static final Pattern PHONE_LIKE = Pattern.compile(".*\\d[\\d\\s().-]{5,}\\d.*");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalDate day;
    private final Map<String, Fact> facts;
    private final Set<String> names;

    public FactSheet(LocalDate day, List<Fact> facts, Set<String> names) {
        this.day = day;
        Map<String, Fact> byId = new LinkedHashMap<>();
        for (Fact fact : facts) {
            if (byId.put(fact.id(), fact) != null) {
                throw new IllegalArgumentException("two facts have the id " + fact.id());
            }
        }
        this.facts = java.util.Collections.unmodifiableMap(byId);
        this.names = Set.copyOf(names);
    }

    /** Builds the sheet of {@code numbers.day()}, amounts written by {@code format}. */
    public static FactSheet build(DailyNumbers numbers, DisplayFormat format) {
        Builder b = new Builder(format);
        b.add(
                DAY,
                null,
                "the business day this summary covers",
                BigDecimal.ZERO,
                day(numbers.day()));
        b.must(LEADS_TODAY, "leads created today", numbers.leadsCreated());
        List<DailyNumbers.NamedCount> sources =
                numbers.topSources().stream()
                        .filter(s -> s.count() > 0)
                        .limit(MAX_SOURCES)
                        .toList();
        for (int i = 0; i < sources.size(); i++) {
            String name = b.name(sources.get(i).name());
            long n = sources.get(i).count();
            b.add(
                    sourceLeads(i + 1),
                    name,
                    "leads created today from the source " + name,
                    BigDecimal.valueOf(n),
                    format.count(n));
        }
        b.rate(
                JUNK_RATE_TODAY,
                JUNK_RATE_7D_AVG,
                "junk rate of today's leads (share marked as junk)",
                numbers.junkRateToday(),
                numbers.junkRate7dAvg(),
                false,
                true);
        b.rate(
                CONVERSION_RATE_TODAY,
                CONVERSION_RATE_7D_AVG,
                "conversion rate of today's leads",
                numbers.conversionRateToday(),
                numbers.conversionRate7dAvg(),
                true,
                false);
        b.must(DEALS_WON_TODAY, "deals won today", numbers.dealsWon());
        if (numbers.dealsWon() > 0) {
            b.fact(
                    WON_VALUE_TODAY,
                    null,
                    "value of the deals won today",
                    numbers.wonValue(),
                    format.money(numbers.wonValue()),
                    null,
                    true,
                    true);
        }
        Direction pipelineDirection = null;
        BigDecimal change = null;
        if (numbers.openPipelineYesterday() != null) {
            change = numbers.openPipeline().subtract(numbers.openPipelineYesterday());
            String changeDisplay = format.moneyChange(change);
            pipelineDirection =
                    changeDisplay.startsWith("+")
                            ? Direction.UP
                            : changeDisplay.startsWith("-") ? Direction.DOWN : Direction.FLAT;
        }
        b.fact(
                OPEN_PIPELINE,
                null,
                "value of the open pipeline now",
                numbers.openPipeline(),
                format.money(numbers.openPipeline()),
                pipelineDirection,
                true,
                true);
        if (change != null) {
            b.fact(
                    OPEN_PIPELINE_CHANGE,
                    null,
                    "change of the open pipeline since yesterday",
                    change,
                    format.moneyChange(change),
                    pipelineDirection,
                    true,
                    false);
        }
        List<DailyNumbers.NamedCount> reps =
                numbers.repsMostUntouched().stream()
                        .filter(r -> r.count() > 0)
                        .limit(MAX_REPS)
                        .toList();
        for (int i = 0; i < reps.size(); i++) {
            String name = b.name(reps.get(i).name());
            long n = reps.get(i).count();
            b.add(
                    repUntouched(i + 1),
                    name,
                    "untouched leads owned by the rep " + name,
                    BigDecimal.valueOf(n),
                    format.count(n));
        }
        int fired = numbers.alertsFired();
        b.fact(
                ALERTS_FIRED_TODAY,
                null,
                "alerts fired today",
                BigDecimal.valueOf(fired),
                format.count(fired),
                null,
                false,
                fired > 0);
        if (numbers.alertsCapped() > 0) {
            b.fact(
                    ALERTS_CAPPED_TODAY,
                    null,
                    "alerts held back today by the daily message cap",
                    BigDecimal.valueOf(numbers.alertsCapped()),
                    format.count(numbers.alertsCapped()),
                    null,
                    false,
                    true);
        }
        return new FactSheet(numbers.day(), b.facts, b.names);
    }

    public LocalDate day() {
        return day;
    }

    /** The facts in the order the class comment gives. */
    public List<Fact> facts() {
        return List.copyOf(facts.values());
    }

    public Optional<Fact> fact(String id) {
        return Optional.ofNullable(facts.get(id));
    }

    public Set<String> ids() {
        return facts.keySet();
    }

    /** The source and rep names the sheet mentions (already hidden where they looked personal). */
    public Set<String> names() {
        return names;
    }

    /**
     * Where the sheet's names stand in {@code text}, as {@code [start, end)} spans that do not
     * overlap (the longer name wins): each only as a whole, with no letter or number glued to
     * either end, so that a source called "2024" does not cover the digits of "Q2024" or "20245".
     */
    List<int[]> nameSpans(String text) {
        List<String> longestFirst = new ArrayList<>(names);
        longestFirst.sort(Comparator.comparingInt(String::length).reversed());
        List<int[]> spans = new ArrayList<>();
        for (String name : longestFirst) {
            for (int i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + 1)) {
                int start = i;
                int end = i + name.length();
                boolean whole =
                        (start == 0 || !isWordChar(text.codePointBefore(start)))
                                && (end == text.length() || !isWordChar(text.codePointAt(end)));
                if (whole && spans.stream().noneMatch(s -> s[0] < end && start < s[1])) {
                    spans.add(new int[] {start, end});
                }
            }
        }
        return spans;
    }

    /**
     * A letter or a number (Unicode category N: digits, Ⅻ, ½, ², ⑫) of any script: what may not
     * touch a name or a placeholder.
     */
    static boolean isWordChar(int codePoint) {
        int type = Character.getType(codePoint);
        return Character.isLetter(codePoint)
                || type == Character.DECIMAL_DIGIT_NUMBER
                || type == Character.LETTER_NUMBER
                || type == Character.OTHER_NUMBER;
    }

    /** The sheet as stored in {@code ai_summaries.facts}. */
    public String toJson() {
        ArrayNode array = JSON.createArrayNode();
        for (Fact fact : facts.values()) {
            ObjectNode node = array.addObject();
            node.put("id", fact.id());
            node.put("subject", fact.subject());
            node.put("meaning", fact.meaning());
            node.put("value", fact.value());
            node.put("display", fact.display());
            node.put("direction", fact.direction() == null ? null : fact.direction().name());
            node.put("must", fact.mustMention());
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("day", day.toString());
        root.set("facts", array);
        return root.toString();
    }

    static String day(LocalDate day) {
        return DAY_FORMAT.format(day);
    }

    /** A source or rep name as the sheet may carry it. */
    static String safeName(String raw) {
        String name = raw.replace('{', '(').replace('}', ')').replaceAll("\\s+", " ").strip();
        if (name.isEmpty() || name.contains("@") || PHONE_LIKE.matcher(name).matches()) {
            return HIDDEN_NAME;
        }
        return name.length() <= MAX_NAME_LENGTH ? name : name.substring(0, MAX_NAME_LENGTH).strip();
    }

    private static final class Builder {
        final DisplayFormat format;
        final List<Fact> facts = new ArrayList<>();
        final Set<String> names = new LinkedHashSet<>();

        Builder(DisplayFormat format) {
            this.format = format;
        }

        String name(String raw) {
            String name = safeName(raw);
            names.add(name);
            return name;
        }

        void add(String id, String subject, String meaning, BigDecimal value, String display) {
            fact(id, subject, meaning, value, display, null, true, false);
        }

        void must(String id, String meaning, long count) {
            fact(
                    id,
                    null,
                    meaning,
                    BigDecimal.valueOf(count),
                    format.count(count),
                    null,
                    true,
                    true);
        }

        void fact(
                String id,
                String subject,
                String meaning,
                BigDecimal value,
                String display,
                Direction direction,
                boolean higherIsBetter,
                boolean must) {
            facts.add(
                    new Fact(
                            id, subject, meaning, value, display, direction, higherIsBetter, must));
        }

        /** Today's rate (against the average when both exist) and the average. */
        void rate(
                String id,
                String averageId,
                String meaning,
                BigDecimal today,
                BigDecimal average,
                boolean higherIsBetter,
                boolean must) {
            if (today == null) {
                return;
            }
            String display = format.percent(today);
            Direction direction = null;
            if (average != null) {
                // Compared as displayed, so the text never says "rose from 38% to 38%".
                int cmp =
                        DisplayFormat.wholePercents(today)
                                .compareTo(DisplayFormat.wholePercents(average));
                direction = cmp > 0 ? Direction.UP : cmp < 0 ? Direction.DOWN : Direction.FLAT;
            }
            fact(id, null, meaning + " today", today, display, direction, higherIsBetter, must);
            if (average != null) {
                fact(
                        averageId,
                        null,
                        meaning + ", its average over the past week",
                        average,
                        format.percent(average),
                        null,
                        higherIsBetter,
                        false);
            }
        }
    }

    @Override
    public String toString() {
        return new TreeMap<>(facts).toString();
    }
}
