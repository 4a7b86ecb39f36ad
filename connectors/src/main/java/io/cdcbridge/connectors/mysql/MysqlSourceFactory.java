package io.cdcbridge.connectors.mysql;

import io.cdcbridge.connectors.options.CdcSourceOptions;
import io.cdcbridge.connectors.options.OptionSet;
import io.cdcbridge.connectors.options.DeclaredOptions;
import static io.cdcbridge.connectors.mysql.MysqlSourceOptions.ALL;
import static io.cdcbridge.connectors.mysql.MysqlSourceOptions.CONNECTION;
import static io.cdcbridge.connectors.options.CdcSourceOptions.CHUNK_KEY_COLUMN;
import static io.cdcbridge.connectors.options.CdcSourceOptions.CHUNK_SIZE;
import static io.cdcbridge.connectors.mysql.MysqlSourceOptions.FETCH_SIZE;
import static io.cdcbridge.connectors.mysql.MysqlSourceOptions.SCAN_STARTUP_MODE;
import static io.cdcbridge.connectors.mysql.MysqlSourceOptions.SCHEMA_CHANGE_BEHAVIOR;
import static io.cdcbridge.connectors.mysql.MysqlSourceOptions.SERVER_ID;
import static io.cdcbridge.connectors.mysql.MysqlSourceOptions.TABLE_NAME;

import io.cdcbridge.connectors.mysql.source.MysqlSourceConfig;
import io.cdcbridge.connectors.mysql.values.FlinkValues;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.UniqueConstraint;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.logical.RowType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code 'connector' = 'cdcbridge-mysql'}: one MySQL or MariaDB table as a changelog, a parallel chunked snapshot and
 * then its changes from the binlog. Takes mysql-cdc's option names, so a table switches by its connector name alone;
 * {@code debezium.*} options are accepted and ignored.
 */
public final class MysqlSourceFactory implements DynamicTableSourceFactory, DeclaredOptions {

    /** The value of 'connector'. */
    public static final String IDENTIFIER = "cdcbridge-mysql";

    private static final Logger LOG = LoggerFactory.getLogger(MysqlSourceFactory.class);

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public OptionSet options() {
        return ALL;
    }

    @Override
    public DynamicTableSource createDynamicTableSource(Context context) {
        DeclaredOptions.Checked checked = DeclaredOptions.check(this, FactoryUtil.createTableFactoryHelper(this, context), context);
        ReadableConfig options = checked.options();
        String where = checked.where();
        context.getCatalogTable().getOptions().keySet().stream().filter(k -> k.startsWith(CdcSourceOptions.DEBEZIUM_PREFIX))
                .forEach(k -> LOG.warn("{}: option '{}' is for mysql-cdc's Debezium and is ignored", where, k));
        List<String> key = context.getCatalogTable().getResolvedSchema().getPrimaryKey()
                .map(UniqueConstraint::getColumns).orElse(List.of());
        if (key.isEmpty()) {
            throw new ValidationException(where + " needs a PRIMARY KEY (...) NOT ENFORCED, the table's key in MySQL:"
                    + " the snapshot is split by it and it tells updates of a row from key changes");
        }
        RowType physical = (RowType) context.getPhysicalRowDataType().getLogicalType();
        for (RowType.RowField f : physical.getFields()) {
            if (!FlinkValues.readable(f.getType())) {
                throw new ValidationException(where + ": column '" + f.getName() + "' is " + f.getType().asSummaryString()
                        + ", a type cdcbridge-mysql does not read into (numbers, DECIMAL, BOOLEAN, strings, BYTES, DATE,"
                        + " TIME, TIMESTAMP and TIMESTAMP_LTZ)");
            }
        }
        String chunkKey = options.getOptional(CHUNK_KEY_COLUMN).orElse(key.size() == 1 ? key.get(0) : null);
        if (chunkKey != null && !physical.getFieldNames().contains(chunkKey)) {
            throw new ValidationException(where + ": '" + CHUNK_KEY_COLUMN.key() + "' = '" + chunkKey + "' is not a column"
                    + " of the table");
        }
        String database = options.get(CONNECTION.databaseName());
        String table = options.get(TABLE_NAME);
        MysqlEndpoint endpoint = new MysqlEndpoint(options.get(CONNECTION.hostname()), options.get(CONNECTION.port()), database,
                options.get(CONNECTION.username()), options.get(CONNECTION.password()));
        return new MysqlTableSource(new MysqlSourceConfig(endpoint, table, physical, key, chunkKey, options.get(CHUNK_SIZE),
                options.get(FETCH_SIZE), MysqlSourceOptions.serverId(options.getOptional(SERVER_ID).orElse(null), database, table),
                options.get(SCAN_STARTUP_MODE) == MysqlSourceOptions.StartupMode.INITIAL,
                options.get(SCHEMA_CHANGE_BEHAVIOR) == MysqlSourceOptions.SchemaChangeBehavior.FAIL, List.of()));
    }
}
