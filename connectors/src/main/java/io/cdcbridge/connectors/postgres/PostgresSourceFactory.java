package io.cdcbridge.connectors.postgres;

import io.cdcbridge.connectors.options.CdcSourceOptions;
import io.cdcbridge.connectors.options.OptionSet;
import io.cdcbridge.connectors.options.DeclaredOptions;
import static io.cdcbridge.connectors.postgres.PostgresSourceOptions.ALL;
import static io.cdcbridge.connectors.postgres.PostgresSourceOptions.CONNECTION;
import static io.cdcbridge.connectors.options.CdcSourceOptions.CHUNK_KEY_COLUMN;
import static io.cdcbridge.connectors.options.CdcSourceOptions.CHUNK_SIZE;
import static io.cdcbridge.connectors.postgres.PostgresSourceOptions.CHANGELOG_MODE;
import static io.cdcbridge.connectors.postgres.PostgresSourceOptions.PUBLICATION_NAME;
import static io.cdcbridge.connectors.postgres.PostgresSourceOptions.SCAN_STARTUP_MODE;
import static io.cdcbridge.connectors.postgres.PostgresSourceOptions.SCHEMA_CHANGE_BEHAVIOR;
import static io.cdcbridge.connectors.postgres.PostgresSourceOptions.SCHEMA_NAME;
import static io.cdcbridge.connectors.postgres.PostgresSourceOptions.SLOT_NAME;
import static io.cdcbridge.connectors.postgres.PostgresSourceOptions.TABLE_NAME;

import io.cdcbridge.connectors.postgres.PostgresSourceOptions.StartupMode;
import io.cdcbridge.connectors.postgres.source.SchemaChangePolicy;
import io.cdcbridge.connectors.postgres.source.SourceConfig;
import io.cdcbridge.connectors.postgres.text.TupleRowConverter;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.catalog.UniqueConstraint;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.logical.RowType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code 'connector' = 'cdcbridge-postgres'}: one PostgreSQL table as a changelog, a parallel COPY snapshot and then
 * its changes through a logical slot with pgoutput. Takes postgres-cdc's option names, so a table switches by its
 * connector name alone; {@code debezium.*} options are accepted and ignored.
 */
public final class PostgresSourceFactory implements DynamicTableSourceFactory, DeclaredOptions {

    /** The value of 'connector'. */
    public static final String IDENTIFIER = "cdcbridge-postgres";

    private static final Logger LOG = LoggerFactory.getLogger(PostgresSourceFactory.class);

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
        context.getCatalogTable().getOptions().keySet().stream().filter(k -> k.startsWith(CdcSourceOptions.DEBEZIUM_PREFIX)).forEach(k ->
                LOG.warn("{}: option '{}' is for postgres-cdc's Debezium and is ignored", where, k));
        ResolvedSchema schema = context.getCatalogTable().getResolvedSchema();
        List<String> key = schema.getPrimaryKey().map(UniqueConstraint::getColumns).orElse(List.of());
        if (key.isEmpty()) {
            throw new ValidationException(where + " needs a PRIMARY KEY (...) NOT ENFORCED, the table's key in PostgreSQL:"
                    + " the snapshot is split by it and it tells updates of a row from key changes");
        }
        RowType physical = (RowType) context.getPhysicalRowDataType().getLogicalType();
        try {
            new TupleRowConverter(physical, 0); // refuses an unsupported column type now, not when the job runs
        } catch (IllegalArgumentException e) {
            throw new ValidationException(where + ": " + e.getMessage(), e);
        }
        String chunkKey = options.getOptional(CHUNK_KEY_COLUMN).orElse(key.size() == 1 ? key.get(0) : null);
        if (chunkKey != null && !physical.getFieldNames().contains(chunkKey)) {
            throw new ValidationException(where + ": '" + CHUNK_KEY_COLUMN.key() + "' = '" + chunkKey + "' is not a column"
                    + " of the table");
        }
        String slot = options.get(SLOT_NAME);
        PostgresEndpoint endpoint = new PostgresEndpoint(options.get(CONNECTION.hostname()), options.get(CONNECTION.port()), options.get(CONNECTION.databaseName()),
                options.get(CONNECTION.username()), options.get(CONNECTION.password()));
        PostgresTable table = new PostgresTable(endpoint, options.get(SCHEMA_NAME), options.get(TABLE_NAME),
                physical.getFieldNames(), key);
        return new PostgresTableSource(new SourceConfig(table, slot,
                PostgresSourceOptions.publication(slot, options.getOptional(PUBLICATION_NAME)), options.get(SCAN_STARTUP_MODE) != StartupMode.LATEST_OFFSET,
                options.get(CHUNK_SIZE), chunkKey, options.get(CHANGELOG_MODE) == PostgresSourceOptions.ChangelogMode.UPSERT,
                physical, List.of(), new SchemaChangePolicy(options.get(SCHEMA_CHANGE_BEHAVIOR),
                        context.getObjectIdentifier().getObjectName(),
                        context.getConfiguration().getOptional(PipelineOptions.NAME).orElse(null),
                        options.getOptional(PostgresSourceOptions.NEW_TABLES_PATTERN).orElse(null)),
                options.get(SCAN_STARTUP_MODE) == StartupMode.SNAPSHOT));
    }
}
