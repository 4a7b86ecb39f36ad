package io.cdcbridge.connectors.postgres.source;

import io.cdcbridge.connectors.source.SnapshotThenStreamSplitReader;
import io.cdcbridge.connectors.postgres.Identifiers;
import io.cdcbridge.connectors.postgres.PostgresTable;
import io.cdcbridge.connectors.postgres.text.CopyTextLine;
import io.cdcbridge.connectors.postgres.text.TupleRowConverter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.types.RowKind;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads snapshot splits of any of the slot's tables, one {@code COPY (SELECT ... WHERE <range>) TO STDOUT} each, over
 * one connection, in batches of rows (+I, {@code op_ts} 0); the batch that ends a split marks it finished.
 */
final class SnapshotFetcher implements SnapshotThenStreamSplitReader.SnapshotFetch<PgRecord, SnapshotSplit> {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotFetcher.class);

    private final SlotTables tables;
    private final TupleRowConverter[] converters;
    private final int batchRows;
    private SourceConfig config;
    private PostgresTable table;
    private String tableName; // for messages
    private int index;
    private Connection connection;
    private SnapshotSplit split;
    private CopyOut copy;
    private long copied;

    /** @param converters each table's, by index */
    SnapshotFetcher(SlotTables tables, TupleRowConverter[] converters, int batchRows) {
        this.tables = tables;
        this.converters = converters;
        this.batchRows = batchRows;
    }

    @Override
    public boolean reading() {
        return split != null;
    }

    @Override
    public void start(SnapshotSplit next) throws SQLException {
        split = next;
        copied = 0;
        index = tables.indexOf(next.table());
        // a split kept by a version that read one table names none
        if (index < 0 && next.table().equals(StreamSplit.ONE_TABLE) && tables.all().size() == 1) index = 0;
        if (index < 0) {
            // of a table the job no longer reads (restored from a version that did): finished as it is
            copy = null;
            return;
        }
        config = tables.all().get(index);
        table = config.table();
        tableName = table.schema() + "." + table.table();
        if (connection == null) connection = table.endpoint().connect();
        String columns = table.columns().stream().map(Identifiers::quote).collect(Collectors.joining(", "));
        String sql = "COPY (SELECT " + columns + " FROM " + table.quoted() + where(next) + ") TO STDOUT";
        copy = connection.unwrap(PGConnection.class).getCopyAPI().copyOut(sql);
    }

    @Override
    public RecordsWithSplitIds<PgRecord> fetch() throws SQLException {
        RecordsBySplits.Builder<PgRecord> batch = new RecordsBySplits.Builder<>();
        String id = split.splitId();
        int table = index;
        if (!copyInto(row -> batch.add(id, new PgRecord(table, row)))) batch.addFinishedSplit(id);
        return batch.build();
    }

    /** Hands up to a batch of the split's next rows to {@code rows}; false, no split being read any more, once it is read. */
    boolean copyInto(Consumer<GenericRowData> rows) throws SQLException {
        int columns = copy == null ? 0 : config.physicalType().getFieldCount();
        for (int i = 0; i < batchRows; i++) {
            byte[] line = copy == null ? null : copy.readFromCopy();
            if (line == null) {
                LOG.debug("cdcbridge-postgres: {} read, {} rows", split.splitId(), copied);
                split = null;
                copy = null;
                return false;
            }
            int length = line.length > 0 && line[line.length - 1] == '\n' ? line.length - 1 : line.length;
            GenericRowData row = converters[index].toRow(CopyTextLine.parse(line, 0, length, columns), tableName, RowKind.INSERT);
            config.setMetadata(row, 0);
            rows.accept(row);
            copied++;
        }
        return true;
    }

    @Override
    public void close() throws SQLException {
        if (connection != null) connection.close();
    }

    private String where(SnapshotSplit s) {
        if (s.lower() == null && s.upper() == null) return "";
        String key = Identifiers.quote(config.chunkKey());
        if (s.lower() == null) return " WHERE " + key + " < " + s.upper() + " OR " + key + " IS NULL";
        if (s.upper() == null) return " WHERE " + key + " >= " + s.lower();
        return " WHERE " + key + " >= " + s.lower() + " AND " + key + " < " + s.upper();
    }
}
