package io.cdcbridge.connectors.avro;

import io.cdcbridge.connectors.options.OptionSet;
import io.cdcbridge.connectors.options.DeclaredOptions;
import java.util.Set;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.format.EncodingFormat;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DeserializationFormatFactory;
import org.apache.flink.table.factories.DynamicTableFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.factories.SerializationFormatFactory;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

/**
 * {@code 'format' = 'avro-confluent'}: Avro in Confluent's wire format against a Confluent-compatible schema registry
 * (cdcbridge's own, whose subjects are the contracts, or another), with the identifier and option names of Flink's
 * own format. Written with the table's Avro form (the contract's schema: a record named after the table, for a key
 * subject {@code <table>_key}), read by each record's schema id into the table's columns.
 */
public final class AvroConfluentFormatFactory implements DeserializationFormatFactory, SerializationFormatFactory, DeclaredOptions {

    /** The format's name in a table's options. */
    public static final String IDENTIFIER = "avro-confluent";

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public OptionSet options() {
        return AvroConfluentOptions.ALL;
    }

    @Override
    public DecodingFormat<DeserializationSchema<RowData>> createDecodingFormat(DynamicTableFactory.Context context,
                                                                              ReadableConfig options) {
        FactoryUtil.validateFactoryOptions(this, options);
        AvroConfluentOptions.ALL.validate(options, where(context));
        RegistryClient registry = AvroConfluentOptions.client(options);
        String table = context.getObjectIdentifier().getObjectName();
        return new DecodingFormat<>() {
            @Override
            public DeserializationSchema<RowData> createRuntimeDecoder(DynamicTableSource.Context ctx, DataType physical) {
                RowType row = (RowType) physical.getLogicalType();
                return new ConfluentAvroDeserializer(registry, schema(options, table, row, context), row,
                        ctx.createTypeInformation(physical));
            }

            @Override
            public ChangelogMode getChangelogMode() {
                return ChangelogMode.insertOnly();
            }
        };
    }

    @Override
    public EncodingFormat<SerializationSchema<RowData>> createEncodingFormat(DynamicTableFactory.Context context,
                                                                            ReadableConfig options) {
        FactoryUtil.validateFactoryOptions(this, options);
        AvroConfluentOptions.ALL.validate(options, where(context));
        String subject = options.getOptional(AvroConfluentOptions.SUBJECT).orElseThrow(() -> new ValidationException(
                where(context) + ": '" + AvroConfluentOptions.SUBJECT.key() + "' is needed to write (the subject the schema"
                        + " is registered under; the Kafka connectors set it for a table of one topic)"));
        RegistryClient registry = AvroConfluentOptions.client(options);
        String table = context.getObjectIdentifier().getObjectName() + (subject.endsWith("-key") ? "_key" : "");
        return new EncodingFormat<>() {
            @Override
            public SerializationSchema<RowData> createRuntimeEncoder(DynamicTableSink.Context ctx, DataType physical) {
                RowType row = (RowType) physical.getLogicalType();
                return new ConfluentAvroSerializer(registry, subject, schema(options, table, row, context), row);
            }

            @Override
            public ChangelogMode getChangelogMode() {
                return ChangelogMode.insertOnly();
            }
        };
    }

    // the declared schema, else the table's Avro form; a column whose type has no Avro form is named
    private static String schema(ReadableConfig options, String name, RowType row, DynamicTableFactory.Context context) {
        if (options.getOptional(AvroConfluentOptions.SCHEMA).isPresent()) return options.get(AvroConfluentOptions.SCHEMA);
        try {
            return AvroForm.of(name, row);
        } catch (IllegalArgumentException e) {
            throw new ValidationException(where(context) + ": " + e.getMessage(), e);
        }
    }

    private static String where(DynamicTableFactory.Context context) {
        return "table '" + context.getObjectIdentifier().asSummaryString() + "', format '" + IDENTIFIER + "'";
    }
}
