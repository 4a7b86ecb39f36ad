package io.cdcbridge.connectors.cdcjson;

import io.cdcbridge.connectors.options.DeclaredOptions;
import io.cdcbridge.connectors.options.OptionSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.formats.common.TimestampFormat;
import org.apache.flink.formats.json.JsonFormatOptions;
import org.apache.flink.formats.json.JsonFormatOptionsUtil;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DeserializationFormatFactory;
import org.apache.flink.table.factories.DynamicTableFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

/**
 * {@code 'format' = 'cdc-json'}: Debezium-style change events as JSON, one row per event with the event's own
 * fields as columns ({@code op}, {@code before}, {@code after}, the event time ...), each event checked by
 * {@link ChangeEventRules} first. A bad event fails the read with its reason; the {@code cdcbridge-kafka}
 * connector turns that into a dead letter instead.
 */
public final class CdcJsonFormatFactory implements DeserializationFormatFactory, DeclaredOptions {

    /** The format's name in a table's options. */
    public static final String IDENTIFIER = "cdc-json";

    /** Every option, in the README's order: this format's own, then the json format's it takes. */
    public static final OptionSet ALL = new OptionSet();

    public static final ConfigOption<List<String>> KEY_FIELDS = ALL.required(ConfigOptions.key("key-fields")
            .stringType().asList().noDefaultValue()
            .withDescription("the key fields of the captured table (`;` between several), looked up in `before` for a delete,"
                    + " else in `after`; an event whose row lacks one is malformed"));

    public static final ConfigOption<String> TIMESTAMP_FIELD = ALL.optional(ConfigOptions.key("timestamp-field")
            .stringType().defaultValue(ChangeEventRules.DEFAULT_TIMESTAMP_FIELD)
            .withDescription("the field holding the event time in milliseconds; an event without it is malformed"));

    public static final ConfigOption<Boolean> COERCE_TYPES = ALL.optional(ConfigOptions.key("coerce-types")
            .booleanType().defaultValue(false)
            .withDescription("`true`: a fractional number fits an integer column (cut towards zero) and a number, object or"
                    + " boolean a text column (as its JSON text), as the `json` format converts them; `false`: such an"
                    + " event is malformed"));

    static {
        ALL.stock(Set.of(), Set.of(JsonFormatOptions.TIMESTAMP_FORMAT));
    }

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public OptionSet options() {
        return ALL;
    }

    @Override
    public DecodingFormat<DeserializationSchema<RowData>> createDecodingFormat(
            DynamicTableFactory.Context context, ReadableConfig formatOptions) {
        FactoryUtil.validateFactoryOptions(this, formatOptions);
        ChangeEventRules rules;
        try {
            rules = new ChangeEventRules(formatOptions.get(KEY_FIELDS), formatOptions.get(TIMESTAMP_FIELD));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("table '" + context.getObjectIdentifier().asSummaryString() + "', format '"
                    + IDENTIFIER + "': " + e.getMessage(), e);
        }
        TimestampFormat timestampFormat = JsonFormatOptionsUtil.getTimestampFormat(formatOptions);
        boolean coerceTypes = formatOptions.get(COERCE_TYPES);
        return new DecodingFormat<>() {
            @Override
            public DeserializationSchema<RowData> createRuntimeDecoder(DynamicTableSource.Context ctx, DataType physicalDataType) {
                return new CdcJsonDeserializer(rules, (RowType) physicalDataType.getLogicalType(),
                        ctx.createTypeInformation(physicalDataType), timestampFormat, coerceTypes);
            }

            @Override
            public ChangelogMode getChangelogMode() {
                return ChangelogMode.insertOnly();
            }
        };
    }
}
