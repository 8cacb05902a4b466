package io.crmpulse.job.summary;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Decides whether a model's answer may become the day's summary (README, "How the model is kept
 * from inventing numbers"). It is rejected, each failure with a reason, when:
 *
 * <ol>
 *   <li>the reply was cut off ({@code done_reason} other than {@code stop}) or is empty;
 *   <li>the content is not bare JSON of the draft's shape (a markdown fence, prose, a missing or an
 *       unexpected key, too many points, no action);
 *   <li>a text writes a number itself outside a placeholder: any character of Unicode category N
 *       (digits of any script, Ⅻ, ⑫, ½, ²), a number word ({@link #NUMBER_WORDS}, "tenfold", "a
 *       score", "a third"), a Roman numeral of two or more letters (XII, IV, MM), a Chinese numeral
 *       (十二, 贰拾), {@code %} or a currency sign; the sheet's source and rep names are excepted only
 *       where a name stands whole;
 *   <li>a letter or digit is glued to a placeholder ({@code {leads_today}k}, {@code
 *       {won_value_today}M}), or a magnitude follows it after a space ({@code {won_value_today}
 *       Cr}): it would render as a figure the job did not supply;
 *   <li>a placeholder names an unknown fact ({@code {revenue}}), or is malformed ({@code {F1}},
 *       {@code {leads today}});
 *   <li>a sentence claims a direction no fact in it has ("rose" when the rate fell, "improved" for
 *       a rising junk rate, any trend for a plain count);
 *   <li>a must-mention fact is left out;
 *   <li>a text is over its length, counted as the report shows it (each placeholder as its fact's
 *       display text, so that an id's name costs the model no words), or the WhatsApp report is
 *       over {@value SummaryRenderer#WHATSAPP_MAX_CHARS} characters (less the job's closing link);
 *   <li>after rendering, a report holds a digit that is part of no fact's display text.
 * </ol>
 */
public final class SummaryValidator {

    /**
     * Words that state a quantity, and the multiplier suffix of "tenfold". Ordinals are allowed:
     * they rank, they do not count (but "a third" and "thirds" are fractions).
     */
    static final Set<String> NUMBER_WORDS =
            Set.of(
                    "zero",
                    "one",
                    "two",
                    "three",
                    "four",
                    "five",
                    "six",
                    "seven",
                    "eight",
                    "nine",
                    "ten",
                    "eleven",
                    "twelve",
                    "thirteen",
                    "fourteen",
                    "fifteen",
                    "sixteen",
                    "seventeen",
                    "eighteen",
                    "nineteen",
                    "twenty",
                    "thirty",
                    "forty",
                    "fifty",
                    "sixty",
                    "seventy",
                    "eighty",
                    "ninety",
                    "hundred",
                    "hundreds",
                    "thousand",
                    "thousands",
                    "million",
                    "millions",
                    "billion",
                    "billions",
                    "trillion",
                    "trillions",
                    "mn",
                    "mln",
                    "bn",
                    "lac",
                    "lacs",
                    "lakh",
                    "lakhs",
                    "crore",
                    "crores",
                    "percent",
                    "percentage",
                    "pct",
                    "cent",
                    "half",
                    "halved",
                    "double",
                    "doubled",
                    "twice",
                    "triple",
                    "tripled",
                    "thrice",
                    "quadruple",
                    "quadrupled",
                    "nil",
                    "dozen",
                    "dozens",
                    "couple",
                    "fold",
                    "quarter",
                    "quarters",
                    "thirds",
                    "fourths",
                    "fifths",
                    "sixths",
                    "sevenths",
                    "eighths",
                    "ninths",
                    "tenths",
                    "hundredths",
                    "thousandths",
                    "k");

    /** Quantities that only a phrase tells from an ordinary word ("the lead score"). */
    private static final Pattern NUMBER_PHRASE =
            Pattern.compile(
                    "\\ba\\s+score\\b|\\bscores\\s+of\\b"
                            + "|\\ba\\s+(?:third|fourth|fifth|sixth|seventh|eighth|ninth|tenth"
                            + "|hundredth|thousandth)\\b",
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    /** A well-formed Roman numeral, 1 to 3999, in capitals (empty too: check the length). */
    private static final Pattern ROMAN =
            Pattern.compile("M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})");

    /** English words that are also well-formed Roman numerals (MIX is 1009). */
    private static final Set<String> WORDS_NOT_NUMERALS = Set.of("mix");

    /**
     * Chinese (and Japanese) numerals, common and financial forms: letters to Unicode, so neither
     * the category-N check nor a word list sees them.
     */
    private static final Pattern CHINESE_NUMERAL =
            Pattern.compile("[〇零一二三四五六七八九十百千万萬亿億兆两兩廿卅壹壱贰貳弐叁參参肆伍陆陸柒捌玖拾佰仟]+");

    static final Set<String> UP_WORDS =
            Set.of(
                    "rose",
                    "risen",
                    "rising",
                    "rises",
                    "grew",
                    "grown",
                    "growing",
                    "grows",
                    "increased",
                    "increasing",
                    "increases",
                    "up",
                    "gained",
                    "gaining",
                    "climbed",
                    "climbing",
                    "jumped",
                    "surged",
                    "soared",
                    "higher",
                    "above",
                    "rebounded");
    static final Set<String> DOWN_WORDS =
            Set.of(
                    "fell",
                    "fallen",
                    "falling",
                    "falls",
                    "dropped",
                    "dropping",
                    "drops",
                    "declined",
                    "declining",
                    "declines",
                    "decreased",
                    "decreasing",
                    "decreases",
                    "down",
                    "shrank",
                    "shrunk",
                    "shrinking",
                    "dipped",
                    "slipped",
                    "slid",
                    "lower",
                    "below",
                    "plunged",
                    "plummeted",
                    "sank");
    static final Set<String> FLAT_WORDS = Set.of("unchanged", "flat", "steady", "stable");
    static final Set<String> GOOD_WORDS =
            Set.of("improved", "improves", "improving", "improvement");
    static final Set<String> BAD_WORDS =
            Set.of("worse", "worsened", "worsening", "deteriorated", "deteriorating");

    /** "Follow up", "up to": no claim of a trend. */
    private static final Pattern NOT_A_TREND =
            Pattern.compile(
                    "\\b(follow|followed|following|pick|picked|catch|set|sign|check|call)[-\\s]+up\\b"
                            + "|\\bup\\s+to\\b|\\bfollow-?ups?\\b",
                    Pattern.CASE_INSENSITIVE);

    private static final Pattern BRACES = Pattern.compile("\\{([^{}]*)\\}");

    /**
     * A magnitude written after a placeholder and a space ("{won_value_today} M",
     * "{won_value_today} Cr", "{leads_today} x"): the rendered text would show a figure no fact
     * has.
     */
    private static final Pattern MAGNITUDE_AFTER_PLACEHOLDER =
            Pattern.compile(
                    "\\{"
                            + Fact.ID.pattern()
                            + "}[ \\t\\u00A0]+(M|B|K|k|L|Cr|cr|bn|tn|mn|mln|x|X)(?![\\p{L}\\p{N}])");

    /** Where the words of a text hold a known placeholder: its fact's id between two NULs. */
    private static final Pattern MARKER =
            Pattern.compile("\u0000(" + Fact.ID.pattern() + ")\u0000");

    private static final Pattern SENTENCE =
            Pattern.compile(
                    "[.;!?\\n]+|\\b(?:while|but|whereas|although|though|however|yet)\\b",
                    Pattern.CASE_INSENSITIVE);
    private static final Pattern WORD = Pattern.compile("[\\p{L}]+");
    private static final Pattern NUMBER = Pattern.compile("\\p{N}[\\p{N},.]*");
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** The outcome: the draft when it passed, and every reason it did not. */
    public record Validation(Optional<SummaryDraft> draft, List<String> reasons) {
        public Validation {
            reasons = List.copyOf(reasons);
        }

        public boolean accepted() {
            return draft.isPresent();
        }
    }

    private final FactSheet sheet;
    private final SummaryRenderer renderer;
    private final int whatsAppMaxChars;

    /** With WhatsApp's whole limit, for a summary without a link. */
    SummaryValidator(FactSheet sheet) {
        this(sheet, SummaryRenderer.WHATSAPP_MAX_CHARS);
    }

    /**
     * @param whatsAppMaxChars the WhatsApp report's length limit: less than {@value
     *     SummaryRenderer#WHATSAPP_MAX_CHARS} when the job appends a link of its own
     */
    public SummaryValidator(FactSheet sheet, int whatsAppMaxChars) {
        this.sheet = sheet;
        this.renderer = new SummaryRenderer(sheet);
        this.whatsAppMaxChars = whatsAppMaxChars;
    }

    /** Validates a chat reply: complete, then its content. */
    public Validation validate(OllamaClient.ChatReply reply) {
        if (!reply.done() || !"stop".equals(reply.doneReason())) {
            return rejected(
                    "the reply was cut off (done="
                            + reply.done()
                            + ", done_reason="
                            + (reply.doneReason().isEmpty() ? "none" : reply.doneReason())
                            + "); the JSON is probably truncated");
        }
        return validate(reply.content());
    }

    /** Validates the content of a reply: the JSON the model wrote. */
    public Validation validate(String content) {
        String trimmed = content.strip();
        if (trimmed.isEmpty()) {
            return rejected("the reply is empty");
        }
        if (trimmed.startsWith("```")) {
            return rejected(
                    "the reply is wrapped in a markdown code fence instead of bare JSON"
                            + " (the format schema was ignored)");
        }
        JsonNode root;
        try {
            root = JSON.readTree(trimmed);
        } catch (JsonProcessingException e) {
            return rejected("the reply is not JSON (it begins '" + start(trimmed) + "')");
        }
        if (root == null || !root.isObject()) {
            return rejected(
                    "the reply is JSON but not an object (it begins '" + start(trimmed) + "')");
        }
        List<String> reasons = new ArrayList<>();
        SummaryDraft draft = parse(root, reasons);
        if (draft == null) {
            return new Validation(Optional.empty(), reasons);
        }
        checkTexts(draft, reasons);
        checkMustMention(draft, reasons);
        if (reasons.isEmpty()) {
            checkRendered(draft, reasons);
        }
        return reasons.isEmpty()
                ? new Validation(Optional.of(draft), List.of())
                : new Validation(Optional.empty(), reasons);
    }

    private static Validation rejected(String reason) {
        return new Validation(Optional.empty(), List.of(reason));
    }

    private static String start(String text) {
        String flat = text.replaceAll("\\s+", " ");
        return flat.length() <= 40 ? flat : flat.substring(0, 40) + "...";
    }

    // --- the shape -------------------------------------------------------------------------

    private SummaryDraft parse(JsonNode root, List<String> reasons) {
        for (Iterator<String> keys = root.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!Set.of("headline", "points", "actions").contains(key)) {
                reasons.add("the reply has an unexpected key '" + key + "'");
            }
        }
        JsonNode headline = root.get("headline");
        if (headline == null || !headline.isTextual()) {
            reasons.add("the reply has no headline text");
        }
        List<SummaryDraft.Passage> points =
                passages(root, "points", "point", 1, SummaryDraft.MAX_POINTS, reasons);
        List<SummaryDraft.Passage> actions =
                passages(
                        root,
                        "actions",
                        "action",
                        SummaryDraft.MIN_ACTIONS,
                        SummaryDraft.MAX_ACTIONS,
                        reasons);
        if (!reasons.isEmpty()) {
            return null;
        }
        return new SummaryDraft(headline.asText(), points, actions);
    }

    private List<SummaryDraft.Passage> passages(
            JsonNode root, String key, String label, int min, int max, List<String> reasons) {
        JsonNode array = root.get(key);
        if (array == null || !array.isArray()) {
            reasons.add("the reply has no '" + key + "' list");
            return List.of();
        }
        if (array.size() < min || array.size() > max) {
            reasons.add(
                    "the reply has "
                            + array.size()
                            + " "
                            + key
                            + " (allowed: "
                            + min
                            + " to "
                            + max
                            + ")");
        }
        List<SummaryDraft.Passage> out = new ArrayList<>();
        int n = 0;
        for (JsonNode item : array) {
            n++;
            String name = label + " " + n;
            if (!item.isObject() || !item.path("text").isTextual()) {
                reasons.add(name + " has no text");
                continue;
            }
            for (Iterator<String> keys = item.fieldNames(); keys.hasNext(); ) {
                String k = keys.next();
                if (!k.equals("text") && !k.equals("facts")) {
                    reasons.add(name + " has an unexpected key '" + k + "'");
                }
            }
            List<String> facts = new ArrayList<>();
            JsonNode list = item.get("facts");
            if (list == null || !list.isArray()) {
                reasons.add(name + " has no 'facts' list");
            } else {
                for (JsonNode id : list) {
                    if (!id.isTextual() || sheet.fact(id.asText()).isEmpty()) {
                        reasons.add(name + " lists an unknown fact " + id + " in 'facts'");
                    } else {
                        facts.add(id.asText());
                    }
                }
            }
            out.add(new SummaryDraft.Passage(item.get("text").asText(), facts));
        }
        return out;
    }

    // --- the words ---------------------------------------------------------------------------

    private void checkTexts(SummaryDraft draft, List<String> reasons) {
        checkText("the headline", draft.headline(), SummaryDraft.MAX_HEADLINE, reasons);
        for (int i = 0; i < draft.points().size(); i++) {
            checkText(
                    "point " + (i + 1),
                    draft.points().get(i).text(),
                    SummaryDraft.MAX_TEXT,
                    reasons);
        }
        for (int i = 0; i < draft.actions().size(); i++) {
            checkText(
                    "action " + (i + 1),
                    draft.actions().get(i).text(),
                    SummaryDraft.MAX_TEXT,
                    reasons);
        }
    }

    private void checkText(String label, String text, int maxLength, List<String> reasons) {
        if (text.isBlank()) {
            reasons.add(label + " is empty");
            return;
        }
        int control = firstControlCharacter(text);
        if (control >= 0) {
            // Not quoted: a NUL cannot even be stored in the verdict's reasons.
            reasons.add(
                    String.format(
                            "%s holds the control character U+%04X, which no report may carry",
                            label, control));
            return;
        }
        int shownLength = shownLength(text);
        if (shownLength > maxLength) {
            reasons.add(
                    label + " is " + shownLength + " characters long (at most " + maxLength + ")");
        }
        StringBuilder words = new StringBuilder();
        Matcher m = BRACES.matcher(text);
        int last = 0;
        while (m.find()) {
            words.append(maskNames(text.substring(last, m.start())));
            String glued = gluedTo(text, m.start(), m.end());
            if (!glued.equals(m.group())) {
                reasons.add(
                        label
                                + " writes '"
                                + glued
                                + "': a letter or digit glued to a placeholder");
            }
            String inner = m.group(1);
            if (!Fact.ID.matcher(inner).matches()) {
                reasons.add(label + " has a malformed placeholder {" + inner + "}");
                words.append(' ');
            } else if (sheet.fact(inner).isEmpty()) {
                reasons.add(label + " names an unknown fact {" + inner + "}");
                words.append(' ');
            } else {
                // Kept as a marker for the direction check.
                words.append(" \u0000").append(inner).append("\u0000 ");
            }
            last = m.end();
        }
        words.append(maskNames(text.substring(last)));
        String plain = words.toString();
        String outside = MARKER.matcher(plain).replaceAll(" ");
        if (outside.indexOf('{') >= 0 || outside.indexOf('}') >= 0) {
            reasons.add(label + " has an unmatched brace");
        }
        Matcher number = NUMBER.matcher(outside);
        if (number.find()) {
            reasons.add(
                    label + " writes the number '" + number.group() + "' outside a placeholder");
        }
        checkWords(label, outside, reasons);
        Matcher magnitude = MAGNITUDE_AFTER_PLACEHOLDER.matcher(text);
        if (magnitude.find()) {
            reasons.add(
                    label
                            + " writes '"
                            + magnitude.group()
                            + "': a magnitude after a placeholder makes a new figure");
        }
        if (outside.indexOf('%') >= 0) {
            reasons.add(label + " writes '%' outside a placeholder");
        }
        outside.codePoints()
                .filter(cp -> Character.getType(cp) == Character.CURRENCY_SYMBOL)
                .distinct()
                .forEach(
                        cp ->
                                reasons.add(
                                        label
                                                + " writes the currency sign '"
                                                + Character.toString(cp)
                                                + "' outside a placeholder"));
        checkDirections(label, plain, reasons);
    }

    /** The length of {@code text} with each known placeholder as its fact's display text. */
    private int shownLength(String text) {
        int length = text.length();
        Matcher m = SummaryRenderer.PLACEHOLDER.matcher(text);
        while (m.find()) {
            String placeholder = m.group();
            length +=
                    sheet.fact(m.group(1))
                            .map(f -> f.display().length() - placeholder.length())
                            .orElse(0);
        }
        return length;
    }

    /**
     * Number words, Roman numerals and Chinese numerals in {@code outside}. Each word is compared
     * in its compatibility form, so full-width or mathematical letters (ＸＩＩ) count as well.
     */
    private static void checkWords(String label, String outside, List<String> reasons) {
        Set<String> numberWords = new LinkedHashSet<>();
        Set<String> romans = new LinkedHashSet<>();
        Matcher word = WORD.matcher(outside);
        while (word.find()) {
            String w = word.group();
            String plain = Normalizer.normalize(w, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
            if (NUMBER_WORDS.contains(plain)
                    || (plain.endsWith("fold")
                            && NUMBER_WORDS.contains(plain.substring(0, plain.length() - 4)))) {
                numberWords.add(w.toLowerCase(Locale.ROOT));
            } else if (plain.length() >= 2
                    && !WORDS_NOT_NUMERALS.contains(plain)
                    && ROMAN.matcher(plain.toUpperCase(Locale.ROOT)).matches()) {
                romans.add(w);
            }
        }
        for (String w : numberWords) {
            reasons.add(label + " writes the number word '" + w + "'");
        }
        Matcher phrase = NUMBER_PHRASE.matcher(outside);
        while (phrase.find()) {
            reasons.add(
                    label
                            + " writes the number words '"
                            + phrase.group().replaceAll("\\s+", " ")
                            + "'");
        }
        for (String roman : romans) {
            reasons.add(label + " writes the Roman numeral '" + roman + "'");
        }
        Set<String> chinese = new LinkedHashSet<>();
        Matcher han = CHINESE_NUMERAL.matcher(outside);
        while (han.find()) {
            chinese.add(han.group());
        }
        for (String numeral : chinese) {
            reasons.add(label + " writes the Chinese numeral '" + numeral + "'");
        }
    }

    /**
     * The placeholder at {@code [start, end)} of {@code text} with the letters and numbers glued to
     * either side of it: just the placeholder when nothing touches it.
     */
    private static String gluedTo(String text, int start, int end) {
        int from = start;
        while (from > 0 && FactSheet.isWordChar(text.codePointBefore(from))) {
            from -= Character.charCount(text.codePointBefore(from));
        }
        int to = end;
        while (to < text.length() && FactSheet.isWordChar(text.codePointAt(to))) {
            to += Character.charCount(text.codePointAt(to));
        }
        return text.substring(from, to);
    }

    /**
     * The words between placeholders with the sheet's names blanked where they stand whole: a
     * source called "Web 2.0" or a rep called "Ten" is not a number, but "Web 2.05" is.
     */
    private String maskNames(String words) {
        StringBuilder masked = new StringBuilder(words);
        for (int[] span : sheet.nameSpans(words)) {
            for (int i = span[0]; i < span[1]; i++) {
                masked.setCharAt(i, ' ');
            }
        }
        return masked.toString();
    }

    /**
     * In each sentence (or clause joined by "while", "but"...), a trend word needs a fact of that
     * direction: "rose" a fact that went up, "improved" a change that is good news. When the
     * sentence holds facts of both directions, the word belongs to the nearest one.
     */
    private void checkDirections(String label, String plain, List<String> reasons) {
        String text = NOT_A_TREND.matcher(plain).replaceAll(" ");
        for (String sentence : SENTENCE.split(text)) {
            List<int[]> positions = new ArrayList<>();
            List<Fact> facts = new ArrayList<>();
            Matcher marker = MARKER.matcher(sentence);
            while (marker.find()) {
                facts.add(sheet.fact(marker.group(1)).orElseThrow());
                positions.add(new int[] {marker.start(), marker.end()});
            }
            // The ids' own words ("open_pipeline_change") are no claim: blanked, same length.
            String words = MARKER.matcher(sentence).replaceAll(m -> " ".repeat(m.group().length()));
            Matcher word = WORD.matcher(words);
            while (word.find()) {
                String w = word.group().toLowerCase(Locale.ROOT);
                Claim claim = Claim.of(w);
                if (claim == null) {
                    continue;
                }
                List<Fact> candidates = new ArrayList<>();
                List<Integer> distances = new ArrayList<>();
                for (int i = 0; i < facts.size(); i++) {
                    if (facts.get(i).direction() != null) {
                        candidates.add(facts.get(i));
                        int[] p = positions.get(i);
                        distances.add(
                                word.start() >= p[1] ? word.start() - p[1] : p[0] - word.end());
                    }
                }
                if (candidates.isEmpty()) {
                    reasons.add(
                            label
                                    + " says '"
                                    + w
                                    + "' about no fact that has a direction"
                                    + (facts.isEmpty()
                                            ? ""
                                            : " (" + ids(facts) + " have no comparison)"));
                    continue;
                }
                boolean anyAgrees = candidates.stream().anyMatch(claim::agrees);
                boolean allAgree = candidates.stream().allMatch(claim::agrees);
                Fact nearest = candidates.get(0);
                int best = Integer.MAX_VALUE;
                for (int i = 0; i < candidates.size(); i++) {
                    if (distances.get(i) < best) {
                        best = distances.get(i);
                        nearest = candidates.get(i);
                    }
                }
                if (!anyAgrees || (!allAgree && !claim.agrees(nearest))) {
                    Fact wrong = anyAgrees ? nearest : candidates.get(0);
                    reasons.add(
                            label
                                    + " says '"
                                    + w
                                    + "' but {"
                                    + wrong.id()
                                    + "} ("
                                    + wrong.meaning()
                                    + ") "
                                    + movement(wrong));
                }
            }
        }
    }

    private static String ids(List<Fact> facts) {
        return facts.stream().map(Fact::placeholder).collect(Collectors.joining(", "));
    }

    private static String movement(Fact fact) {
        String how =
                switch (fact.direction()) {
                    case UP -> "went up";
                    case DOWN -> "went down";
                    case FLAT -> "did not change";
                };
        Boolean good = fact.goodNews();
        return good == null ? how : how + (good ? ", which is good news" : ", which is bad news");
    }

    /** What a trend word claims. */
    private enum Claim {
        UP,
        DOWN,
        FLAT,
        GOOD,
        BAD;

        static Claim of(String word) {
            if (UP_WORDS.contains(word)) {
                return UP;
            }
            if (DOWN_WORDS.contains(word)) {
                return DOWN;
            }
            if (FLAT_WORDS.contains(word)) {
                return FLAT;
            }
            if (GOOD_WORDS.contains(word)) {
                return GOOD;
            }
            if (BAD_WORDS.contains(word)) {
                return BAD;
            }
            return null;
        }

        boolean agrees(Fact fact) {
            return switch (this) {
                case UP -> fact.direction() == Direction.UP;
                case DOWN -> fact.direction() == Direction.DOWN;
                case FLAT -> fact.direction() == Direction.FLAT;
                case GOOD -> Boolean.TRUE.equals(fact.goodNews());
                case BAD -> Boolean.FALSE.equals(fact.goodNews());
            };
        }
    }

    // --- the whole -----------------------------------------------------------------------------

    private void checkMustMention(SummaryDraft draft, List<String> reasons) {
        Set<String> mentioned = new LinkedHashSet<>();
        draft.texts()
                .forEach(
                        t -> {
                            Matcher m = SummaryRenderer.PLACEHOLDER.matcher(t);
                            while (m.find()) {
                                mentioned.add(m.group(1));
                            }
                        });
        for (Fact fact : sheet.facts()) {
            if (fact.mustMention() && !mentioned.contains(fact.id())) {
                reasons.add(
                        "the summary leaves out {"
                                + fact.id()
                                + "} ("
                                + fact.meaning()
                                + "), which it must mention");
            }
        }
    }

    private void checkRendered(SummaryDraft draft, List<String> reasons) {
        SummaryRenderer.Reports reports = renderer.render(draft);
        if (reports.whatsApp().length() > whatsAppMaxChars) {
            reasons.add(
                    "the WhatsApp report is "
                            + reports.whatsApp().length()
                            + " characters long (at most "
                            + whatsAppMaxChars
                            + ")");
        }
        for (String stray : renderer.strayNumbers(reports.whatsApp())) {
            reasons.add("the WhatsApp report holds '" + stray + "', which is no fact's display");
        }
        for (String stray : renderer.strayNumbers(reports.dashboardMarkdown())) {
            reasons.add("the dashboard report holds '" + stray + "', which is no fact's display");
        }
    }

    /**
     * The first character of {@code text} that a report may not carry, as a code point: a control
     * character other than a line break or a tab (NUL among them, which PostgreSQL cannot store),
     * or an unpaired surrogate; {@code -1} when there is none.
     */
    private static int firstControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
                return c;
            }
            if (Character.isHighSurrogate(c)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return c;
            }
        }
        return -1;
    }
}
