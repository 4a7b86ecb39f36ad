package io.cdcbridge.connectors.postgres.source;

import io.cdcbridge.connectors.postgres.Identifiers;
import io.cdcbridge.connectors.postgres.PostgresTable;
import io.cdcbridge.connectors.postgres.text.CopyTextLine;
import io.cdcbridge.connectors.postgres.text.TupleRowConverter;
import java.sql.Connection;
import java.sql.SQLException;
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
 * Reads snapshot splits, one {@code COPY (SELECT ... WHERE <range>) TO STDOUT} each, over one connection, in
 * batches of rows (+I, {@code op_ts} 0); the batch that ends a split marks it finished.
 */
final class SnapshotFetcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotFetcher.class);

    private final SourceConfig config;
    private final PostgresTable table;
    private final TupleRowConverter converter;
    private final int batchRows;
    private Connection connection;
    private SnapshotSplit split;
    private CopyOut copy;
    private long copied;

    SnapshotFetcher(SourceConfig config, TupleRowConverter converter, int batchRows) {
        this.config = config;
        this.table = config.table();
        this.converter = converter;
        this.batchRows = batchRows;
    }

    /** Whether a split is being read. */
    boolean reading() {
        return split != null;
    }

    /** Starts reading a split; the one before must be finished. */
    void start(SnapshotSplit next) throws SQLException {
        if (connection == null) connection = table.endpoint().connect();
        String columns = table.columns().stream().map(Identifiers::quote).collect(Collectors.joining(", "));
        String sql = "COPY (SELECT " + columns + " FROM " + table.quoted() + where(next) + ") TO STDOUT";
        copy = connection.unwrap(PGConnection.class).getCopyAPI().copyOut(sql);
        split = next;
        copied = 0;
    }

    /** The next rows of the split being read. */
    RecordsWithSplitIds<PgRecord> fetch() throws SQLException {
        RecordsBySplits.Builder<PgRecord> batch = new RecordsBySplits.Builder<>();
        String id = split.splitId();
        int columns = config.physicalType().getFieldCount();
        for (int i = 0; i < batchRows; i++) {
            byte[] line = copy.readFromCopy();
            if (line == null) {
                LOG.debug("cdcbridge-postgres {}: {} read, {} rows", table.describe(), id, copied);
                batch.addFinishedSplit(id);
                split = null;
                copy = null;
                break;
            }
            int length = line.length > 0 && line[line.length - 1] == '\n' ? line.length - 1 : line.length;
            GenericRowData row = converter.toRow(CopyTextLine.parse(line, 0, length, columns), RowKind.INSERT);
            config.setMetadata(row, 0);
            batch.add(id, new PgRecord(row, 0, 0));
            copied++;
        }
        return batch.build();
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
