package io.cdcbridge.connectors.source;

import static io.cdcbridge.connectors.options.CdcSourceOptions.CHUNK_KEY_COLUMN;
import static io.cdcbridge.connectors.options.CdcSourceOptions.DEBEZIUM_PREFIX;

import io.cdcbridge.connectors.options.DeclaredOptions;
import java.util.List;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.UniqueConstraint;
import org.apache.flink.table.factories.DynamicTableFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.logical.RowType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A CDC source's table as its factory ({@link CdcSourceFactory}) checked it, the same way for each source: its options (those of the stock
 * connector's Debezium logged as ignored), a primary key, column types the source reads, and the column its snapshot
 * is split by; a refusal names the table and its connector, and the column.
 *
 * @param where the table and its connector, as messages about it start
 * @param key the primary key's columns
 * @param chunkKey the column the snapshot is split by, null when there is none (a composite key, no option)
 */
public record SourceTable(ReadableConfig options, String where, RowType physical, List<String> key, String chunkKey) {

    private static final Logger LOG = LoggerFactory.getLogger(SourceTable.class);

    // a table of factory's; database and stock as CdcSourceFactory's
    static SourceTable check(CdcSourceFactory factory, DynamicTableFactory.Context context, String database, String stock) {
        DeclaredOptions.Checked checked = DeclaredOptions.check(factory, FactoryUtil.createTableFactoryHelper(factory, context), context);
        ReadableConfig options = checked.options();
        String where = checked.where();
        context.getCatalogTable().getOptions().keySet().stream().filter(k -> k.startsWith(DEBEZIUM_PREFIX)).forEach(k ->
                LOG.warn("{}: option '{}' is for {}'s Debezium and is ignored", where, k, stock));
        List<String> key = context.getCatalogTable().getResolvedSchema().getPrimaryKey()
                .map(UniqueConstraint::getColumns).orElse(List.of());
        if (key.isEmpty()) {
            throw new ValidationException(where + " needs a PRIMARY KEY (...) NOT ENFORCED, the table's key in " + database
                    + ": the snapshot is split by it and it tells updates of a row from key changes");
        }
        RowType physical = (RowType) context.getPhysicalRowDataType().getLogicalType();
        try {
            factory.checkReadable(physical); // refuses an unsupported column type now, not when the job runs
        } catch (IllegalArgumentException e) {
            throw new ValidationException(where + ": " + e.getMessage(), e);
        }
        String chunkKey = options.getOptional(CHUNK_KEY_COLUMN).orElse(key.size() == 1 ? key.get(0) : null);
        if (chunkKey != null && !physical.getFieldNames().contains(chunkKey)) {
            throw new ValidationException(where + ": '" + CHUNK_KEY_COLUMN.key() + "' = '" + chunkKey + "' is not a column"
                    + " of the table");
        }
        return new SourceTable(options, where, physical, key, chunkKey);
    }
}
