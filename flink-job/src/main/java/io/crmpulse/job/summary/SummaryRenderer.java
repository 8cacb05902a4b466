package io.crmpulse.job.summary;

import java.util.ArrayList;
import java.util.List;
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
 * facts' display texts, so that every number in a report is one of the sheet's.
 */
public final class SummaryRenderer {

    public static final int WHATSAPP_MAX_CHARS = 1600;
    public static final int WHATSAPP_MAX_BULLETS = 5;

    static final Pattern PLACEHOLDER = Pattern.compile("\\{(" + Fact.ID.pattern() + ")\\}");
    private static final Pattern NUMBER = Pattern.compile("\\p{N}(?:[\\p{N},.]*\\p{N})?");
    private static final Pattern MARKDOWN_SPECIAL = Pattern.compile("([\\\\`*_\\[\\]<>#|])");

    /** The two reports. */
    public record Reports(String dashboardMarkdown, String whatsApp) {}

    private final FactSheet sheet;

    public SummaryRenderer(FactSheet sheet) {
        this.sheet = sheet;
    }

    public Reports render(SummaryDraft draft) {
        return new Reports(dashboard(draft), whatsApp(draft));
    }

    String whatsApp(SummaryDraft draft) {
        StringBuilder out = new StringBuilder();
        out.append("*CRM Pulse, ").append(day()).append("*\n");
        out.append(fill(draft.headline(), false)).append("\n\n");
        for (SummaryDraft.Passage point : draft.points()) {
            out.append("- ").append(fill(point.text(), false)).append('\n');
        }
        out.append("\nActions:\n");
        for (SummaryDraft.Passage action : draft.actions()) {
            out.append("- ").append(fill(action.text(), false)).append('\n');
        }
        return out.toString().strip();
    }

    String dashboard(SummaryDraft draft) {
        StringBuilder out = new StringBuilder();
        out.append("## CRM Pulse: ").append(day()).append("\n\n");
        out.append("**").append(fill(draft.headline(), true)).append("**\n\n");
        for (SummaryDraft.Passage point : draft.points()) {
            out.append(fill(point.text(), true)).append("\n\n");
        }
        out.append("### Next steps\n\n");
        for (SummaryDraft.Passage action : draft.actions()) {
            out.append("- ").append(fill(action.text(), true)).append('\n');
        }
        out.append("\n### The numbers\n\n");
        for (Fact fact : sheet.facts()) {
            if (fact.id().equals(FactSheet.DAY)) {
                continue;
            }
            out.append("- ")
                    .append(escape(capitalize(fact.meaning())))
                    .append(": ")
                    .append(fact.display())
                    .append('\n');
        }
        return out.toString().strip() + "\n";
    }

    /** Counts the WhatsApp report's bullets. */
    static int bullets(String whatsApp) {
        return (int) whatsApp.lines().filter(l -> l.startsWith("- ")).count();
    }

    private String day() {
        return sheet.fact(FactSheet.DAY).map(Fact::display).orElse(FactSheet.day(sheet.day()));
    }

    /** The text with its placeholders replaced; unknown ids stay as they are (the validator). */
    private String fill(String text, boolean markdown) {
        String clean = withoutEmojis(text).replaceAll("\\s+", " ").strip();
        Matcher m = PLACEHOLDER.matcher(clean);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (m.find()) {
            String words = clean.substring(last, m.start());
            out.append(markdown ? escape(words) : words);
            out.append(sheet.fact(m.group(1)).map(Fact::display).orElse(m.group()));
            last = m.end();
        }
        String rest = clean.substring(last);
        out.append(markdown ? escape(rest) : rest);
        return out.toString();
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
