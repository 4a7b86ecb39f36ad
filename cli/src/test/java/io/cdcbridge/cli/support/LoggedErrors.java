package io.cdcbridge.cli.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/** Every event logged at ERROR or above in this JVM while it is open, as "logger - message" lines. */
public final class LoggedErrors extends AbstractAppender implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();

    public LoggedErrors() {
        super("logged-errors", null, null, true, Property.EMPTY_ARRAY);
        start();
        context().getConfiguration().getRootLogger().addAppender(this, Level.ERROR, null);
        context().updateLoggers();
    }

    @Override
    public void append(LogEvent event) {
        lines.add(event.getLoggerName() + " - " + event.getMessage().getFormattedMessage());
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        context().getConfiguration().getRootLogger().removeAppender(getName());
        context().updateLoggers();
        stop();
    }

    private static LoggerContext context() {
        return (LoggerContext) LogManager.getContext(false);
    }
}
