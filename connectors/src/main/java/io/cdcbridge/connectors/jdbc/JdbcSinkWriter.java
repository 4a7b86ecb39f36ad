package io.cdcbridge.connectors.jdbc;

import io.cdcbridge.connectors.jdbc.dialect.Column;
import io.cdcbridge.connectors.jdbc.dialect.Dialect;
import io.cdcbridge.connectors.jdbc.dialect.Dialects;
import io.cdcbridge.connectors.jdbc.dialect.mysql.MySqlDialect;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoField;
import java.time.temporal.Temporal;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.LogicalTypeFamily;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.types.RowKind;

/**
 * Buffers a changelog by key and writes it to the target in batches: when max-rows keys wait, when the oldest
 * has waited for the flush interval, and at every checkpoint (flush), so that nothing a checkpoint acknowledges is
 * still in memory. UPDATE_BEFORE rows are dropped: the UPDATE_AFTER that follows carries the whole row. Rows the
 * database refuses go to the {@link RefusalReporter}: the dead-letter topic, or the end of the job when there is none.
 *
 * <p>A batch is written on a thread of its own while the next one fills: the task thread would otherwise stand
 * still for as long as the database applies the batch (most of a snapshot's time). One batch at most is in flight,
 * so batches reach the target in order; the next flush and a checkpoint wait for it, close abandons it (no checkpoint
 * covers it: it is replayed).
 */
final class JdbcSinkWriter implements SinkWriter<RowData> {

    private final JdbcSinkConfig config;
    private final ProcessingTimeService time;
    private final MailboxExecutor mailbox;
    private final RowValues rowValues;
    private final ChangeBuffer buffer;
    private final JdbcTarget target;
    private final RefusalReporter refusals;
    private final int[] unstorablePositions;
    private final int versionPosition;
    private final Counter written;
    private final Counter upserts;
    private final Counter deletes;
    private boolean timerPending;
    private final ExecutorService flusher;
    private CompletableFuture<Written> inFlight;
    // since when the buffered changes wait (the first one's arrival), and the batch in flight; -1: none. The delay
    // gauge is read on the metric reporter's thread.
    private long bufferedSince = -1;
    private volatile long inFlightSince = -1;
    private volatile long waitingSince = -1;
    private volatile long lastWriteDelay = -1;

    /** The gauge of how long rows wait in the writer until the target has them, in milliseconds. */
    static final String WRITE_DELAY = "cdcbridgeWriteDelayMillis";
    /** Rows the target took as upserts (inserts, updates) and as deletes (hard or soft); retries for outages. */
    static final String UPSERTS = "cdcbridgeUpserts";
    static final String DELETES = "cdcbridgeDeletes";
    static final String RETRIES = "cdcbridgeRetries";

    /** A batch the target has taken, with the rows it refused. */
    private record Written(List<Change> batch, List<JdbcTarget.Refusal> refused) {}

