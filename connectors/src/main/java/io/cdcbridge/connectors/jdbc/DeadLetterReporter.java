package io.cdcbridge.connectors.jdbc;

import io.cdcbridge.connectors.deadletter.DeadLetter;
import io.cdcbridge.connectors.deadletter.DeadLetterQueue;
import io.cdcbridge.connectors.jdbc.dialect.Dialect;
import java.sql.SQLException;
import java.util.Arrays;
import org.apache.flink.metrics.Counter;

/**
 * A refused row to the dead-letter topic: key and row as JSON, headers with the reason, the SQL state, the
 * statement, the target table and the row kind. Letters are acknowledged at {@link #flush()}, before the
 * checkpoint that skips their rows completes.
 */
final class DeadLetterReporter implements RefusalReporter {

    private final JdbcSinkConfig config;
    private final String statement;
    private final DeadLetterQueue queue;
    private final Counter deadLettered;
    private final int[] keyPositions;

    /** @param statement the Flink job's name, which names the cdcbridge statement */
    DeadLetterReporter(JdbcSinkConfig config, String statement, DeadLetterQueue queue, Counter deadLettered) {
        this.config = config;
        this.statement = statement;
        this.queue = queue;
        this.deadLettered = deadLettered;
        this.keyPositions = config.table().keyPositions();
    }

    @Override
    public void report(Change change, String reason, SQLException error) {
        queue.send(letter(change, reason, error), "a " + change.kind().shortString() + " row of " + config.table().displayName());
        deadLettered.inc();
    }

    /** The letter of a refused row. */
    DeadLetter letter(Change change, String reason, SQLException error) {
        return DeadLetter.of(RowValues.json(config.table().keyColumns(), change.pick(keyPositions)),
                        RowValues.json(config.table().columns(), Arrays.asList(change.values())), reason)
                .with(DeadLetter.SQL_STATE, error == null ? null : Dialect.sqlState(error))
                .with(DeadLetter.STATEMENT, statement)
                .with(DeadLetter.TARGET_TABLE, config.table().displayName())
                .with(DeadLetter.ROW_KIND, change.kind().shortString());
    }

    @Override
    public void flush() {
        queue.flush();
    }

    @Override
    public void close() {
        queue.close();
    }
}
