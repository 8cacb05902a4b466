package io.crmpulse.sinks.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/** Collects what one class logs, as {@code LEVEL message}, while open. */
public final class CapturedLogs implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final AbstractAppender appender;
    private final String loggerName;

    public CapturedLogs(Class<?> source) {
        loggerName = source.getName();
        appender =
                new AbstractAppender(
                        "captured-" + loggerName, null, null, true, Property.EMPTY_ARRAY) {
                    @Override
                    public void append(LogEvent event) {
                        if (event.getLoggerName().equals(loggerName)) {
                            lines.add(
                                    event.getLevel()
                                            + " "
                                            + event.getMessage().getFormattedMessage());
                        }
                    }
                };
        appender.start();
        // A logger of its own, whatever the configuration on the classpath says.
        LoggerConfig config =
                LoggerConfig.newBuilder()
                        .withLoggerName(loggerName)
                        .withLevel(Level.ALL)
                        .withAdditivity(false)
                        .withConfig(context.getConfiguration())
                        .build();
        config.addAppender(appender, Level.ALL, null);
        context.getConfiguration().addLogger(loggerName, config);
        context.updateLoggers();
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        context.getConfiguration().removeLogger(loggerName);
        appender.stop();
        context.updateLoggers();
    }
}
