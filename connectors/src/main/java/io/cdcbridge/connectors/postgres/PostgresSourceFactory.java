package io.cdcbridge.connectors.postgres;

import io.cdcbridge.connectors.source.CdcSourceFactory;
import io.cdcbridge.connectors.source.SourceTable;
import static io.cdcbridge.connectors.postgres.PostgresSourceOptions.ALL;
import static io.cdcbridge.connectors.postgres.PostgresSourceOptions.CONNECTION;
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
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.types.logical.RowType;

/**
 * {@code 'connector' = 'cdcbridge-postgres'}: one PostgreSQL table as a changelog, a parallel COPY snapshot and then
 * its changes through a logical slot with pgoutput, as postgres-cdc's ({@link CdcSourceFactory}).
 */
public final class PostgresSourceFactory extends CdcSourceFactory {

    /** The value of 'connector'. */
    public static final String IDENTIFIER = "cdcbridge-postgres";

    public PostgresSourceFactory() {
        super(IDENTIFIER, ALL, "PostgreSQL", "postgres-cdc");
    }

    @Override
    protected void checkReadable(RowType physical) {
        new TupleRowConverter(physical, 0);
    }

    @Override
    protected DynamicTableSource create(SourceTable checked, Context context) {
        ReadableConfig options = checked.options();
        RowType physical = checked.physical();
        List<String> key = checked.key();
        String chunkKey = checked.chunkKey();
        String slot = options.get(SLOT_NAME);
        PostgresEndpoint endpoint = new PostgresEndpoint(options.get(CONNECTION.hostname()), options.get(CONNECTION.port()),
                options.get(CONNECTION.databaseName()), options.get(CONNECTION.username()), options.get(CONNECTION.password()));
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
