package io.cdcbridge.connectors.mysql.source;

import io.cdcbridge.connectors.source.SnapshotThenStreamEnumerator;
import io.cdcbridge.connectors.source.SnapshotThenStreamSource;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.table.data.RowData;

/**
 * The {@code cdcbridge-mysql} source (FLIP-27): a parallel snapshot of one MySQL/MariaDB table in key-range chunks,
 * then its changes from the binlog, read with mysql-binlog-connector-java and decoded straight into Flink rows.
 */
public final class MysqlSource extends SnapshotThenStreamSource<RowData, MysqlSplit, MysqlEnumeratorState> {

    private static final long serialVersionUID = 1L;

    private final MysqlSourceConfig config;

    public MysqlSource(MysqlSourceConfig config) {
        super(false);
        this.config = config;
    }

    @Override
    public SourceReader<RowData, MysqlSplit> createReader(SourceReaderContext context) {
        return new MysqlSourceReader(config, context);
    }

    @Override
    protected SnapshotThenStreamEnumerator<MysqlSplit, MysqlEnumeratorState> enumerator(SplitEnumeratorContext<MysqlSplit> context,
                                                                                      MysqlEnumeratorState restored) {
        return new MysqlEnumerator(config, context, restored);
    }

    @Override
    protected MysqlCheckpointFormat format() {
        return MysqlCheckpointFormat.INSTANCE;
    }
}
