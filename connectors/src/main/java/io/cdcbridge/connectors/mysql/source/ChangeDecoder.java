package io.cdcbridge.connectors.mysql.source;

import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.GtidEventData;
import com.github.shyiko.mysql.binlog.event.MariadbGtidEventData;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.RotateEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.TransactionPayloadEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import com.github.shyiko.mysql.binlog.event.XAPrepareEventData;
import io.cdcbridge.connectors.mysql.binlog.BinlogPosition;
import io.cdcbridge.connectors.mysql.binlog.ExecutedGtids;
import io.cdcbridge.connectors.mysql.binlog.PartialJsonUpdate;
import io.cdcbridge.connectors.mysql.binlog.TaggedGtid;
import io.cdcbridge.connectors.mysql.binlog.XaTransactions;
import io.cdcbridge.connectors.mysql.values.MysqlColumn;
import io.cdcbridge.connectors.mysql.values.RowConverter;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.types.RowKind;

/**
 * Turns binlog events into records of the table: {@code +I}, {@code -U}/{@code +U} (a key change as {@code -D} of the
 * old key, then {@code +I}, as mysql-cdc gives it), {@code -D}. Keeps the position: the end of the last transaction
 * committed (the place a restore reads from) and how many records of the one in progress were emitted; a restored
 * position's records already emitted are skipped. Each transaction's commit moves the position with a bare record.
 * The position's GTID is MariaDB's last GTID or, on MySQL, its executed GTID set with every transaction committed since
 * (a set read by the stream where the server has GTIDs on), MySQL 8.4's tagged GTIDs included. MySQL 8's compressed
 * transactions are decoded event by event,
 * their commit at the end of the compressed event.
 * Compares each table map of the table with the first it saw: a different set of columns is a schema change, which
 * stops the job (naming the table and the columns before and after) or, with {@code ignore}, is read on by name.
 * <p>
 * An XA transaction is written to the binlog at {@code XA PREPARE}, its rows in a group that ends with an XA_PREPARE
 * event, and its outcome later as a group of its own ({@code XA COMMIT xid} or {@code XA ROLLBACK xid}, other
 * transactions in between). Its rows are held until then: emitted at the commit, dropped at the rollback. While one
 * holding rows of the table is prepared, the position stays at the start of the first such (a restore reads it
 * again) and counts every record emitted since, so the transactions committed meanwhile are skipped on a restore.
 */
final class ChangeDecoder {

    // MariaDB's GTID flag of a group that an XA PREPARE ends (MariadbGtidEventData lacks it)
    private static final int FL_PREPARED_XA = 64;

    private final MysqlSourceConfig config;
    private final List<MysqlColumn> catalog;
    private final RowConverter base;
    private final int[] key;
    private RowConverter converter;
    private String file;
    private BinlogPosition committed;
    private long emitted;
    private long skip;
    private boolean inTransaction;
    private String gtid;
    // MySQL's executed GTID set as of the last commit, and the GTID of the transaction in progress
    private final ExecutedGtids executed;
    private TaggedGtid pending;
    private long tableId = -1;
    // the rows of the XA transaction being read (null outside one), and those of prepared ones by XID, until their end
    private List<Held> xaRows;
    private final Map<String, List<Held>> prepared = new LinkedHashMap<>();
    private byte[] knownTypes;
    private List<String> knownNames;

    /** @param catalog the table's columns when the binlog is opened, which its first rows are read by */
    ChangeDecoder(MysqlSourceConfig config, List<MysqlColumn> catalog, BinlogSplit from) {
        this.config = config;
        this.catalog = catalog;
        this.base = RowConverter.of(config.describe(), config.physicalType(), catalog, config.metadata().size());
        this.converter = base;
        this.key = config.key().stream().mapToInt(k -> config.physicalType().getFieldIndex(k)).toArray();
        this.committed = from.position();
        this.file = committed.file();
        this.executed = ExecutedGtids.parse(committed.gtid());
        // a MySQL set it cannot read would go stale: not shown, the binlog read by file and position
        String start = committed.gtid();
        this.gtid = executed == null && start != null && start.indexOf(':') >= 0 ? null : start;
        this.committed = committed.withGtid(gtid);
        this.skip = from.emitted();
    }

    void decode(Event event, Consumer<MysqlRecord> out) {
        decode(event, event.getHeader(), out);
    }

