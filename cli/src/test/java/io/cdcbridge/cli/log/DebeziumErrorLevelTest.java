package io.cdcbridge.cli.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcbridge.cli.support.LoggedErrors;
import org.apache.logging.log4j.LogManager;
import org.junit.jupiter.api.Test;

/** The log configuration the cli ships: Debezium's "Producer failure" of a stopped task is no error; others are. */
class DebeziumErrorLevelTest {

    @Test
    void debeziumsErrorHandlerLogsAtWarnAndOtherLibrariesErrorsStayErrors() {
        try (LoggedErrors errors = new LoggedErrors()) {
            LogManager.getLogger("io.debezium.pipeline.ErrorHandler").error("Producer failure",
                    new IllegalStateException("Database connection failed when reading from copy"));
            LogManager.getLogger("io.debezium.connector.postgresql.PostgresStreamingChangeEventSource").error("a real error");
            assertThat(errors.lines()).containsExactly(
                    "io.debezium.connector.postgresql.PostgresStreamingChangeEventSource - a real error");
        }
    }
}
