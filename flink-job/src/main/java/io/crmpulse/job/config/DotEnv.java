package io.crmpulse.job.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@code .env} file in the working directory, read the way the old scripts' loaders (dotenv for
 * Node, python-dotenv) read it, so that their file works unchanged: {@code KEY=VALUE} lines, an
 * optional {@code export } in front, blank lines and {@code #} comments; a value in single quotes
 * is taken as it is, one in double quotes knows {@code \n}, {@code \t}, {@code \"} and {@code \\},
 * and an unquoted one ends at {@code " #"} and is trimmed. A value over several lines is not read.
 *
 * <p>dotenv-java, the usual Java library, refuses {@code export} and keeps single quotes as part of
 * the value, so a file the scripts read would read differently here.
 */
public final class DotEnv {

    /** The file's name, in the working directory. */
    public static final String FILE = ".env";

    private static final Pattern LINE =
            Pattern.compile("^\\s*(?:export\\s+)?([A-Za-z_][A-Za-z0-9_.]*)\\s*=\\s*(.*?)\\s*$");
    private static final Pattern SINGLE = Pattern.compile("^'([^']*)'(?:\\s+#.*)?$");
    private static final Pattern DOUBLE =
            Pattern.compile("^\"((?:[^\"\\\\]|\\\\.)*)\"(?:\\s+#.*)?$");

    private static final Logger LOG = LoggerFactory.getLogger(DotEnv.class);

    private DotEnv() {}

    /**
     * The environment the job reads: the variables of {@code file}, if it exists, under those of
     * the process, which win.
     *
     * @throws ConfigException naming the line (never its value, which may be a secret) when a line
     *     is not {@code KEY=VALUE}, or the file cannot be read
     */
    public static Map<String, String> under(Map<String, String> process, Path file) {
        if (!Files.isRegularFile(file)) {
            return process;
        }
        Map<String, String> fromFile = read(file);
        Map<String, String> merged = new HashMap<>(fromFile);
        merged.putAll(process);
        long overridden = fromFile.keySet().stream().filter(process::containsKey).count();
        LOG.info(
                "Read {} variables from {}; {} of them are set in the environment too, which wins",
                fromFile.size(),
                file.toAbsolutePath(),
                overridden);
        return Collections.unmodifiableMap(merged);
    }

    /** The variables of {@code file}, in its order. */
    static Map<String, String> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> variables = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.strip().startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            String value = m.matches() ? value(m.group(2)) : null;
            if (value == null) {
                throw new ConfigException(
                        file
                                + " line "
                                + (i + 1)
                                + " is not KEY=VALUE"
                                + (m.matches() ? " (" + m.group(1) + ": an unclosed quote?)" : "")
                                + "; its value is not shown, since it may be a secret");
            }
            variables.put(m.group(1), value);
        }
        return variables;
    }

    private static String value(String text) {
        if (text.startsWith("'")) {
            Matcher m = SINGLE.matcher(text);
            return m.matches() ? m.group(1) : null;
        }
        if (text.startsWith("\"")) {
            Matcher m = DOUBLE.matcher(text);
            return m.matches() ? unescape(m.group(1)) : null;
        }
        int comment = text.indexOf(" #");
        return (comment < 0 ? text : text.substring(0, comment)).strip();
    }

    private static String unescape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\' || i + 1 == text.length()) {
                out.append(c);
                continue;
            }
            char next = text.charAt(++i);
            switch (next) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case '"', '\\' -> out.append(next);
                default -> out.append('\\').append(next);
            }
        }
        return out.toString();
    }
}
