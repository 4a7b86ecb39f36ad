package io.cdcbridge.bench.kafkapg;

import io.cdcbridge.bench.report.Progress;
import io.cdcbridge.connectors.cdcjson.CdcJsonFormatFactory;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.formats.json.debezium.DebeziumJsonFormatFactory;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.catalog.ObjectIdentifier;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DeserializationFormatFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.util.Collector;
import org.apache.flink.util.UserCodeClassLoader;

/**
 * What decoding costs alone: kafka-pg's events decoded in this JVM by each pipeline's format, nothing downstream, as
 * events per CPU second of the decoding thread (a figure load moves less than a rate): cdc-json read in one pass,
 * cdc-json through its tree path (the rules on a parsed tree, then Flink's json converter; taken here by a table that
 * also declares a {@code payload} column, which the one-pass reader leaves to that path), and Flink's debezium-json;
 * then cdc-json and debezium-json ({@code schema-include}) on the same events framed with Debezium's envelope schema,
 * as Kafka Connect's JsonConverter writes them by default (a quarter of them). The best of three rounds, after one that warms the JIT.
 */
final class DecodeLimits {

    /** Events per CPU second of each way to decode; framed: the events as JsonConverter writes them with their schema. */
    record Rates(double onePass, double treePath, double debeziumJson, double onePassFramed, double debeziumJsonFramed) {}

    // Debezium's envelope schema of the users table, as JsonConverter puts it before each event's payload
    private static final String ROW_SCHEMA = "{\"type\":\"struct\",\"fields\":[{\"type\":\"int64\",\"optional\":false,\"field\":\"user_id\"},"
            + "{\"type\":\"string\",\"optional\":true,\"field\":\"name\"},{\"type\":\"string\",\"optional\":true,\"field\":\"email\"},"
            + "{\"type\":\"string\",\"optional\":true,\"field\":\"country_code\"},{\"type\":\"int64\",\"optional\":true,"
            + "\"name\":\"io.debezium.time.Timestamp\",\"version\":1,\"field\":\"updated_at\"}],\"optional\":true,"
            + "\"name\":\"pg.public.users.Value\",\"field\":\"%s\"}";
    private static final String SCHEMA = "{\"type\":\"struct\",\"fields\":[" + ROW_SCHEMA.formatted("before") + ","
            + ROW_SCHEMA.formatted("after") + ",{\"type\":\"struct\",\"fields\":["
            + java.util.stream.Stream.of("version", "connector", "name", "db", "schema", "table")
                    .map(f -> "{\"type\":\"string\",\"optional\":false,\"field\":\"" + f + "\"}").collect(java.util.stream.Collectors.joining(","))
            + ",{\"type\":\"int64\",\"optional\":false,\"field\":\"ts_ms\"},{\"type\":\"int64\",\"optional\":true,\"field\":\"txId\"},"
            + "{\"type\":\"int64\",\"optional\":true,\"field\":\"lsn\"}],\"optional\":false,\"name\":\"io.debezium.connector.postgresql.Source\","
            + "\"field\":\"source\"},{\"type\":\"string\",\"optional\":false,\"field\":\"op\"},{\"type\":\"int64\",\"optional\":true,"
            + "\"field\":\"ts_ms\"}],\"optional\":false,\"name\":\"pg.public.users.Envelope\",\"version\":2}";

    private static final DataType USER = DataTypes.ROW(DataTypes.FIELD("user_id", DataTypes.BIGINT()),
            DataTypes.FIELD("name", DataTypes.STRING()), DataTypes.FIELD("email", DataTypes.STRING()),
            DataTypes.FIELD("country_code", DataTypes.STRING()), DataTypes.FIELD("updated_at", DataTypes.BIGINT()));

    private DecodeLimits() {}