    // an event of a compressed transaction ends where the compressed event does: at its next position
    private void decode(Event event, EventHeaderV4 at, Consumer<MysqlRecord> out) {
        EventHeaderV4 header = event.getHeader();
        EventType type = header.getEventType();
        switch (type) {
            case ROTATE -> {
                RotateEventData r = event.getData();
                if (!r.getBinlogFilename().equals(file)) {
                    file = r.getBinlogFilename();
                    if (!prepared.isEmpty()) return;
                    // between transactions, or where a stream read by GTID set starts: what a restored position
                    // says was emitted of the next transaction still holds
                    committed = new BinlogPosition(file, r.getBinlogPosition(), gtid);
                    out.accept(new MysqlRecord(null, committed, emitted + skip, 0));
                }
            }
            case GTID -> {
                // MySQL's: the transaction's GTID, in the executed set once it commits
                if (executed != null) {
                    GtidEventData g = event.getData();
                    pending = TaggedGtid.untagged(g.getMySqlGtid().getServerId(), g.getMySqlGtid().getTransactionId());
                }
            }
            case UNKNOWN -> {
                // MySQL 8.4's tagged GTID; any other event the library does not know carries nothing read here
                if (executed != null && event.getData() instanceof TaggedGtid g) pending = g;
            }
            case TRANSACTION_PAYLOAD -> {
                for (Event inner : ((TransactionPayloadEventData) event.getData()).getUncompressedEvents()) {
                    decode(inner, header, out);
                }
            }
            case MARIADB_GTID -> {
                MariadbGtidEventData g = event.getData();
                // a standalone group (DDL) has no commit event of its own: its query is its end
                inTransaction = (g.getFlags() & MariadbGtidEventData.FL_STANDALONE) == 0;
                if ((g.getFlags() & FL_PREPARED_XA) != 0) xaRows = new ArrayList<>();
                // the event's data carries no server id: the header does
                gtid = g.getDomainId() + "-" + header.getServerId() + "-" + g.getSequence();
            }
            case QUERY -> {
                String sql = ((QueryEventData) event.getData()).getSql().trim();
                if (sql.equalsIgnoreCase("BEGIN")) {
                    inTransaction = true;
                } else if (startsWith(sql, "XA START")) {
                    // MySQL's; MariaDB flags the group's GTID instead
                    inTransaction = true;
                    xaRows = new ArrayList<>();
                } else if (startsWith(sql, "XA END")) {
                    return;
                } else if (startsWith(sql, "XA COMMIT") || startsWith(sql, "XA ROLLBACK")) {
                    boolean committing = startsWith(sql, "XA COMMIT");
                    List<Held> rows = prepared.remove(XaTransactions.written(sql.substring(committing ? 9 : 11)));
                    if (committing && rows != null) for (Held h : rows) emit(h.row(), h.millis(), out);
                    commit(at.getNextPosition(), out);
                } else if (!inTransaction || sql.equalsIgnoreCase("COMMIT") || sql.equalsIgnoreCase("ROLLBACK")) {
                    commit(at.getNextPosition(), out);
                }
            }
            case XID -> commit(at.getNextPosition(), out);
            case XA_PREPARE -> {
                XAPrepareEventData x = event.getData();
                List<Held> rows = xaRows == null ? List.of() : xaRows;
                if (x.isOnePhase()) {
                    for (Held h : rows) emit(h.row(), h.millis(), out);
                } else if (!rows.isEmpty()) {
                    prepared.put(XaTransactions.xid(x.getFormatID(), x.getData(), x.getGtridLength()), rows);
                }
                commit(at.getNextPosition(), out);
            }
            case TABLE_MAP -> tableMap(event.getData());
            case PARTIAL_UPDATE_ROWS_EVENT -> {
                if (((PartialJsonUpdate) event.getData()).tableId() == tableId) {
                    throw new ChangeFailure("cdcbridge-mysql: " + config.describe() + " has an update written as JSON"
                            + " diffs (binlog_row_value_options=PARTIAL_JSON) at " + committed.describe() + ", which"
                            + " cannot be read without the whole documents; the job stops before it. Set"
                            + " binlog_row_value_options = '' on the server and start the statement over from a new"
                            + " snapshot");
                }
            }
            default -> {
                if (EventType.isRowMutation(type)) {
                    rows(event, type, header.getTimestamp() > 0 ? header.getTimestamp() : at.getTimestamp(), out);
                }
            }
        }
    }

