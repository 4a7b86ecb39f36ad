package io.cdcbridge.connectors.jdbc;

import io.cdcbridge.connectors.options.OptionSet;
import io.cdcbridge.connectors.options.DeclaredOptions;
import static io.cdcbridge.connectors.jdbc.JdbcSinkOptions.ALL;
import static io.cdcbridge.connectors.jdbc.JdbcSinkOptions.AUTO_CREATE;
import static io.cdcbridge.connectors.jdbc.JdbcSinkOptions.BUFFER_FLUSH_INTERVAL;
import static io.cdcbridge.connectors.jdbc.JdbcSinkOptions.BUFFER_FLUSH_MAX_ROWS;
import static io.cdcbridge.connectors.jdbc.JdbcSinkOptions.DELETE_MODE;
import static io.cdcbridge.connectors.jdbc.JdbcSinkOptions.MAX_RETRIES;
import static io.cdcbridge.connectors.jdbc.JdbcSinkOptions.PASSWORD;
import static io.cdcbridge.connectors.jdbc.JdbcSinkOptions.RETRY_BACKOFF;
import static io.cdcbridge.connectors.jdbc.JdbcSinkOptions.RETRY_BACKOFF_MAX;
import static io.cdcbridge.connectors.jdbc.JdbcSinkOptions.SINK_PARALLELISM;
import static io.cdcbridge.connectors.jdbc.JdbcSinkOptions.SOFT_DELETE_COLUMN;
import static io.cdcbridge.connectors.jdbc.JdbcSinkOptions.TABLE_NAME;
import static io.cdcbridge.connectors.jdbc.JdbcSinkOptions.TOMBSTONE_RETENTION;
import static io.cdcbridge.connectors.jdbc.JdbcSinkOptions.TOMBSTONE_TABLE;
import static io.cdcbridge.connectors.jdbc.JdbcSinkOptions.URL;
import static io.cdcbridge.connectors.jdbc.JdbcSinkOptions.USERNAME;
import static io.cdcbridge.connectors.jdbc.JdbcSinkOptions.VERSION_COLUMN;


import io.cdcbridge.connectors.deadletter.DeadLetterOptions;
import io.cdcbridge.connectors.jdbc.dialect.Column;
import io.cdcbridge.connectors.jdbc.dialect.Dialect;
import io.cdcbridge.connectors.jdbc.dialect.Dialects;
import io.cdcbridge.connectors.jdbc.dialect.Table;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.catalog.UniqueConstraint;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.FactoryUtil;

/**
 * The {@code 'connector' = 'cdcbridge-jdbc'} table sink: upserts a changelog into PostgreSQL, MySQL or MariaDB by
 * primary key, guarded by a version column, with hard, soft or ignored deletes and a dead-letter topic.
 */
public final class JdbcSinkFactory implements DynamicTableSinkFactory, DeclaredOptions {

    /** The value of 'connector'. */
    public static final String IDENTIFIER = "cdcbridge-jdbc";

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public OptionSet options() {
        return ALL;
    }

    @Override
    public DynamicTableSink createDynamicTableSink(Context context) {
        DeclaredOptions.Checked checked = DeclaredOptions.check(this, FactoryUtil.createTableFactoryHelper(this, context), context);
        ReadableConfig options = checked.options();
        String where = checked.where();
        try {
            ResolvedSchema schema = context.getCatalogTable().getResolvedSchema();
            List<String> key = schema.getPrimaryKey().map(UniqueConstraint::getColumns).orElse(List.of());
            List<Column> columns = schema.getColumns().stream().filter(org.apache.flink.table.catalog.Column::isPhysical)
                    .map(c -> new Column(c.getName(), c.getDataType().getLogicalType())).toList();
            String tableName = options.get(TABLE_NAME);
            Table table = new Table(Arrays.asList(tableName.split("\\.", -1)), columns, key);
            JdbcSinkConfig config = new JdbcSinkConfig(options.get(URL), table, options.get(USERNAME), options.get(PASSWORD),
                    options.get(VERSION_COLUMN), options.get(DELETE_MODE), options.get(SOFT_DELETE_COLUMN), options.get(AUTO_CREATE),
                    options.get(BUFFER_FLUSH_MAX_ROWS), options.get(BUFFER_FLUSH_INTERVAL), options.get(MAX_RETRIES),
                    options.get(RETRY_BACKOFF), options.get(RETRY_BACKOFF_MAX),
                    options.getOptional(TOMBSTONE_TABLE).orElse(table.simpleName() + "__cdcbridge_tombstones"),
                    options.get(TOMBSTONE_RETENTION),
                    DeadLetterOptions.target(options, context.getCatalogTable().getOptions()).orElse(null),
                    options.get(JdbcSinkOptions.NON_FINITE_FLOATS), options.get(JdbcSinkOptions.CONNECTIONS));
            Dialect dialect = Dialects.forUrl(config.url());
            SinkModel.of(config, dialect); // refuses now what the writers could not do later
            return new JdbcDynamicTableSink(config, options.get(SINK_PARALLELISM));
        } catch (IllegalArgumentException e) {
            throw new ValidationException(where + ": " + e.getMessage(), e);
        }
    }
}
