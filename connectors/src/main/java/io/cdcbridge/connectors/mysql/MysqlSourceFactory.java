package io.cdcbridge.connectors.mysql;

import io.cdcbridge.connectors.source.CdcSourceFactory;
import io.cdcbridge.connectors.source.SourceTable;
import static io.cdcbridge.connectors.mysql.MysqlSourceOptions.ALL;
import static io.cdcbridge.connectors.mysql.MysqlSourceOptions.CONNECTION;
import static io.cdcbridge.connectors.options.CdcSourceOptions.CHUNK_SIZE;
import static io.cdcbridge.connectors.mysql.MysqlSourceOptions.FETCH_SIZE;
import static io.cdcbridge.connectors.mysql.MysqlSourceOptions.SCAN_STARTUP_MODE;
import static io.cdcbridge.connectors.mysql.MysqlSourceOptions.SCHEMA_CHANGE_BEHAVIOR;
import static io.cdcbridge.connectors.mysql.MysqlSourceOptions.SERVER_ID;
import static io.cdcbridge.connectors.mysql.MysqlSourceOptions.TABLE_NAME;

import io.cdcbridge.connectors.mysql.source.MysqlSourceConfig;
import io.cdcbridge.connectors.mysql.values.FlinkValues;
import java.util.List;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.types.logical.RowType;

/**
 * {@code 'connector' = 'cdcbridge-mysql'}: one MySQL or MariaDB table as a changelog, a parallel chunked snapshot and
 * then its changes from the binlog, as mysql-cdc's ({@link CdcSourceFactory}).
 */
public final class MysqlSourceFactory extends CdcSourceFactory {

    /** The value of 'connector'. */
    public static final String IDENTIFIER = "cdcbridge-mysql";

    public MysqlSourceFactory() {
        super(IDENTIFIER, ALL, "MySQL", "mysql-cdc");
    }

    @Override
    protected DynamicTableSource create(SourceTable checked, Context context) {
        ReadableConfig options = checked.options();
        RowType physical = checked.physical();
        List<String> key = checked.key();
        String chunkKey = checked.chunkKey();
        String database = options.get(CONNECTION.databaseName());
        String table = options.get(TABLE_NAME);
        MysqlEndpoint endpoint = MysqlEndpoint.of(options);
        return new MysqlTableSource(new MysqlSourceConfig(endpoint, table, physical, key, chunkKey, options.get(CHUNK_SIZE),
                options.get(FETCH_SIZE), MysqlSourceOptions.serverId(options.getOptional(SERVER_ID).orElse(null), database, table),
                options.get(SCAN_STARTUP_MODE) == MysqlSourceOptions.StartupMode.INITIAL,
                options.get(SCHEMA_CHANGE_BEHAVIOR) == MysqlSourceOptions.SchemaChangeBehavior.FAIL, List.of()));
    }

    @Override
    protected void checkReadable(RowType physical) {
        for (RowType.RowField f : physical.getFields()) {
            if (!FlinkValues.readable(f.getType())) {
                throw new IllegalArgumentException("column '" + f.getName() + "' is " + f.getType().asSummaryString()
                        + ", a type cdcbridge-mysql does not read into (numbers, DECIMAL, BOOLEAN, strings, BYTES, DATE,"
                        + " TIME, TIMESTAMP and TIMESTAMP_LTZ)");
            }
        }
    }
}
