package io.crmpulse.job.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Flink SQL file of {@code sql/flink/}, read from the classpath: its statements, with {@code
 * ${name}} placeholders filled in. Statements end with a semicolon at the end of a line; {@code --}
 * comments are dropped.
 */
public final class FlinkSqlScript {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-zA-Z0-9_.]+)}");

    private final String name;
    private final String text;

    private FlinkSqlScript(String name, String text) {
        this.name = name;
        this.text = text;
    }

    /** Reads {@code sql/flink/<file>} from the classpath. */
    public static FlinkSqlScript load(String file) {
        String resource = "sql/flink/" + file;
        try (InputStream in = FlinkSqlScript.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the classpath");
            }
            return new FlinkSqlScript(
                    resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
    }

    static FlinkSqlScript of(String name, String text) {
        return new FlinkSqlScript(name, text);
    }

    /**
     * The statements, with every placeholder replaced by its value.
     *
     * @throws IllegalArgumentException if the script uses a placeholder that has no value
     */
    public List<String> statements(Map<String, String> values) {
        StringBuilder withoutComments = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            String trimmed = line.strip();
            if (!trimmed.startsWith("--")) {
                withoutComments.append(line).append('\n');
            }
        }
        List<String> statements = new ArrayList<>();
        for (String statement : withoutComments.toString().split(";\\s*\n")) {
            String sql = statement.strip();
            if (sql.endsWith(";")) {
                sql = sql.substring(0, sql.length() - 1).strip();
            }
            if (!sql.isEmpty()) {
                statements.add(fill(sql, values));
            }
        }
        return statements;
    }

    private String fill(String sql, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException(
                        name + " uses ${" + m.group(1) + "}, which has no value");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value.replace("'", "''")));
        }
        m.appendTail(out);
        return out.toString();
    }
}
