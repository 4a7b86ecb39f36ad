package io.cdcbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped log configuration writes a file only where the server asks for one (its workspace): owner-only, masked,
 * rolled over by size.
 */
class LogFileTest {

    private static final String PROPERTY = "cdcbridge.log.file";

    @TempDir
    Path dir;

    @AfterEach
    void clear() {
        System.clearProperty(PROPERTY);
        System.clearProperty("cdcbridge.log.max-size");
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

    @Test
    void theServersLogIsOwnerOnlyMaskedAndRolledOverBySize() throws Exception {
        Path file = dir.resolve("logs").resolve("server.log");
        System.setProperty(PROPERTY, file.toString());
        System.setProperty("cdcbridge.log.max-size", "2 KB");
        logThroughShippedConfiguration("{database.password=Pw-Rot-123, database.dbname=postgres} connecting", 100);
        assertThat(file.resolveSibling("server.log.1")).exists();
        assertThat(file.getParent().toFile().list()).hasSize(6); // server.log and the 5 kept
        for (String name : file.getParent().toFile().list()) {
            Path f = file.resolveSibling(name);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(name).isEqualTo("rw-------");
            assertThat(f).content().as(name).contains("{database.password=******, database.dbname=postgres} connecting")
                    .doesNotContain("Pw-Rot-123");
        }
    }

    private static void logThroughShippedConfiguration(String message) throws URISyntaxException {
        logThroughShippedConfiguration(message, 1);
    }

    private static void logThroughShippedConfiguration(String message, int times) throws URISyntaxException {
        LoggerContext context = new LoggerContext("log-file-test");
        context.setConfigLocation(LogFileTest.class.getResource("/log4j2.xml").toURI());
        context.start();
        try {
            for (int i = 0; i < times; i++) {
                context.getLogger("org.example.library").info(message);
                context.getLogger("io.cdcbridge.example").info(message);
            }
        } finally {
            context.stop();
        }
    }
}
