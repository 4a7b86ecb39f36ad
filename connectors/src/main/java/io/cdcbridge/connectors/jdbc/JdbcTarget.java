package io.cdcbridge.connectors.jdbc;

import io.cdcbridge.connectors.jdbc.dialect.Dialect;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Writes batches to the target, each in a transaction of its own (through {@link TargetConnection}, which retries
 * through outages), with one binder per statement shape. A batch the database refuses is split in halves until the
 * rows it refuses are alone: those are handed back, the rest is written.
 */
final class JdbcTarget implements AutoCloseable {

    /** A row the database refused, and why. */
    record Refusal(Change change, SQLException error) {}

    private final JdbcSinkConfig config;
    private final Dialect dialect;
    private final boolean expiresTombstones;
    private final TargetSchema schema;
    private final TargetConnection connection;
    private SinkModel model;
    // made once the tables are checked: the statements cast to the types the database declares
    private UpsertBinder upsert;
    private DeleteBinder delete;
    private TombstoneBinder tombstone; // null without a tombstone table
    private TombstoneExpiry expiry; // null unless this writer expires tombstones

    /**
     * @param job the job whose writers share their connections to the database
     * @param expiresTombstones whether this writer (one per job) deletes expired tombstones
     */
    JdbcTarget(String job, JdbcSinkConfig config, Dialect dialect, SinkModel model, boolean expiresTombstones) {
        this.config = config;
        this.dialect = dialect;
        this.model = model;
        this.expiresTombstones = expiresTombstones;
        this.schema = new TargetSchema(config, dialect);
        this.connection = new TargetConnection(job, config, dialect, this::prepareTables);
    }

    /**
     * Writes a batch (at most one change per key); returns the rows the database refused, each alone. Blocks, with
     * retries, while the database is unreachable; throws when it is not back after the retries or when an error is
     * neither an outage nor a refused row.
     */
    List<Refusal> write(List<Change> batch) throws IOException, InterruptedException {
        List<Refusal> refused = new ArrayList<>();
        Deque<List<Change>> parts = new ArrayDeque<>();
        parts.push(batch);
        while (!parts.isEmpty()) {
            List<Change> part = parts.pop();
            SQLException refusal = connection.retrying("write " + part.size() + " rows to", c -> writeInTransaction(c, part));
            if (refusal == null) continue;
            if (part.size() == 1) {
                refused.add(new Refusal(part.get(0), refusal));
            } else {
                int half = part.size() / 2;
                parts.push(part.subList(half, part.size()));
                parts.push(part.subList(0, half));
            }
        }
        if (expiry != null) expiry.runWhenDue(connection);
        return refused;
    }

    /** Retries while the database was unreachable, since this target was made. */
    long retries() {
        return connection.retries();
    }

    @Override
    public void close() {
        connection.close();
    }

    private void writeInTransaction(Connection c, List<Change> part) throws SQLException {
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        if (config.deleteMode() == DeleteMode.SOFT) {
            // a soft delete is an upsert with the flag set
            upsert.write(connection, c, part, now);
        } else {
            List<Change> upserts = new ArrayList<>();
            List<Change> deletes = new ArrayList<>();
            for (Change change : part) (change.isDelete() ? deletes : upserts).add(change);
            upsert.write(connection, c, upserts, now);
            // the tombstone first: a late upsert in another transaction then finds it, or finds no row to update
            if (tombstone != null) tombstone.execute(connection, c, deletes, now);
            delete.execute(connection, c, deletes, now);
        }
        c.commit();
    }

    // Once per writer, at its first connection: create or check the tables, then make the statements for them.
    private void prepareTables(Connection c) throws SQLException {
        model = schema.prepare(c, model);
        upsert = new UpsertBinder(dialect, config.table(), model);
        delete = new DeleteBinder(dialect, config.table(), model);
        tombstone = model.tombstone.map(t -> new TombstoneBinder(dialect, config.table(), model, t)).orElse(null);
        expiry = expiresTombstones ? model.expiry.map(e -> new TombstoneExpiry(config, dialect.render(e))).orElse(null) : null;
    }
}
