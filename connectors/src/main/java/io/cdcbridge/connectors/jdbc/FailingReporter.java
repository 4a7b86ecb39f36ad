package io.cdcbridge.connectors.jdbc;

import io.cdcbridge.connectors.deadletter.DeadLetterOptions;
import java.io.IOException;
import java.sql.SQLException;

/** Without a dead-letter topic: a refused row fails the job, naming the table, the row's key and the reason. */
final class FailingReporter implements RefusalReporter {

    private final JdbcSinkConfig config;
    private final int[] keyPositions;

    FailingReporter(JdbcSinkConfig config) {
        this.config = config;
        this.keyPositions = config.table().keyPositions();
    }

    @Override
    public void report(Change change, String reason, SQLException error) throws IOException {
        throw new IOException("cdcbridge-jdbc: table " + config.table().displayName() + " refused the row with key "
                + RowValues.jsonText(config.table().keyColumns(), change.pick(keyPositions)) + ": " + reason + ". Set '"
                + DeadLetterOptions.TOPIC.key() + "' to send refused rows to a dead-letter topic instead of failing the job", error);
    }

    @Override
    public void flush() {
        // nothing is held
    }

    @Override
    public void close() {
        // nothing is held
    }
}
