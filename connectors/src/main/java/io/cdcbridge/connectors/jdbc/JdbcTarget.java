package io.cdcbridge.connectors.jdbc;

import io.cdcbridge.connectors.jdbc.dialect.Column;
import io.cdcbridge.connectors.jdbc.dialect.Dialect;
import io.cdcbridge.connectors.jdbc.dialect.Failure;
import io.cdcbridge.connectors.jdbc.dialect.Sql;
import io.cdcbridge.connectors.jdbc.dialect.Table;
import io.cdcbridge.connectors.jdbc.dialect.Upsert;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The target database as the sink writes it: one connection, opened (and re-opened after an outage) with retries
 * and backoff, the tables checked or created once, and batches written in a transaction each. A batch the
 * database refuses is split in halves until the rows it refuses are alone: those are handed back, the rest is written.
 */
final class JdbcTarget implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcTarget.class);
    private static final Duration EXPIRY_EVERY = Duration.ofHours(1);
    // what MySQL's and PostgreSQL's protocols allow in one statement
    private static final int MAX_PARAMETERS = 65_535;
    // rows per statement that binds rows inline: MariaDB (11.4, driver 3.5) wrote 200-row statements faster than
    // 1000-row ones and twice as fast as 5000-row ones
    private static final int MAX_GROUP_ROWS = 256;

    /** A row the database refused, and why. */
    record Refusal(Change change, SQLException error) {}

    private final JdbcSinkConfig config;
    private final Dialect dialect;
    private final boolean expiresTombstones;
    private final Map<String, Integer> dataPositions = new HashMap<>();
    private SinkModel model;
    private Connection connection;
    private final Map<String, PreparedStatement> prepared = new HashMap<>();
    private final Map<String, Sql> rendered = new HashMap<>();
    private Sql expiry;
    private long lastExpiry;
    private boolean checked;

    /** @param expiresTombstones whether this writer (one per job) deletes expired tombstones */
    JdbcTarget(JdbcSinkConfig config, Dialect dialect, SinkModel model, boolean expiresTombstones) {
        this.config = config;
        this.dialect = dialect;
        this.model = model;
        this.expiresTombstones = expiresTombstones;
        List<Column> data = config.table().columns();
        for (int i = 0; i < data.size(); i++) dataPositions.put(data.get(i).name(), i);
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
            SQLException refusal = retrying("write " + part.size() + " rows to", c -> writeInTransaction(c, part));
            if (refusal == null) continue;
            if (part.size() == 1) {
                refused.add(new Refusal(part.get(0), refusal));
            } else {
                int half = part.size() / 2;
                parts.push(part.subList(half, part.size()));
                parts.push(part.subList(0, half));
            }
        }
        expireTombstones();
        return refused;
    }

    @Override
    public void close() {
        closeConnection();
    }

    private void writeInTransaction(Connection c, List<Change> part) throws SQLException {
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        if (config.deleteMode() == DeleteMode.SOFT) {
            // a soft delete is an upsert with the flag set
            upsert(c, part, now);
        } else {
            List<Change> upserts = new ArrayList<>();
            List<Change> deletes = new ArrayList<>();
            for (Change change : part) (change.isDelete() ? deletes : upserts).add(change);
            upsert(c, upserts, now);
            // the tombstone first: a late upsert in another transaction then finds it, or finds no row to update
            if (model.tombstone.isPresent()) {
                Upsert tombstone = model.tombstone.get();
                execute(c, "tombstone", n -> dialect.render(tombstone, n), tombstone.inserted(), deletes, now);
            }
            execute(c, "delete", n -> dialect.render(model.delete, n), model.delete.bound(), deletes, now);
        }
        c.commit();
    }

    private void upsert(Connection c, List<Change> rows, LocalDateTime now) throws SQLException {
        List<Change> visible = rows;
        if (model.upsert.unlessTombstoned().isPresent() && dialect.tombstoneCheck(model.upsert, 1).isPresent()) {
            // this dialect finds the rows a newer delete hides with a query of its own
            visible = new ArrayList<>();
            for (List<Change> group : groups("tombstone-check", n -> dialect.tombstoneCheck(model.upsert, n).orElseThrow(), rows)) {
                Set<Integer> hidden = new HashSet<>();
                Sql check = sql("tombstone-check", group.size(), n -> dialect.tombstoneCheck(model.upsert, n).orElseThrow());
                PreparedStatement s = prepare(c, check);
                bind(s, check, model.upsert.inserted(), group, now);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) hidden.add(rs.getInt(1));
                }
                for (int i = 0; i < group.size(); i++) if (!hidden.contains(i)) visible.add(group.get(i));
            }
        }
        execute(c, "upsert", n -> dialect.render(model.upsert, n), model.upsert.inserted(), visible, now);
    }

    // Runs a statement for rows: once per group of rows when it binds them inline, else once (arrays) or as a batch.
    private void execute(Connection c, String kind, IntFunction<Sql> render, List<Column> bound, List<Change> rows,
                         LocalDateTime now) throws SQLException {
        for (List<Change> group : groups(kind, render, rows)) {
            Sql sql = sql(kind, group.size(), render);
            PreparedStatement s = prepare(c, sql);
            if (sql.binding() == Sql.Binding.PER_ROW) {
                s.clearBatch(); // whatever a failed attempt left
                for (Change row : group) {
                    for (int p = 0; p < sql.parameters().size(); p++) {
                        Column column = bound.get(sql.parameters().get(p));
                        s.setObject(p + 1, dialect.bindValue(value(row, column, now), column.type()));
                    }
                    s.addBatch();
                }
                s.executeBatch();
            } else {
                bind(s, sql, bound, group, now);
                s.executeUpdate();
            }
        }
    }

    // The rows in groups that one statement can take: as many as its parameters allow when it binds each row inline.
    private List<List<Change>> groups(String kind, IntFunction<Sql> render, List<Change> rows) {
        if (rows.isEmpty()) return List.of();
        Sql one = sql(kind, 1, render);
        if (one.binding() != Sql.Binding.ROW_GROUPS) return List.of(rows);
        int size = Math.max(1, Math.min(MAX_GROUP_ROWS, MAX_PARAMETERS / Math.max(1, one.parameters().size())));
        List<List<Change>> groups = new ArrayList<>();
        for (int from = 0; from < rows.size(); from += size) groups.add(rows.subList(from, Math.min(rows.size(), from + size)));
        return groups;
    }

    // Binds all rows at once: one array of a column's values per parameter, or each row's parameters one row after another.
    private void bind(PreparedStatement s, Sql sql, List<Column> bound, List<Change> rows, LocalDateTime now) throws SQLException {
        List<Integer> parameters = sql.parameters();
        if (sql.binding() == Sql.Binding.COLUMN_ARRAYS) {
            Object[] values = new Object[rows.size()];
            for (int p = 0; p < parameters.size(); p++) {
                Column column = bound.get(parameters.get(p));
                for (int r = 0; r < values.length; r++) values[r] = value(rows.get(r), column, now);
                s.setObject(p + 1, dialect.columnArray(Arrays.asList(values)));
            }
        } else {
            int index = 1;
            for (Change row : rows) {
                for (int p : parameters) {
                    Column column = bound.get(p);
                    s.setObject(index++, dialect.bindValue(value(row, column, now), column.type()));
                }
            }
        }
    }

    // A statement rendered for a number of rows, kept: batches mostly have the same few sizes.
    private Sql sql(String kind, int rows, IntFunction<Sql> render) {
        if (rendered.size() > 64) rendered.clear();
        return rendered.computeIfAbsent(kind + ":" + rows, k -> render.apply(rows));
    }

    private PreparedStatement prepare(Connection c, Sql sql) throws SQLException {
        PreparedStatement s = prepared.get(sql.text());
        if (s == null) {
            if (prepared.size() > 64) closePrepared();
            s = c.prepareStatement(sql.text());
            prepared.put(sql.text(), s);
        }
        return s;
    }

    // A bound column's value for a change: the row's own, or the soft-delete flag, or when a tombstone was written.
    private Object value(Change change, Column column, LocalDateTime now) {
        Integer position = dataPositions.get(column.name());
        if (position != null) return change.values()[position];
        if (model.softDeleted.isPresent() && column.name().equals(model.softDeleted.get().name())) return change.isDelete();
        if (column.name().equals(SinkModel.DELETED_AT)) return now;
        throw new IllegalStateException("no value for column '" + column.name() + "'");
    }

    private void expireTombstones() throws IOException, InterruptedException {
        if (!expiresTombstones || expiry == null) return;
        long nowMillis = System.currentTimeMillis();
        if (nowMillis - lastExpiry < EXPIRY_EVERY.toMillis()) return;
        LocalDateTime cutoff = LocalDateTime.now(ZoneOffset.UTC).minus(config.tombstoneRetention());
        SQLException refused = retrying("expire tombstones of", c -> {
            try (PreparedStatement s = c.prepareStatement(expiry.text())) {
                s.setObject(1, cutoff);
                int expired = s.executeUpdate();
                c.commit();
                if (expired > 0) LOG.info("Deleted {} tombstones older than {} of {}", expired, config.tombstoneRetention(), config.table().displayName());
            }
        });
        if (refused != null) throw new IOException("cannot expire the tombstones of " + config.table().displayName() + ": " + Dialect.describe(refused), refused);
        lastExpiry = nowMillis;
    }

    /** Work on the connection; SQLExceptions are classified by the caller. */
    private interface Work {
        void run(Connection c) throws SQLException;
    }

    /**
     * Runs work on the connection, reconnecting and retrying with backoff while the database is unreachable.
     * Returns null when done, or the error when the database refused the data; throws for anything else.
     */
    private SQLException retrying(String what, Work work) throws IOException, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            Failure failure;
            SQLException error;
            try {
                Connection c = connection();
                try {
                    work.run(c);
                    return null;
                } catch (SQLException e) {
                    rollbackQuietly();
                    error = e;
                    failure = dialect.classify(e);
                    // an error the dialect does not know, on a connection that died with it: the server went away
                    if (failure == Failure.FATAL && !(e instanceof SchemaMismatch) && !alive(c)) failure = Failure.OUTAGE;
                }
            } catch (SchemaMismatch e) {
                throw new IOException("cdcbridge-jdbc cannot write to " + config.table().displayName() + ": " + e.getMessage(), e);
            } catch (SQLException e) {
                // connecting or preparing the tables: no row was written, so none can have been refused
                error = e;
                failure = dialect.classify(e) == Failure.OUTAGE ? Failure.OUTAGE : Failure.FATAL;
            }
            switch (failure) {
                case REJECTED -> {
                    return error;
                }
                case FATAL -> throw new IOException("cdcbridge-jdbc cannot " + what + " table " + config.table().displayName()
                        + " at " + config.displayUrl() + ": " + Dialect.describe(error), error);
                case OUTAGE -> {
                    closeConnection();
                    if (config.maxRetries() >= 0 && attempt >= config.maxRetries()) {
                        throw new IOException("cdcbridge-jdbc gave up after " + attempt + " retries to " + what + " table "
                                + config.table().displayName() + " at " + config.displayUrl() + ": " + Dialect.describe(error), error);
                    }
                    long pause = backoff(attempt);
                    LOG.warn("The database of {} at {} is unavailable ({}); retry {} in {} ms", config.table().displayName(),
                            config.displayUrl(), Dialect.describe(error), attempt + 1, pause);
                    TimeUnit.MILLISECONDS.sleep(pause);
                }
            }
        }
    }

    private long backoff(int attempt) {
        long first = config.backoff().toMillis();
        long max = config.backoffMax().toMillis();
        return attempt >= 30 ? max : Math.min(max, first << attempt);
    }

    private Connection connection() throws SQLException {
        if (connection != null) return connection;
        Properties credentials = new Properties();
        if (config.username() != null) credentials.setProperty("user", config.username());
        if (config.password() != null) credentials.setProperty("password", config.password());
        Connection c = dialect.connect(config.url(), credentials);
        try {
            if (!checked) prepareTables(c);
        } catch (SQLException | RuntimeException e) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // the error that matters is e
            }
            throw e;
        }
        connection = c;
        return c;
    }

    // Once per writer: create or check the tables, learn their declared types, render the statements.
    private void prepareTables(Connection c) throws SQLException {
        Map<String, String> targetTypes = ensure(c, model.target, config.autoCreate(), "");
        Map<String, String> tombstoneTypes = model.tombstones.isPresent()
                ? ensure(c, model.tombstones.get(), true, " (it keeps the versions of hard deletes)") : Map.of();
        model = model.withDeclaredTypes(targetTypes, tombstoneTypes);
        rendered.clear();
        expiry = model.expiry.map(dialect::render).orElse(null);
        checked = true;
        LOG.info("cdcbridge-jdbc writes {} at {} ({}, delete mode {}, version column {})", model.target.displayName(),
                config.displayUrl(), dialect.name(), config.deleteMode(), config.version().orElse("none"));
    }

    // The declared types of a table, after creating it if it is missing and allowed, and checking it is as needed.
    private Map<String, String> ensure(Connection c, Table table, boolean create, String why) throws SQLException {
        Map<String, String> types = created(c, table, create, why);
        List<String> missing = table.columns().stream().map(Column::name).filter(n -> !types.containsKey(n)).toList();
        if (!missing.isEmpty()) {
            throw new SchemaMismatch("table " + table.displayName() + why + " has no column " + String.join(", ", missing)
                    + "; it has " + types.keySet());
        }
        List<String> key = dialect.declaredPrimaryKey(c, table);
        if (!Set.copyOf(key).equals(Set.copyOf(table.primaryKey()))) {
            throw new SchemaMismatch("the primary key of table " + table.displayName() + why + " is " + key
                    + ", the sink's is " + table.primaryKey() + "; upserts need the same key");
        }
        return types;
    }

    private Map<String, String> created(Connection c, Table table, boolean create, String why) throws SQLException {
        Map<String, String> types = dialect.declaredTypes(c, table);
        if (!types.isEmpty()) return types;
        if (!create) {
            throw new SchemaMismatch("table " + table.displayName() + " does not exist at " + config.displayUrl()
                    + "; create it, or set '" + JdbcSinkOptions.AUTO_CREATE.key() + "' = 'true'");
        }
        String ddl = dialect.createTable(table);
        try (Statement s = c.createStatement()) {
            s.execute(ddl);
            c.commit();
            LOG.info("Created table {}{} (unless another writer of the job just did): {}", table.displayName(), why, ddl);
        } catch (SQLException e) {
            // another writer of the job may have created it a moment ago
            c.rollback();
            types = dialect.declaredTypes(c, table);
            if (types.isEmpty()) {
                throw new SQLException("cannot create table " + table.displayName() + why + ": " + e.getMessage(), e.getSQLState(), e.getErrorCode(), e);
            }
            return types;
        }
        return dialect.declaredTypes(c, table);
    }

    private static boolean alive(Connection c) {
        try {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private void rollbackQuietly() {
        if (connection == null) return;
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.debug("rollback failed; the connection is probably gone", e);
        }
    }

    private void closePrepared() {
        for (PreparedStatement s : prepared.values()) {
            try {
                s.close();
            } catch (SQLException e) {
                LOG.debug("closing a statement failed", e);
            }
        }
        prepared.clear();
    }

    private void closeConnection() {
        closePrepared();
        if (connection == null) return;
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("closing the connection failed", e);
        }
        connection = null;
    }

    /** The target table is not as the sink needs it: a configuration error, never retried. */
    static final class SchemaMismatch extends SQLException {
        SchemaMismatch(String message) {
            super(message, "42000");
        }
    }
}