    private void rows(Event event, EventType type, long millis, Consumer<MysqlRecord> out) {
        if (EventType.isWrite(type)) {
            WriteRowsEventData d = event.getData();
            if (d.getTableId() != tableId) return;
            for (Serializable[] row : d.getRows()) deliver(converter.fromBinlog(row, RowKind.INSERT), millis, out);
        } else if (EventType.isUpdate(type)) {
            UpdateRowsEventData d = event.getData();
            if (d.getTableId() != tableId) return;
            for (Map.Entry<Serializable[], Serializable[]> row : d.getRows()) {
                GenericRowData before = converter.fromBinlog(row.getKey(), RowKind.UPDATE_BEFORE);
                GenericRowData after = converter.fromBinlog(row.getValue(), RowKind.UPDATE_AFTER);
                if (!sameKey(before, after)) {
                    before.setRowKind(RowKind.DELETE);
                    after.setRowKind(RowKind.INSERT);
                }
                deliver(before, millis, out);
                deliver(after, millis, out);
            }
        } else {
            DeleteRowsEventData d = event.getData();
            if (d.getTableId() != tableId) return;
            for (Serializable[] row : d.getRows()) deliver(converter.fromBinlog(row, RowKind.DELETE), millis, out);
        }
    }

    // a row of an XA transaction waits for its commit
    private void deliver(GenericRowData row, long millis, Consumer<MysqlRecord> out) {
        if (xaRows != null) {
            xaRows.add(new Held(row, millis));
        } else {
            emit(row, millis, out);
        }
    }

    private void emit(GenericRowData row, long millis, Consumer<MysqlRecord> out) {
        emitted++;
        if (skip > 0) {
            skip--; // emitted before the restored position was taken
            return;
        }
        config.setMetadata(row, millis);
        out.accept(new MysqlRecord(row, committed, emitted, millis));
    }

    private void commit(long nextPosition, Consumer<MysqlRecord> out) {
        inTransaction = false;
        xaRows = null;
        if (pending != null) {
            executed.add(pending);
            gtid = executed.toString();
            pending = null;
        }
        // held at the first prepared XA transaction's start, counting on
        if (!prepared.isEmpty()) return;
        committed = new BinlogPosition(file, nextPosition, gtid);
        emitted = 0;
        skip = 0;
        out.accept(new MysqlRecord(null, committed, 0, 0));
    }

    private static boolean startsWith(String sql, String prefix) {
        return sql.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    /** A row of an XA transaction, waiting for its commit, with its change's time. */
    private record Held(GenericRowData row, long millis) {}

    private boolean sameKey(GenericRowData before, GenericRowData after) {
        for (int k : key) if (!Objects.deepEquals(before.getField(k), after.getField(k))) return false;
        return true;
    }

    private void tableMap(TableMapEventData map) {
        if (!config.endpoint().database().equals(map.getDatabase()) || !config.table().equals(map.getTable())) return;
        tableId = map.getTableId();
        byte[] types = map.getColumnTypes();
        List<String> names = map.getEventMetadata() == null ? null : map.getEventMetadata().getColumnNames();
        if (names != null && names.isEmpty()) names = null;
        if (knownTypes == null) {
            knownTypes = types;
            knownNames = names;
            if (names != null) {
                converter = base.byNames(names);
            } else if (types.length != catalog.size()) {
                changed("its rows in the binlog have " + types.length + " columns, the table has " + catalog.size()
                        + " now (" + catalog.stream().map(MysqlColumn::name).toList() + ")", null);
            }
            return;
        }
        if (Arrays.equals(types, knownTypes) && Objects.equals(names, knownNames)) return;
        String change = names != null && knownNames != null ? "its columns went from " + knownNames + " to " + names
                : "its rows went from " + knownTypes.length + " columns to " + types.length + " (or changed a column's type)";
        knownTypes = types;
        knownNames = names;
        changed(change, names);
    }

    // a change of the table's columns: the job stops before any row under them, or reads on by name
    private void changed(String change, List<String> names) {
        String where = "cdcbridge-mysql: the columns of " + config.describe() + " changed (" + change + ") at "
                + new BinlogPosition(file, committed.position(), null).describe();
        if (config.failOnSchemaChange()) {
            throw new ChangeFailure(where + "; the job stops before its first change under the new columns, nothing"
                    + " of it emitted. Declare the table's columns as they are now in a new version of the statement"
                    + " (from a new snapshot), or read on by name with 'schema-change.behavior' = 'ignore'");
        }
        if (names != null) {
            converter = base.byNames(names);
        } else if (knownTypes.length != catalog.size()) {
            throw new ChangeFailure(where + "; 'schema-change.behavior' = 'ignore' reads on by column name, which"
                    + " the binlog tells only with binlog_row_metadata=FULL (MariaDB 10.5+, MySQL 8.0.1+): set it, or start"
                    + " the statement over from a new snapshot");
        }
    }
}
