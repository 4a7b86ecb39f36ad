package io.cdcbridge.connectors.postgres.source;

import io.cdcbridge.connectors.postgres.PostgresSourceException;
import io.cdcbridge.connectors.postgres.PostgresSourceOptions.SchemaChangeBehavior;
import io.cdcbridge.connectors.postgres.PostgresTable;
import io.cdcbridge.connectors.postgres.pgoutput.PgOutputDecoder;
import io.cdcbridge.connectors.postgres.pgoutput.PgOutputHandler;
import io.cdcbridge.connectors.postgres.pgoutput.Relation;
import io.cdcbridge.connectors.postgres.pgoutput.TupleData;
import io.cdcbridge.connectors.postgres.text.TupleRowConverter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.types.RowKind;
import org.postgresql.replication.LogSequenceNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the decoded messages of the slot into records of the tables they concern, skipping what a restored position
 * says was emitted already: transactions committed before it, and the first rows of the one committed at it (rows of
 * all the tables, counted in the order the stream has them). Before the first change under a new relation message of
 * a table, compares its columns with those the stream showed before (kept in the split's state): a change that
 * concerns a declared column stops the stream there unless the table says {@code 'schema-change.behavior' = 'ignore'}.
 */
final class ChangeCollector implements PgOutputHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeCollector.class);

    private final List<TableChanges> tables = new ArrayList<>();
    // the Flink tables of each PostgreSQL table (several may read one)
    private final Map<String, List<TableChanges>> byName = new HashMap<>();
    private final PgOutputDecoder decoder = new PgOutputDecoder();
    private final String slot;
    private Relation lastRelation;
    private List<TableChanges> lastTables = List.of();
    private long handedLsn;
    private long handedRows;
    private RecordsBySplits.Builder<PgRecord> batch;
    private int collected;
    private long resumeLsn;
    private long resumeEmitted;
    private long position;
    private boolean inTransaction;
    private long transactionLsn;
    private long commitMillis;
    private long rowsInTransaction;
    private long rowsToSkip;
    private boolean skipTransaction;
    private final List<TableChanges> pendingColumns = new ArrayList<>();

    /** @param converters and {@code catalogs}: each table's, by index */
    ChangeCollector(SlotTables slotTables, TupleRowConverter[] converters, List<? extends SchemaChangeCheck.Catalog> catalogs) {
        List<SourceConfig> all = slotTables.all();
        this.slot = all.get(0).slot();
        for (int i = 0; i < all.size(); i++) {
            TableChanges t = new TableChanges(i, all.get(i), converters[i], catalogs.get(i));
            tables.add(t);
            byName.computeIfAbsent(name(t.table.schema(), t.table.table()), k -> new ArrayList<>()).add(t);
        }
    }

    /** One table's. */
    ChangeCollector(SourceConfig config, TupleRowConverter converter, SchemaChangeCheck.Catalog catalog) {
        this(SlotTables.of(config), new TupleRowConverter[] {converter}, List.of(catalog));
    }

    /**
     * Skips what a restored position says was emitted already, and compares each table's columns with those the
     * stream showed last (kept in {@code split}; none: whatever the first relation message says).
     */
    void resumeAt(StreamSplit split) {
        resumeLsn = split.lsn();
        resumeEmitted = split.emitted();
        position = split.lsn();
        handedLsn = split.lsn();
        handedRows = split.emitted();
        for (TableChanges t : tables) t.columns = split.columnsOf(t.config.id(), tables.size());
    }

    /** The tables the restored split does not know: they joined a restored job, and no one read their snapshot. */
    List<Integer> joinedSince(StreamSplit split) {
        return tables.stream().filter(t -> !split.knows(t.config.id(), tables.size())).map(t -> t.index).toList();
    }

    /** A row of a joined table's copy, at the position the stream stands at. */
    void snapshotRow(int table, GenericRowData row) {
        add(new PgRecord(table, row, handedLsn, handedRows, 0, null));
    }

    /** The tables whose columns the stream has not shown yet (the stream split's first open). */
    List<Integer> withoutColumns() {
        return tables.stream().filter(t -> t.columns.isEmpty()).map(t -> t.index).toList();
    }

    /**
     * Keeps these columns of a table, seen before the stream starts, in the split's state with the first batch; a
     * declared column missing from them (it was there when the job started) is a change as any other.
     */
    void startWith(int table, List<SourceColumn> seen) {
        TableChanges t = tables.get(table);
        List<String> missing = t.schemaChanges.missingAtStart(seen);
        if (!missing.isEmpty() && t.config.failOnSchemaChange()) throw t.schemaChanges.failureAtStart(missing);
        if (!missing.isEmpty()) {
            LOG.warn("cdcbridge-postgres {}: declared column(s) {} no longer in the table as the stream starts; it reads"
                    + " on, their values NULL ('schema-change.behavior' = 'ignore')", t.table.describe(), missing);
        }
        t.columns = seen;
        pendingColumns.add(t);
    }

    /** Collects into this batch from now on. */
    void into(RecordsBySplits.Builder<PgRecord> batch) {
        this.batch = batch;
        collected = 0;
        for (TableChanges t : pendingColumns) add(new PgRecord(t.index, null, handedLsn, handedRows, 0, t.columns));
        pendingColumns.clear();
    }

    /** Records collected into the batch so far. */
    int collected() {
        return collected;
    }

    /** Decodes one pgoutput message into records. */
    void decode(ByteBuffer message) {
        decoder.decode(message, this);
    }

    // Between transactions, the server's keepalive position is decoded WAL: no transaction still to come commits
    // before it, so the position (and the acknowledgement, which frees WAL) may move there.
    boolean advanceWhenIdle(long serverLsn) {
        if (inTransaction || serverLsn <= position) return false;
        position = serverLsn;
        add(new PgRecord(serverLsn, 0));
        return true;
    }

    @Override
    public void begin(long finalLsn, long commitTimeMicros, long xid) {
        inTransaction = true;
        transactionLsn = finalLsn;
        commitMillis = Math.floorDiv(commitTimeMicros, 1000);
        rowsInTransaction = 0;
        skipTransaction = finalLsn < resumeLsn;
        rowsToSkip = finalLsn == resumeLsn ? resumeEmitted : 0;
    }

    @Override
    public void insert(Relation relation, TupleData newTuple) {
        for (TableChanges t : of(relation)) {
            t.checkColumns(relation);
            emit(t, t.converter.toRow(relation, newTuple, null, RowKind.INSERT));
        }
    }

    @Override
    public void update(Relation relation, TupleData oldTuple, boolean oldIsKeyOnly, TupleData newTuple) {
        for (TableChanges t : of(relation)) {
            t.checkColumns(relation);
            if (t.config.upsert()) {
                // by key: the old row (when sent: a key change, or FULL) only tells whether the key changed
                GenericRowData after = t.converter.toRow(relation, newTuple, oldTuple, RowKind.UPDATE_AFTER);
                if (oldTuple != null) {
                    GenericRowData before = t.converter.toRow(relation, oldTuple, null, RowKind.DELETE);
                    if (!t.sameKey(before, after)) emit(t, before);
                }
                emit(t, after);
                continue;
            }
            t.requireOldRow(relation, oldTuple, oldIsKeyOnly);
            GenericRowData before = t.converter.toRow(relation, oldTuple, null, RowKind.UPDATE_BEFORE);
            GenericRowData after = t.converter.toRow(relation, newTuple, oldTuple, RowKind.UPDATE_AFTER);
            if (!t.sameKey(before, after)) {
                // a key change is a delete and an insert: an upsert sink keyed by the primary key needs the delete
                before.setRowKind(RowKind.DELETE);
                after.setRowKind(RowKind.INSERT);
            }
            emit(t, before);
            emit(t, after);
        }
    }

    @Override
    public void delete(Relation relation, TupleData oldTuple, boolean oldIsKeyOnly) {
        for (TableChanges t : of(relation)) {
            t.checkColumns(relation);
            // by key, a key-only old row will do
            if (!t.config.upsert() || oldTuple == null) t.requireOldRow(relation, oldTuple, oldIsKeyOnly);
            emit(t, t.converter.toRow(relation, oldTuple, null, RowKind.DELETE));
        }
    }

    @Override
    public void truncate(List<Relation> relations, boolean cascade, boolean restartIdentity) {
        if (skipTransaction) return;
        for (Relation relation : relations) {
            List<TableChanges> truncated = of(relation);
            if (truncated.isEmpty()) continue;
            throw new PostgresSourceException("cdcbridge-postgres: " + truncated.get(0).table.describe() + " was truncated"
                    + " (transaction committed at " + LogSequenceNumber.valueOf(transactionLsn) + "). A truncate cannot be"
                    + " streamed as row changes, so the job stops here rather than leave its sinks silently out of date."
                    + " Empty the sinks, then start the statement afresh with a new slot (or drop slot '" + slot + "' first)");
        }
    }

    @Override
    public void commit(long commitLsn, long endLsn, long commitTimeMicros) {
        inTransaction = false;
        if (skipTransaction) return;
        position = endLsn;
        add(new PgRecord(endLsn, 0));
    }

    private void emit(TableChanges t, GenericRowData row) {
        rowsInTransaction++;
        if (skipTransaction || rowsInTransaction <= rowsToSkip) return;
        t.config.setMetadata(row, commitMillis);
        add(new PgRecord(t.index, row, transactionLsn, rowsInTransaction, commitMillis, null));
    }

    private void add(PgRecord record) {
        batch.add(StreamSplit.ID, record);
        collected++;
        handedLsn = record.lsn();
        handedRows = record.emitted();
    }

    // the Flink tables reading the relation's table, none for a table of the publication no one here reads
    private List<TableChanges> of(Relation relation) {
        if (relation != lastRelation) {
            lastRelation = relation;
            lastTables = byName.getOrDefault(name(relation.schema(), relation.table()), List.of());
            if (lastTables.isEmpty()) newTable(relation);
        }
        return lastTables;
    }

    // A table of the schema that the statement's pattern takes but it does not read (created since it started): as its
    // 'schema-change.behavior' says, before any change of it is emitted.
    private void newTable(Relation relation) {
        SourceConfig first = tables.get(0).config;
        SchemaChangePolicy policy = first.schemaChanges();
        if (!relation.schema().equals(first.table().schema()) || !policy.wants(relation.table())) return;
        String table = relation.schema() + "." + relation.table();
        String what = "cdcbridge-postgres, slot '" + slot + "': table " + table + " matches 'new-tables.pattern' '"
                + policy.newTables() + "' but is not read by the statement (created since it started)";
        switch (policy.behavior()) {
            case IGNORE -> LOG.info("{}; its changes are skipped ('schema-change.behavior' = 'ignore')", what);
            case FAIL -> throw new SchemaChangeFailure(what + "; the job stops before its first change, nothing of it"
                    + " emitted ('schema-change.behavior' = 'fail'). To read it, nothing lost: run the statement's CREATE"
                    + " DATABASE ... AS DATABASE again (IF NOT EXISTS) under a new 'client.statement-name' as a version of"
                    + " statement " + (policy.statement() == null ? "(this job)" : policy.statement()) + " from its latest"
                    + " checkpoint: cdcbridge evolve " + (policy.statement() == null ? "<statement>" : policy.statement())
                    + " --to v2.sql --strategy in-place; the table is copied, then its changes replayed over the copy."
                    + " 'schema-change.behavior' = 'evolve' does so by itself, 'ignore' skips such tables");
            case EVOLVE -> throw new SchemaEvolution(what + "; the job stops before its first change, nothing of it emitted,"
                    + " for a version that reads it ('schema-change.behavior' = 'evolve')", List.of(relation.table()));
        }
    }

    private static String name(String schema, String table) {
        return schema + '\0' + table;
    }

    /** One Flink table's part: its converter, key, and the columns the stream showed last. */
    private final class TableChanges {

        final int index;
        final SourceConfig config;
        final PostgresTable table;
        final TupleRowConverter converter;
        final int[] keyFields;
        final SchemaChangeCheck schemaChanges;
        final SchemaChangeCheck.Catalog catalog;
        List<SourceColumn> columns = List.of();
        Relation checked;

        TableChanges(int index, SourceConfig config, TupleRowConverter converter, SchemaChangeCheck.Catalog catalog) {
            this.index = index;
            this.config = config;
            this.table = config.table();
            this.converter = converter;
            this.catalog = catalog;
            this.schemaChanges = new SchemaChangeCheck(config, catalog);
            this.keyFields = table.key().stream().mapToInt(k -> config.physicalType().getFieldIndex(k)).toArray();
        }

        // once per relation message: its columns against those the stream showed before
        void checkColumns(Relation relation) {
            if (relation == checked) return;
            checked = relation;
            List<SourceColumn> shown = SourceColumn.of(relation);
            if (SchemaChangeCheck.same(columns, shown)) return;
            // the column numbers tell a rename from a drop and an add
            Map<Integer, String> numbers = catalog.columnNumbers();
            List<SourceColumn> now = SourceColumn.numbered(shown, numbers);
            if (!columns.isEmpty()) {
                List<SchemaChangeCheck.Change> changes = schemaChanges.changes(columns, now, numbers);
                boolean evolve = config.schemaChanges().behavior() == SchemaChangeBehavior.EVOLVE;
                // under evolve a widened declared column is carried through, not a failure
                if (config.failOnSchemaChange() && changes.stream().anyMatch(c -> c.breaking() && !(evolve && schemaChanges.widening(c)))) {
                    throw schemaChanges.failure(changes, transactionLsn);
                }
                PostgresSourceException evolution = evolve ? schemaChanges.evolution(changes, transactionLsn) : null;
                if (evolution != null) throw evolution;
                LOG.warn("cdcbridge-postgres {}: the table's columns changed (transaction committed at {}): {}; the stream"
                        + " reads on", table.describe(), LogSequenceNumber.valueOf(transactionLsn).asString(),
                        changes.stream().map(SchemaChangeCheck.Change::what).collect(Collectors.joining("; ")));
            }
            columns = now;
            // at the position already handed over: the columns go into the split's state without moving it
            add(new PgRecord(index, null, handedLsn, handedRows, 0, now));
        }

        boolean sameKey(GenericRowData a, GenericRowData b) {
            for (int k : keyFields) if (!Objects.equals(a.getField(k), b.getField(k))) return false;
            return true;
        }

        void requireOldRow(Relation relation, TupleData oldTuple, boolean oldIsKeyOnly) {
            if (oldTuple == null || oldIsKeyOnly || relation.replicaIdentity() != 'f') {
                throw new PostgresSourceException("cdcbridge-postgres: an update or delete of " + table.describe()
                        + " came without the old row: the table's REPLICA IDENTITY is not FULL. Run: ALTER TABLE "
                        + table.quoted() + " REPLICA IDENTITY FULL (or read it with 'changelog-mode' = 'upsert')");
            }
        }
    }
}
