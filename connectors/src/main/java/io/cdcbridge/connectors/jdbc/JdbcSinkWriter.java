package io.cdcbridge.connectors.jdbc;

import io.cdcbridge.connectors.deadletter.DeadLetter;
import io.cdcbridge.connectors.deadletter.DeadLetterOptions;
import io.cdcbridge.connectors.deadletter.DeadLetterQueue;
import io.cdcbridge.connectors.jdbc.dialect.Column;
import io.cdcbridge.connectors.jdbc.dialect.Dialect;
import io.cdcbridge.connectors.jdbc.dialect.Dialects;
import java.io.IOException;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.apache.flink.table.data.RowData;
import org.apache.flink.types.RowKind;

/**
 * Buffers a changelog by key and writes it to the target in batches: when max-rows keys wait, when the oldest
 * has waited for the flush interval, and at every checkpoint (flush), so that nothing a checkpoint acknowledges is
 * still in memory. UPDATE_BEFORE rows are dropped: the UPDATE_AFTER that follows carries the whole row. Rows the
 * database refuses go to the dead-letter topic, or fail the job when there is none.
 */
final class JdbcSinkWriter implements SinkWriter<RowData> {

    private final JdbcSinkConfig config;
    private final ProcessingTimeService time;
    private final String statement;
    private final RowValues rowValues;
    private final ChangeBuffer buffer;
    private final JdbcTarget target;
    private final DeadLetterQueue deadLetters;
    private final int versionPosition;
    private final int[] keyPositions;
    private final List<Column> keyColumns;
    private final Counter written;
    private final Counter deadLettered;
    private boolean timerPending;

    /**
     * @param statement the Flink job's name, which names the cdcbridge statement in dead letters
     * @param expiresTombstones whether this subtask cleans up expired tombstones (one per job does)
     */
    JdbcSinkWriter(JdbcSinkConfig config, ProcessingTimeService time, SinkWriterMetricGroup metrics, String statement,
                   boolean expiresTombstones) {
        this.config = config;
        this.time = time;
        this.statement = statement;
        Dialect dialect = Dialects.forUrl(config.url());
        List<Column> columns = config.table().columns();
        this.rowValues = new RowValues(columns);
        this.keyColumns = config.table().keyColumns();
        this.keyPositions = config.table().keyPositions();
        this.versionPosition = config.version().map(v -> config.table().indexOf(v)).orElse(-1);
        this.buffer = new ChangeBuffer(keyPositions);
        this.target = new JdbcTarget(config, dialect, SinkModel.of(config, dialect), expiresTombstones);
        this.deadLetters = config.deadLetterTarget().map(DeadLetterQueue::open).orElse(null);
        this.written = metrics.getNumRecordsSendCounter();
        this.deadLettered = metrics.counter("cdcbridgeDeadLetters");
    }

    @Override
    @SuppressWarnings("unchecked")
    public void write(RowData row, Context context) throws IOException, InterruptedException {
        RowKind kind = row.getRowKind();
        if (kind == RowKind.UPDATE_BEFORE) return;
        if (kind == RowKind.DELETE && config.deleteMode() == DeleteMode.IGNORE) return;
        Object[] values = rowValues.of(row);
        Comparable<Object> version = versionPosition < 0 ? null : (Comparable<Object>) values[versionPosition];
        Change change = new Change(kind, values, version);
        if (versionPosition >= 0 && version == null) {
            // without a version the guard cannot say whether the change is stale
            refuse(change, "the version column '" + config.versionColumn() + "' is NULL", null);
            return;
        }
        buffer.add(change);
        if (buffer.size() >= config.maxRows()) {
            flushBuffer();
        } else if (!timerPending && !config.interval().isZero()) {
            timerPending = true;
            time.registerTimer(time.getCurrentProcessingTime() + config.interval().toMillis(), at -> {
                timerPending = false;
                flushBuffer();
            });
        }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        flushBuffer();
        // dead letters are acknowledged before the checkpoint that skips their rows completes
        if (deadLetters != null) deadLetters.flush();
    }

    private void flushBuffer() throws IOException, InterruptedException {
        if (buffer.isEmpty()) return;
        List<Change> batch = buffer.drain();
        List<JdbcTarget.Refusal> refused = target.write(batch);
        written.inc(batch.size() - refused.size());
        for (JdbcTarget.Refusal r : refused) refuse(r.change(), Dialect.describe(r.error()), r.error());
    }

    // A row that cannot be written: to the dead-letter topic, or the end of the job when there is none.
    private void refuse(Change change, String reason, SQLException error) throws IOException {
        List<Object> key = change.pick(keyPositions);
        if (deadLetters == null) {
            throw new IOException("cdcbridge-jdbc: table " + config.table().displayName() + " refused the row with key "
                    + RowValues.jsonText(keyColumns, key) + ": " + reason + ". Set '" + DeadLetterOptions.TOPIC.key()
                    + "' to send refused rows to a dead-letter topic instead of failing the job", error);
        }
        DeadLetter letter = DeadLetter.of(RowValues.json(keyColumns, key),
                        RowValues.json(config.table().columns(), Arrays.asList(change.values())), reason)
                .with(DeadLetter.SQL_STATE, error == null ? null : Dialect.sqlState(error))
                .with(DeadLetter.STATEMENT, statement)
                .with(DeadLetter.TARGET_TABLE, config.table().displayName())
                .with(DeadLetter.ROW_KIND, change.kind().shortString());
        deadLetters.send(letter);
        deadLettered.inc();
    }

    @Override
    public void close() throws Exception {
        try {
            target.close();
        } finally {
            if (deadLetters != null) deadLetters.close();
        }
    }
}
