package io.cdcbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped log configuration writes a file only where the server asks for one (its workspace). */
class LogFileTest {

    private static final String PROPERTY = "cdcbridge.log.file";

    @TempDir
    Path dir;

    @AfterEach
    void clear() {
        System.clearProperty(PROPERTY);
    }

    @Test
    void withoutTheServersLogFileNothingIsWrittenToTheWorkingDirectory() throws Exception {
        System.clearProperty(PROPERTY);
        logThroughShippedConfiguration("a demo or a client logs");
        assertThat(Path.of("${sys:" + PROPERTY + "}")).doesNotExist();
        assertThat(Path.of(".").toFile().list((d, name) -> name.contains("${"))).isEmpty();
    }

    @Test
    void theServersLogFileReceivesLibrariesAndOwnMessages() throws Exception {
        Path file = dir.resolve("logs").resolve("server.log");
        System.setProperty(PROPERTY, file.toString());
        logThroughShippedConfiguration("the server logs");
        assertThat(file).content().contains("INFO  [main] org.example.library - the server logs")
                .contains("io.cdcbridge.example - the server logs");
    }

    private static void logThroughShippedConfiguration(String message) throws URISyntaxException {
        LoggerContext context = new LoggerContext("log-file-test");
        context.setConfigLocation(LogFileTest.class.getResource("/log4j2.xml").toURI());
        context.start();
        try {
            context.getLogger("org.example.library").info(message);
            context.getLogger("io.cdcbridge.example").info(message);
        } finally {
            context.stop();
        }
    }
}
