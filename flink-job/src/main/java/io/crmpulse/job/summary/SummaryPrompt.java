package io.crmpulse.job.summary;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * What the model is asked: the rules, then one line per fact ({@code id | meaning | display |
 * direction | MUST}), and the JSON schema of the answer whose {@code facts} items are an enum of
 * the sheet's ids. Built from a {@link FactSheet} only, so nothing but aggregates and source and
 * rep names can reach the model.
 *
 * @param system the rules
 * @param user the facts (and, on a re-ask, why the last answer was rejected)
 */
public record SummaryPrompt(String system, String user) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final String RULES =
            String.join(
                    "\n",
                    "You write the end-of-day summary of a company's CRM for its CEO.",
                    "Answer with one JSON object: {\"headline\": text, \"points\": [{\"text\":"
                            + " text, \"facts\": [ids]}], \"actions\": [{\"text\": text,"
                            + " \"facts\": [ids]}]}.",
                    "Rules:",
                    "- Never write a number yourself: no digits, no number words (one, two, ten,"
                            + " hundred, thousand, lakh, crore, percent, half, double, twice),"
                            + " no Roman numerals, no % sign and no currency sign.",
                    "- Refer to a number only by its placeholder in braces, exactly as listed,"
                            + " for example {leads_today}, with a space or punctuation on each side. The"
                            + " job replaces each placeholder with the real number.",
                    "- In \"facts\", list the ids a text uses.",
                    "- Say a number went up or down only when its line gives that direction;"
                            + " a fact without a direction has no trend.",
                    "- Mention every fact marked MUST.",
                    "- The headline has at most "
                            + SummaryDraft.MAX_HEADLINE
                            + " characters. Write up to three points and one or two actions,"
                            + " each at most "
                            + SummaryDraft.MAX_TEXT
                            + " characters.",
                    "- Actions are concrete next steps for the sales team; name the rep or the"
                            + " source they concern.",
                    "- Plain sentences: no emojis, no markdown.");

    /** The first ask. */
    public static SummaryPrompt of(FactSheet sheet) {
        StringBuilder user =
                new StringBuilder("Facts of the business day {" + FactSheet.DAY + "}:\n");
        for (Fact fact : sheet.facts()) {
            user.append(fact.id())
                    .append(" | ")
                    .append(fact.meaning())
                    .append(" | ")
                    .append(fact.display());
            if (fact.direction() != null) {
                user.append(" | ").append(direction(fact));
            }
            if (fact.mustMention()) {
                user.append(" | MUST");
            }
            user.append('\n');
        }
        user.append("Write the summary as the JSON object described.");
        return new SummaryPrompt(RULES, user.toString());
    }

    /** The re-ask: the same facts, and the reasons the last answer was rejected. */
    public SummaryPrompt reask(List<String> reasons) {
        StringBuilder again = new StringBuilder(user);
        again.append("\n\nYour previous answer was rejected:\n");
        for (String reason : reasons) {
            again.append("- ").append(reason).append('\n');
        }
        again.append("Write it again, keeping every rule.");
        return new SummaryPrompt(system, again.toString());
    }

    /** SHA-256 of the rules and the facts, as stored in {@code ai_summaries}. */
    public String hash() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(system.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(user.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The {@code format} of the chat: the draft's shape, fact ids as an enum. */
    public static ObjectNode schema(FactSheet sheet) {
        ObjectNode root = JSON.createObjectNode();
        root.put("type", "object");
        ObjectNode properties = root.putObject("properties");
        properties
                .putObject("headline")
                .put("type", "string")
                .put("maxLength", SummaryDraft.MAX_HEADLINE);
        properties.set("points", passages(sheet, 1, SummaryDraft.MAX_POINTS));
        properties.set(
                "actions", passages(sheet, SummaryDraft.MIN_ACTIONS, SummaryDraft.MAX_ACTIONS));
        root.putArray("required").add("headline").add("points").add("actions");
        root.put("additionalProperties", false);
        return root;
    }

    private static ObjectNode passages(FactSheet sheet, int min, int max) {
        ObjectNode array = JSON.createObjectNode();
        array.put("type", "array").put("minItems", min).put("maxItems", max);
        ObjectNode item = array.putObject("items");
        item.put("type", "object");
        ObjectNode properties = item.putObject("properties");
        properties.putObject("text").put("type", "string").put("maxLength", SummaryDraft.MAX_TEXT);
        ObjectNode facts = properties.putObject("facts");
        facts.put("type", "array");
        ArrayNode ids = facts.putObject("items").put("type", "string").putArray("enum");
        sheet.ids().forEach(ids::add);
        item.putArray("required").add("text").add("facts");
        item.put("additionalProperties", false);
        return array;
    }

    private static String direction(Fact fact) {
        String against =
                fact.id().startsWith(FactSheet.OPEN_PIPELINE)
                        ? "since yesterday"
                        : "against the week";
        return switch (fact.direction()) {
            case UP -> "up " + against;
            case DOWN -> "down " + against;
            case FLAT -> "unchanged " + against;
        };
    }
}
