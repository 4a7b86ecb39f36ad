package io.cdcbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.Test;

/** The console keeps one line per event, secrets masked; stack traces go to the server log only. */
class ConsoleLogTest {

    @Test
    void anExceptionIsOneLineOnTheConsole() throws Exception {
        // the shipped configuration in a context of its own: the JVM's global one depends on what ran before
        LoggerContext context = new LoggerContext("console-log-test");
        context.setConfigLocation(ConsoleLogTest.class.getResource("/log4j2.xml").toURI());
        context.start();
        Layout<?> layout;
        try {
            ConsoleAppender console = context.getConfiguration().getAppender("stderr");
            layout = console.getLayout();
        } finally {
            context.stop();
        }
        RuntimeException failure = new RuntimeException("reading slot failed, password=hunter2",
                new IOException("Connection reset by peer"));

        String line = (String) layout.toSerializable(Log4jLogEvent.newBuilder()
                .setLoggerName("org.apache.flink.runtime.taskmanager.Task").setLevel(Level.ERROR)
                .setTimeMillis(0).setMessage(new SimpleMessage("Source: customers (1/1) switched to FAILED"))
                .setThrown(failure).build());
        String plain = (String) layout.toSerializable(Log4jLogEvent.newBuilder()
                .setLoggerName("io.cdcbridge.control.statement.StatementService").setLevel(Level.INFO)
                .setTimeMillis(0).setMessage(new SimpleMessage("Statement gen runs as job 1")).build());

        assertThat(line).endsWith(" ERROR Task - Source: customers (1/1) switched to FAILED: "
                + "reading slot failed, password=******" + System.lineSeparator()).hasLineCount(1);
        assertThat(plain).endsWith(" INFO  StatementService - Statement gen runs as job 1" + System.lineSeparator());
    }
}
