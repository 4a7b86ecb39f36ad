package io.cdcbridge.connectors.jdbc;

import io.cdcbridge.connectors.deadletter.DeadLetterQueue;
import java.io.IOException;
import java.sql.SQLException;
import org.apache.flink.metrics.Counter;

/**
 * Where a row the sink cannot write goes, as Kafka Connect's {@code ErrantRecordReporter}: to the dead-letter
 * topic ({@link DeadLetterReporter}) when the table has one, else it ends the job ({@link FailingReporter}).
 */
interface RefusalReporter extends AutoCloseable {

    /** The reporter for a sink's settings. */
    static RefusalReporter of(JdbcSinkConfig config, String statement, Counter deadLettered) {
        return config.deadLetterTarget()
                .<RefusalReporter>map(t -> new DeadLetterReporter(config, statement, DeadLetterQueue.open(t), deadLettered))
                .orElseGet(() -> new FailingReporter(config));
    }

    /**
     * Reports a refused row.
     *
     * @param reason why, in one line
     * @param error what the database said, or null when the sink refused the row itself
     */
    void report(Change change, String reason, SQLException error) throws IOException;

    /** Blocks until every row reported so far is where it goes: called before a checkpoint completes. */
    void flush() throws IOException;

    @Override
    void close();
}