    static Rates measure(List<byte[]> values, Progress progress) throws Exception {
        DataType cdcJson = DataTypes.ROW(DataTypes.FIELD("op", DataTypes.STRING()), DataTypes.FIELD("before", USER),
                DataTypes.FIELD("after", USER), DataTypes.FIELD("ts_ms", DataTypes.BIGINT()));
        DataType treePath = DataTypes.ROW(DataTypes.FIELD("op", DataTypes.STRING()), DataTypes.FIELD("before", USER),
                DataTypes.FIELD("after", USER), DataTypes.FIELD("ts_ms", DataTypes.BIGINT()), DataTypes.FIELD("payload", DataTypes.STRING()));
        Map<String, String> cdcOptions = Map.of("key-fields", "user_id", "timestamp-field", "ts_ms");
        progress.say("Decoding alone (" + values.size() + " events, best of 3 rounds)...");
        // a quarter of the events: framed they take 8 times the bytes, and the bench's heap is 1 GiB
        List<byte[]> framed = values.subList(0, values.size() / 4).stream().map(v -> {
            byte[] head = ("{\"schema\":" + SCHEMA + ",\"payload\":").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            byte[] out = java.util.Arrays.copyOf(head, head.length + v.length + 1);
            System.arraycopy(v, 0, out, head.length, v.length);
            out[out.length - 1] = '}';
            return out;
        }).toList();
        return new Rates(
                rate(decoder(new CdcJsonFormatFactory(), cdcOptions, cdcJson), values),
                rate(decoder(new CdcJsonFormatFactory(), cdcOptions, treePath), values),
                rate(decoder(new DebeziumJsonFormatFactory(), Map.of(), USER), values),
                rate(decoder(new CdcJsonFormatFactory(), cdcOptions, cdcJson), framed),
                rate(decoder(new DebeziumJsonFormatFactory(), Map.of("schema-include", "true"), USER), framed));
    }

    private static double rate(DeserializationSchema<RowData> format, List<byte[]> values) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] rows = {0};
        Collector<RowData> out = new Collector<>() {
            @Override
            public void collect(RowData row) {
                rows[0]++;
            }

            @Override
            public void close() {}
        };
        double best = 0;
        for (int round = 0; round < 4; round++) {
            long start = threads.getCurrentThreadCpuTime();
            for (byte[] value : values) format.deserialize(value, out);
            double seconds = (threads.getCurrentThreadCpuTime() - start) / 1e9;
            if (round > 0) best = Math.max(best, values.size() / seconds);
        }
        if (rows[0] == 0) throw new IllegalStateException("the format decoded no event");
        return best;
    }

    // The format as the planner makes it for a table of these columns and format options.
    private static DeserializationSchema<RowData> decoder(DeserializationFormatFactory factory, Map<String, String> options,
                                                          DataType columns) throws Exception {
        var table = new FactoryUtil.DefaultDynamicTableContext(ObjectIdentifier.of("bench", "bench", "users_cdc"), null,
                Map.of(), new Configuration(), DecodeLimits.class.getClassLoader(), true);
        DeserializationSchema<RowData> format = factory.createDecodingFormat(table, Configuration.fromMap(options))
                .createRuntimeDecoder(new DynamicTableSource.Context() {
                    @Override
                    public <T> TypeInformation<T> createTypeInformation(DataType type) {
                        return createTypeInformation(type.getLogicalType());
                    }

                    @Override
                    @SuppressWarnings("unchecked")
                    public <T> TypeInformation<T> createTypeInformation(LogicalType type) {
                        return (TypeInformation<T>) InternalTypeInfo.of(type);
                    }

                    @Override
                    public DynamicTableSource.DataStructureConverter createDataStructureConverter(DataType type) {
                        throw new UnsupportedOperationException();
                    }
                }, columns);
        format.open(new DeserializationSchema.InitializationContext() {
            @Override
            public org.apache.flink.metrics.MetricGroup getMetricGroup() {
                return new UnregisteredMetricsGroup();
            }

            @Override
            public UserCodeClassLoader getUserCodeClassLoader() {
                return new UserCodeClassLoader() {
                    @Override
                    public ClassLoader asClassLoader() {
                        return DecodeLimits.class.getClassLoader();
                    }

                    @Override
                    public void registerReleaseHookIfAbsent(String name, Runnable hook) {}
                };
            }
        });
        return format;
    }
}
