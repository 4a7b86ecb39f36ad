package io.cdcbridge.connectors.mysql.source;

import io.cdcbridge.connectors.mysql.MysqlEndpoint;
import io.cdcbridge.connectors.mysql.values.RowConverter;
import io.cdcbridge.connectors.mysql.values.TableColumns;
import io.cdcbridge.connectors.source.SnapshotThenStreamSplitReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.table.data.GenericRowData;

/**
 * Reads chunks, one SELECT of the declared columns each over one connection, its result set streamed
 * ({@code scan.snapshot.fetch.size} rows at a time), in batches of rows (+I); the batch that ends a chunk marks it
 * finished.
 */
final class ChunkFetcher implements SnapshotThenStreamSplitReader.SnapshotFetch<MysqlRecord, ChunkSplit> {

    private final MysqlSourceConfig config;
    private Connection connection;
    private RowConverter converter;
    private ChunkSplit chunk;
    private PreparedStatement statement;
    private ResultSet rows;

    ChunkFetcher(MysqlSourceConfig config) {
        this.config = config;
    }

    @Override
    public boolean reading() {
        return chunk != null;
    }

    @Override
    public void start(ChunkSplit next) throws SQLException {
        if (connection == null) {
            connection = config.endpoint().connect();
            converter = RowConverter.of(config.describe(), config.physicalType(), TableColumns.read(connection,
                    config.endpoint().database(), config.table(), config.describe()), config.metadata().size());
        }
        chunk = next;
        String sql = "SELECT " + converter.selectList() + " FROM " + config.quotedTable() + where(next);
        statement = connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        statement.setFetchSize(config.fetchSize());
        int p = 1;
        if (next.lower() != null) statement.setLong(p++, next.lower());
        if (next.upper() != null) statement.setLong(p, next.upper());
        rows = statement.executeQuery();
    }

    @Override
    public RecordsWithSplitIds<MysqlRecord> fetch() throws SQLException {
        RecordsBySplits.Builder<MysqlRecord> batch = new RecordsBySplits.Builder<>();
        String id = chunk.splitId();
        for (int i = 0; i < MysqlSplitReader.BATCH_ROWS; i++) {
            if (!rows.next()) {
                rows.close();
                statement.close();
                rows = null;
                statement = null;
                chunk = null;
                batch.addFinishedSplit(id);
                break;
            }
            GenericRowData row = converter.fromSnapshot(rows);
            config.setMetadata(row, 0);
            batch.add(id, MysqlRecord.snapshot(row));
        }
        return batch.build();
    }

    private String where(ChunkSplit s) {
        if (s.lower() == null && s.upper() == null) return "";
        String key = MysqlEndpoint.quote(config.chunkKey());
        if (s.lower() == null) return " WHERE " + key + " < ? OR " + key + " IS NULL";
        if (s.upper() == null) return " WHERE " + key + " >= ?";
        return " WHERE " + key + " >= ? AND " + key + " < ?";
    }

    @Override
    public void close() throws SQLException {
        if (connection != null) connection.close();
    }
}
