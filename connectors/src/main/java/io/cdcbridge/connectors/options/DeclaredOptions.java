package io.cdcbridge.connectors.options;

import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.factories.DynamicTableFactory;
import org.apache.flink.table.factories.Factory;
import org.apache.flink.table.factories.FactoryUtil;

/**
 * A connector or format factory whose options are one {@link OptionSet}: Flink's {@code requiredOptions()} and
 * {@code optionalOptions()} are answered from it, and a connector checks a table's options with {@link #check}.
 */
public interface DeclaredOptions extends Factory {

    /** The factory's options, declared once. */
    OptionSet options();

    @Override
    default Set<ConfigOption<?>> requiredOptions() {
        return options().requiredOptions();
    }

    @Override
    default Set<ConfigOption<?>> optionalOptions() {
        return options().optionalOptions();
    }

    /**
     * A connector table's options, checked by Flink (unknown keys, types; the set's prefixes passed through: formats
     * are discovered through {@code helper} before) and then by each option's rule, with the messages naming the table
     * and the connector.
     */
    static Checked check(DeclaredOptions factory, FactoryUtil.TableFactoryHelper helper, DynamicTableFactory.Context context) {
        helper.validateExcept(factory.options().prefixes());
        String where = "table " + context.getObjectIdentifier().asSummaryString() + " ('connector' = '"
                + factory.factoryIdentifier() + "')";
        factory.options().validate(helper.getOptions(), where);
        return new Checked(helper.getOptions(), where);
    }

    /**
     * A table's checked options.
     *
     * @param where the table and its connector, as messages about its options start
     */
    record Checked(ReadableConfig options, String where) {}
}
