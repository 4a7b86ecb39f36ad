package io.cdcbridge.connectors.kafka;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/** The lines one logger writes while this is open, as the server log would show them (the message alone). */
final class LogLines extends AbstractAppender implements AutoCloseable {

    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final LoggerConfig logger;

    private LogLines(String loggerName) {
        super("capture-" + loggerName, null, null, true, Property.EMPTY_ARRAY);
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        LoggerConfig config = new LoggerConfig(loggerName, Level.ALL, true);
        context.getConfiguration().addLogger(loggerName, config);
        this.logger = config;
        start();
        logger.addAppender(this, Level.ALL, null);
        context.updateLoggers();
    }

    static LogLines of(Class<?> type) {
        return new LogLines(type.getName());
    }

    @Override
    public void append(LogEvent event) {
        lines.add(event.getMessage().getFormattedMessage());
    }

    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        logger.removeAppender(getName());
        context.getConfiguration().removeLogger(logger.getName());
        context.updateLoggers();
        stop();
    }
}
