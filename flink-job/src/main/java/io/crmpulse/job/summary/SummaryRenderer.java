package io.crmpulse.job.summary;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a {@link SummaryDraft} into the two reports, replacing each {@code {id}} with its fact's
 * display text: the dashboard's markdown (a few paragraphs, then the numbers) and the WhatsApp text
 * (at most {@value #WHATSAPP_MAX_CHARS} characters, at most {@value #WHATSAPP_MAX_BULLETS} bullets,
 * no emojis).
 *
 * <p>The model's words are untrusted: emojis are dropped, and markdown's special characters are
 * escaped in the dashboard. The job's own parts (the day, the bullets) carry no number but the
 * facts' display texts, so that every number in a report is one of the sheet's. The dashboard
 * report comes with a {@link Mark} for each of them, which the page shows as the fact it came from.
 */
public final class SummaryRenderer {

    public static final int WHATSAPP_MAX_CHARS = 1600;
    public static final int WHATSAPP_MAX_BULLETS = 5;

    static final Pattern PLACEHOLDER = Pattern.compile("\\{(" + Fact.ID.pattern() + ")\\}");
    private static final Pattern NUMBER = Pattern.compile("\\p{N}(?:[\\p{N},.]*\\p{N})?");
    private static final Pattern MARKDOWN_SPECIAL = Pattern.compile("([\\\\`*_\\[\\]<>#|])");

    /**
     * The two reports, and where the dashboard report's numbers are.
     *
     * @param dashboardMarks every fact display text the renderer put into {@code
     *     dashboardMarkdown}, in order
     */
    public record Reports(String dashboardMarkdown, String whatsApp, List<Mark> dashboardMarks) {
        public Reports {
            dashboardMarks = List.copyOf(dashboardMarks);
        }
    }

    /**
     * A number of a report: {@code report.substring(start, end)} is the display text of the fact
     * {@code fact}. Offsets count UTF-16 code units, as Java's and JavaScript's strings do.
     */
    public record Mark(int start, int end, String fact) {}

    private final FactSheet sheet;

    public SummaryRenderer(FactSheet sheet) {
        this.sheet = sheet;
    }

    public Reports render(SummaryDraft draft) {
        MarkedText dashboard = dashboard(draft);
        return new Reports(dashboard.text(), whatsApp(draft), dashboard.marks());
    }

    String whatsApp(SummaryDraft draft) {
        MarkedText out = new MarkedText();
        day(out.append("*CRM Pulse, ")).append("*\n");
        fill(draft.headline(), false, out).append("\n\n");
        for (SummaryDraft.Passage point : draft.points()) {
            fill(point.text(), false, out.append("- ")).append("\n");
        }
        out.append("\nActions:\n");
        for (SummaryDraft.Passage action : draft.actions()) {
            fill(action.text(), false, out.append("- ")).append("\n");
        }
        return out.text().strip();
    }

    MarkedText dashboard(SummaryDraft draft) {
        MarkedText out = new MarkedText();
        day(out.append("## CRM Pulse: ")).append("\n\n");
        fill(draft.headline(), true, out.append("**")).append("**\n\n");
        for (SummaryDraft.Passage point : draft.points()) {
            fill(point.text(), true, out).append("\n\n");
        }
        out.append("### Next steps\n\n");
        for (SummaryDraft.Passage action : draft.actions()) {
            fill(action.text(), true, out.append("- ")).append("\n");
        }
        out.append("\n### The numbers\n\n");
        for (Fact fact : sheet.facts()) {
            if (fact.id().equals(FactSheet.DAY)) {
                continue;
            }
            out.append("- ")
                    .append(escape(capitalize(fact.meaning())))
                    .append(": ")
                    .fact(fact)
                    .append("\n");
        }
        // Only the trailing line breaks go: no mark moves.
        out.stripTrailing();
        return out.append("\n");
    }

    /** Counts the WhatsApp report's bullets. */
    static int bullets(String whatsApp) {
        return (int) whatsApp.lines().filter(l -> l.startsWith("- ")).count();
    }

    /** The day's heading: its fact when the sheet has one (always, when built from numbers). */
    private MarkedText day(MarkedText out) {
        Optional<Fact> day = sheet.fact(FactSheet.DAY);
        return day.isPresent() ? out.fact(day.get()) : out.append(FactSheet.day(sheet.day()));
    }

    /**
     * Appends the text with its placeholders replaced; unknown ids stay as they are (the
     * validator).
     */
    private MarkedText fill(String text, boolean markdown, MarkedText out) {
        String clean = withoutEmojis(text).replaceAll("\\s+", " ").strip();
        Matcher m = PLACEHOLDER.matcher(clean);
        int last = 0;
        while (m.find()) {
            String words = clean.substring(last, m.start());
            out.append(markdown ? escape(words) : words);
            Optional<Fact> fact = sheet.fact(m.group(1));
            if (fact.isPresent()) {
                out.fact(fact.get());
            } else {
                out.append(m.group());
            }
            last = m.end();
        }
        String rest = clean.substring(last);
        return out.append(markdown ? escape(rest) : rest);
    }

    /** A report being written, and where its facts' display texts went. */
    static final class MarkedText {
        private final StringBuilder text = new StringBuilder();
        private final List<Mark> marks = new ArrayList<>();

        MarkedText append(String words) {
            text.append(words);
            return this;
        }

        MarkedText fact(Fact fact) {
            int start = text.length();
            text.append(fact.display());
            if (!fact.display().isEmpty()) {
                marks.add(new Mark(start, text.length(), fact.id()));
            }
            return this;
        }

        void stripTrailing() {
            text.setLength(text.toString().stripTrailing().length());
        }

        String text() {
            return text.toString();
        }

        List<Mark> marks() {
            return marks;
        }
    }

    private static String escape(String words) {
        return MARKDOWN_SPECIAL.matcher(words).replaceAll("\\\\$1");
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** Drops emoji and pictographs, with their joiners, variation selectors and keycaps. */
    static String withoutEmojis(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints()
                .filter(
                        cp ->
                                Character.getType(cp) != Character.OTHER_SYMBOL
                                        && Character.getType(cp) != Character.SURROGATE
                                        && Character.getType(cp) != Character.PRIVATE_USE
                                        && cp != 0x200D
                                        && cp != 0x20E3
                                        && !(cp >= 0xFE00 && cp <= 0xFE0F)
                                        && !(cp >= 0x1F3FB && cp <= 0x1F3FF))
                .forEach(out::appendCodePoint);
        return out.toString();
    }

    /**
     * The numbers (any character of Unicode category N) in {@code rendered} that are part of no
     * fact's display text and of no name where the name stands whole: numbers the job did not
     * supply. Empty when the text is grounded.
     */
    List<String> strayNumbers(String rendered) {
        List<int[]> spans = new ArrayList<>(sheet.nameSpans(rendered));
        for (Fact fact : sheet.facts()) {
            String display = fact.display();
            if (display.isEmpty()) {
                continue;
            }
            for (int i = rendered.indexOf(display); i >= 0; i = rendered.indexOf(display, i + 1)) {
                spans.add(new int[] {i, i + display.length()});
            }
        }
        List<String> stray = new ArrayList<>();
        // A whole number token must sit inside one display: "13" is not "1" next to "3".
        Matcher m = NUMBER.matcher(rendered);
        while (m.find()) {
            int start = m.start();
            int end = m.end();
            if (spans.stream().noneMatch(s -> s[0] <= start && end <= s[1])) {
                stray.add(m.group());
            }
        }
        return stray;
    }
}
