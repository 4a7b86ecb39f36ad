package io.cdcbridge.connectors.jdbc;

import io.cdcbridge.connectors.jdbc.dialect.Column;
import io.cdcbridge.connectors.jdbc.dialect.Delete;
import io.cdcbridge.connectors.jdbc.dialect.DeleteOlder;
import io.cdcbridge.connectors.jdbc.dialect.Dialect;
import io.cdcbridge.connectors.jdbc.dialect.Table;
import io.cdcbridge.connectors.jdbc.dialect.Upsert;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.table.types.logical.BooleanType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.TimestampType;

/**
 * The tables and statements of one sink, as a dialect-neutral model: the target (the Flink columns, plus the
 * soft-delete flag in soft mode), the tombstone table (hard deletes with a version column), and the upsert,
 * guarded delete, tombstone upsert and tombstone expiry that write them. A soft delete is an upsert of the row
 * the delete carries with the flag set: the newest change of a key then decides the whole row, whatever the
 * order the changes came in.
 */
final class SinkModel {

    /** The column of the tombstone table that says when the delete was written. */
    static final String DELETED_AT = "__cdcbridge_deleted_at";

    private static final Set<LogicalTypeRoot> VERSION_TYPES = Set.of(LogicalTypeRoot.TINYINT, LogicalTypeRoot.SMALLINT,
            LogicalTypeRoot.INTEGER, LogicalTypeRoot.BIGINT, LogicalTypeRoot.DECIMAL, LogicalTypeRoot.DATE,
            LogicalTypeRoot.TIMESTAMP_WITHOUT_TIME_ZONE, LogicalTypeRoot.TIMESTAMP_WITH_LOCAL_TIME_ZONE);

    final Table target;
    final Optional<Column> version;
    final Optional<Column> softDeleted;
    final Optional<Table> tombstones;
    final Upsert upsert;
    final Delete delete;
    final Optional<Upsert> tombstone;
    final Optional<DeleteOlder> expiry;

    private SinkModel(Table target, Optional<Column> version, Optional<Column> softDeleted, Optional<Table> tombstones) {
        this.target = target;
        this.version = version;
        this.softDeleted = softDeleted;
        this.tombstones = tombstones;
        this.upsert = new Upsert(target, target.columns(), target.valueColumns(), version, tombstones);
        this.delete = new Delete(target, version);
        this.tombstone = tombstones.map(t -> new Upsert(t, t.columns(), t.valueColumns(), version, Optional.empty()));
        this.expiry = tombstones.map(t -> new DeleteOlder(t, t.column(DELETED_AT)));
    }

    /**
     * The model of a sink's settings; IllegalArgumentException says what is wrong (a name the database cannot hold,
     * a type it cannot write, a version column that is not there or cannot be ordered).
     */
    static SinkModel of(JdbcSinkConfig config, Dialect dialect) {
        Table flink = config.table();
        flink.name().forEach(dialect::checkIdentifier);
        for (Column c : flink.columns()) {
            dialect.checkIdentifier(c.name());
            RowValues.check(c);
            if (config.autoCreate()) dialect.sqlType(c.type(), flink.primaryKey().contains(c.name()));
        }
        if (flink.primaryKey().isEmpty()) {
            throw new IllegalArgumentException("cdcbridge-jdbc upserts by primary key: declare PRIMARY KEY (...) NOT ENFORCED");
        }
        Optional<Column> version = config.version().map(name -> {
            Column v = flink.find(name).orElseThrow(() -> new IllegalArgumentException("the version column '" + name
                    + "' is not a column of the table; columns: " + flink.columns().stream().map(Column::name).toList()));
            if (!VERSION_TYPES.contains(v.type().getTypeRoot())) {
                throw new IllegalArgumentException("the version column '" + name + "' is " + v.type()
                        + "; it must be an integer, DECIMAL, DATE or TIMESTAMP type");
            }
            if (flink.primaryKey().contains(name)) throw new IllegalArgumentException("the version column '" + name + "' is part of the primary key");
            return v;
        });
        Table target = flink;
        Optional<Column> softDeleted = Optional.empty();
        if (config.deleteMode() == DeleteMode.SOFT) {
            String flag = config.softDeleteColumn();
            dialect.checkIdentifier(flag);
            if (flink.find(flag).isPresent()) {
                throw new IllegalArgumentException("the soft-delete column '" + flag + "' is written by the sink and must not be a column"
                        + " of the Flink table (or set '" + JdbcSinkOptions.SOFT_DELETE_COLUMN.key() + "' to another name)");
            }
            softDeleted = Optional.of(new Column(flag, new BooleanType(false)));
            List<Column> columns = new ArrayList<>(flink.columns());
            columns.add(softDeleted.get());
            target = new Table(flink.name(), columns, flink.primaryKey());
        }
        Optional<Table> tombstones = Optional.empty();
        if (config.deleteMode() == DeleteMode.HARD && version.isPresent()) {
            dialect.checkIdentifier(config.tombstoneTable());
            List<Column> columns = new ArrayList<>(flink.keyColumns());
            columns.add(version.get());
            columns.add(new Column(DELETED_AT, new TimestampType(false, 6)));
            tombstones = Optional.of(flink.sibling(config.tombstoneTable(), columns, flink.primaryKey()));
        }
        return new SinkModel(target, version, softDeleted, tombstones);
    }

    /** The same model with the types the database declares, which set-based statements cast to. */
    SinkModel withDeclaredTypes(Map<String, String> targetTypes, Map<String, String> tombstoneTypes) {
        Table typedTarget = declared(target, targetTypes);
        Optional<Table> typedTombstones = tombstones.map(t -> declared(t, tombstoneTypes));
        return new SinkModel(typedTarget, version.map(v -> typedTarget.column(v.name())),
                softDeleted.map(s -> typedTarget.column(s.name())), typedTombstones);
    }

    private static Table declared(Table table, Map<String, String> types) {
        List<Column> columns = table.columns().stream()
                .map(c -> types.containsKey(c.name()) ? c.withDatabaseType(types.get(c.name())) : c).toList();
        return new Table(table.name(), columns, table.primaryKey());
    }
}
