package io.cdcbridge.connectors.mysql.source;

import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.table.data.RowData;

/**
 * The {@code cdcbridge-mysql} source (FLIP-27): a parallel snapshot of one MySQL/MariaDB table in key-range chunks,
 * then its changes from the binlog, read with mysql-binlog-connector-java and decoded straight into Flink rows.
 */
public final class MysqlSource implements Source<RowData, MysqlSplit, MysqlEnumeratorState> {

    private static final long serialVersionUID = 1L;

    private final MysqlSourceConfig config;

    public MysqlSource(MysqlSourceConfig config) {
        this.config = config;
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SourceReader<RowData, MysqlSplit> createReader(SourceReaderContext context) {
        return new MysqlSourceReader(config, context);
    }

    @Override
    public SplitEnumerator<MysqlSplit, MysqlEnumeratorState> createEnumerator(SplitEnumeratorContext<MysqlSplit> context) {
        return new MysqlEnumerator(config, context, null);
    }

    @Override
    public SplitEnumerator<MysqlSplit, MysqlEnumeratorState> restoreEnumerator(SplitEnumeratorContext<MysqlSplit> context,
                                                                              MysqlEnumeratorState state) {
        return new MysqlEnumerator(config, context, state);
    }

    @Override
    public SimpleVersionedSerializer<MysqlSplit> getSplitSerializer() {
        return MysqlSplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<MysqlEnumeratorState> getEnumeratorCheckpointSerializer() {
        return MysqlSplitSerializer.ENUMERATOR;
    }
}
