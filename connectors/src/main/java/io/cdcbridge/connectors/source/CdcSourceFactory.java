package io.cdcbridge.connectors.source;

import io.cdcbridge.connectors.options.DeclaredOptions;
import io.cdcbridge.connectors.options.OptionSet;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.types.logical.RowType;

/**
 * The table factory of a CDC source: takes the stock connector's option names, so a table switches by its connector
 * name alone ({@code debezium.*} options are accepted and ignored), and checks a table as {@link SourceTable} says
 * before the source makes its table source of it.
 */
public abstract class CdcSourceFactory implements DynamicTableSourceFactory, DeclaredOptions {

    private final String identifier;
    private final OptionSet options;
    private final String database;
    private final String stock;

    /**
     * @param identifier the value of 'connector'
     * @param database the source's database, as messages name it ("PostgreSQL")
     * @param stock the stock connector it stands in for ("postgres-cdc")
     */
    protected CdcSourceFactory(String identifier, OptionSet options, String database, String stock) {
        this.identifier = identifier;
        this.options = options;
        this.database = database;
        this.stock = stock;
    }

    /** Refuses a column type the source does not read, with an {@link IllegalArgumentException} naming the column. */
    protected abstract void checkReadable(RowType physical);

    /** The table source of a checked table. */
    protected abstract DynamicTableSource create(SourceTable table, Context context);

    @Override
    public final String factoryIdentifier() {
        return identifier;
    }

    @Override
    public final OptionSet options() {
        return options;
    }

    @Override
    public final DynamicTableSource createDynamicTableSource(Context context) {
        return create(SourceTable.check(this, context, database, stock), context);
    }
}
