package io.crmpulse.sinks.postgres;

/**
 * What a PostgreSQL {@code text} column can hold, for values that come from outside the job.
 *
 * <p>PostgreSQL refuses the NUL character in text: the statement fails with SQLSTATE 22021
 * ("invalid byte sequence for encoding UTF8: 0x00"), and JSON carries it as {@code \u0000}. A Java
 * string can also hold an unpaired UTF-16 surrogate (JSON's {@code \ud800} decodes to one), which
 * is not a Unicode character: pgjdbc encodes parameters with {@code String.getBytes(UTF_8)}, which
 * writes it as {@code ?}, so the table would silently hold another value than the job.
 */
public final class PostgresText {

    /** What stands in for a character that cannot be stored: U+FFFD, the replacement character. */
    public static final char REPLACEMENT = '\uFFFD';

    private PostgresText() {}

    /**
     * Why {@code text} cannot be stored as it is, naming its first such character; {@code null}
     * when it can (or is null).
     */
    public static String problem(String text) {
        int at = firstUnstorable(text);
        if (at < 0) {
            return null;
        }
        char c = text.charAt(at);
        if (c == '\0') {
            return "a NUL character (U+0000), which PostgreSQL text cannot store";
        }
        return String.format(
                "an unpaired UTF-16 surrogate (U+%04X), which is not a Unicode character", (int) c);
    }

    /**
     * {@code text} with every NUL character and unpaired surrogate replaced by {@link
     * #REPLACEMENT}: replaced rather than dropped, so that a reader sees where one was and two
     * values that differ only there stay different. The same string when nothing is replaced.
     */
    public static String storable(String text) {
        int at = firstUnstorable(text);
        if (at < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length()).append(text, 0, at);
        for (int i = at; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                out.append(REPLACEMENT);
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append(REPLACEMENT);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The index of the first character that cannot be stored, or -1. */
    private static int firstUnstorable(String text) {
        if (text == null) {
            return -1;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                return i;
            }
            if (Character.isHighSurrogate(c)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }
}