    /**
     * @param job the Flink job's id: its writers share their connections to a database
     * @param statement the Flink job's name, which names the cdcbridge statement in dead letters
     * @param expiresTombstones whether this subtask cleans up expired tombstones (one per job does)
     */
    JdbcSinkWriter(JdbcSinkConfig config, ProcessingTimeService time, MailboxExecutor mailbox, SinkWriterMetricGroup metrics,
                   String job, String statement, boolean expiresTombstones) {
        this.config = config;
        this.time = time;
        this.mailbox = mailbox;
        Dialect dialect = Dialects.forUrl(config.url());
        List<Column> columns = config.table().columns();
        this.rowValues = new RowValues(columns);
        // MySQL and MariaDB have no NaN or infinities; PostgreSQL stores them
        this.unstorablePositions = dialect instanceof MySqlDialect ? IntStream.range(0, columns.size())
                .filter(i -> columns.get(i).type().is(LogicalTypeFamily.APPROXIMATE_NUMERIC)
                        || columns.get(i).type().is(LogicalTypeFamily.DATETIME) && !columns.get(i).type().is(LogicalTypeRoot.TIME_WITHOUT_TIME_ZONE))
                .toArray() : new int[0];
        this.versionPosition = config.version().map(v -> config.table().indexOf(v)).orElse(-1);
        this.buffer = new ChangeBuffer(config.table().keyPositions());
        this.target = new JdbcTarget(job, config, dialect, SinkModel.of(config, dialect), expiresTombstones);
        this.refusals = RefusalReporter.of(config, statement, metrics.counter("cdcbridgeDeadLetters"));
        this.written = metrics.getNumRecordsSendCounter();
        metrics.gauge(WRITE_DELAY, (Gauge<Long>) this::writeDelay);
        this.upserts = metrics.counter(UPSERTS);
        this.deletes = metrics.counter(DELETES);
        metrics.gauge(RETRIES, (Gauge<Long>) target::retries);
        String thread = "cdcbridge-jdbc " + config.table().displayName() + ": batch writer";
        this.flusher = Executors.newSingleThreadExecutor(task -> {
            Thread t = new Thread(task, thread);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    @SuppressWarnings("unchecked")
    public void write(RowData row, Context context) throws IOException, InterruptedException {
        RowKind kind = row.getRowKind();
        if (kind == RowKind.UPDATE_BEFORE) return;
        if (kind == RowKind.DELETE && config.deleteMode() == DeleteMode.IGNORE) return;
        Object[] values = rowValues.of(row);
        String unstorable = unstorable(values);
        if (unstorable != null) {
            refusals.report(new Change(kind, values, null), unstorable, null);
            return;
        }
        Comparable<Object> version = versionPosition < 0 ? null : (Comparable<Object>) values[versionPosition];
        Change change = new Change(kind, values, version);
        if (versionPosition >= 0 && version == null) {
            // without a version the guard cannot say whether the change is stale
            refusals.report(change, "the version column '" + config.versionColumn() + "' is NULL", null);
            return;
        }
        buffer.add(change);
        if (bufferedSince < 0) {
            bufferedSince = System.currentTimeMillis();
            if (inFlightSince < 0) waitingSince = bufferedSince;
        }
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

    // NaN and infinities, and dates out of years 1 to 9999, for a target whose columns cannot hold them: NULL for
    // the floats by option, else the reason the row is refused (the database would refuse it, naming no column)
    private String unstorable(Object[] values) {
        for (int i : unstorablePositions) {
            Object v = values[i];
            String column = config.table().columns().get(i).name();
            if (v instanceof Temporal t) {
                int year = t instanceof Instant instant ? instant.atOffset(ZoneOffset.UTC).getYear() : t.get(ChronoField.YEAR);
                if (year >= 1 && year <= 9999) continue;
                return "column '" + column + "' holds " + v + ", whose year a MySQL/MariaDB DATE or DATETIME column cannot"
                        + " store (it holds the years 1 to 9999)";
            }
            boolean nonFinite = v instanceof Double d ? !Double.isFinite(d) : v instanceof Float f && !Float.isFinite(f);
            if (!nonFinite) continue;
            if (config.nonFiniteFloats() == NonFiniteFloats.NULL) {
                values[i] = null;
            } else {
                return "column '" + column + "' holds " + v + ", which a MySQL/MariaDB FLOAT or DOUBLE"
                        + " column cannot store ('" + JdbcSinkOptions.NON_FINITE_FLOATS.key() + "' = 'null' writes NULL instead)";
            }
        }
        return null;
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        flushBuffer();
        awaitInFlight();
        // dead letters are acknowledged before the checkpoint that skips their rows completes
        refusals.flush();
    }

    // Hands the buffered batch to the batch writer, once the one before is written.
    private void flushBuffer() throws IOException, InterruptedException {
        awaitInFlight();
        if (buffer.isEmpty()) return;
        List<Change> batch = buffer.drain();
        inFlightSince = bufferedSince;
        waitingSince = bufferedSince;
        bufferedSince = -1;
        CompletableFuture<Written> done = new CompletableFuture<>();
        flusher.execute(() -> {
            try {
                done.complete(new Written(batch, target.write(batch)));
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
            // the outcome reaches the task's thread now, not with the next batch: a refused row is dead-lettered, or
            // fails the job, at once also when no more rows come
            try {
                mailbox.execute(() -> {
                    if (inFlight == done) awaitInFlight();
                }, "cdcbridge-jdbc: a batch written");
            } catch (RejectedExecutionException closing) {
                // the task is closing: the batch belongs to no checkpoint and is replayed
            }
        });
        inFlight = done;
    }

    // Waits for the batch in flight; its refused rows are dead-lettered here, on the task's thread.
    private void awaitInFlight() throws IOException, InterruptedException {
        if (inFlight == null) return;
        Written done;
        try {
            done = inFlight.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) throw io;
            if (cause instanceof InterruptedException interrupted) throw interrupted;
            if (cause instanceof RuntimeException runtime) throw runtime;
            if (cause instanceof Error error) throw error;
            throw new IOException(cause);
        } finally {
            inFlight = null;
        }
        lastWriteDelay = System.currentTimeMillis() - inFlightSince;
        inFlightSince = -1;
        waitingSince = bufferedSince;
        written.inc(done.batch().size() - done.refused().size());
        long deleted = done.batch().stream().filter(c -> c.kind() == RowKind.DELETE).count()
                - done.refused().stream().filter(r -> r.change().kind() == RowKind.DELETE).count();
        deletes.inc(deleted);
        upserts.inc(done.batch().size() - done.refused().size() - deleted);
        for (JdbcTarget.Refusal r : done.refused()) refusals.report(r.change(), Dialect.describe(r.error()), r.error());
    }

    // The time the latest batch's first row waited from its arrival until the target had the batch; while rows
    // wait longer than that, how long the oldest has waited so far (a stalled target shows as a growing delay).
    private long writeDelay() {
        long since = waitingSince;
        long last = lastWriteDelay;
        return since < 0 ? last : Math.max(last, System.currentTimeMillis() - since);
    }

    @Override
    public void close() throws Exception {
        // a batch still in flight belongs to no checkpoint: it is replayed; closing the connection ends its statement
        flusher.shutdownNow();
        try {
            target.close();
            flusher.awaitTermination(10, TimeUnit.SECONDS);
        } finally {
            refusals.close();
        }
    }
}
