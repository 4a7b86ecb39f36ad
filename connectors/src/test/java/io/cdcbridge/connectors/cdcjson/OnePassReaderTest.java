package io.cdcbridge.connectors.cdcjson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcbridge.connectors.kafka.MalformedEvents;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.apache.flink.formats.common.TimestampFormat;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The one-pass reader makes exactly the rows the tree path makes (parse, rules, type check, Flink's converter) and
 * takes no event the tree path refuses, so a bad event's reason stays the tree path's; Debezium's envelope is read
 * with and without JsonConverter's schema.
 */
class OnePassReaderTest {

    private static final RowType USERS = users("timestamp_ms");

    // every type the format converts, nested and NOT NULL columns among them
    private static final RowType ALL_TYPES = (RowType) DataTypes.ROW(
            DataTypes.FIELD("op", DataTypes.STRING().notNull()),
            DataTypes.FIELD("after", DataTypes.ROW(
                    DataTypes.FIELD("id", DataTypes.INT().notNull()),
                    DataTypes.FIELD("tiny", DataTypes.TINYINT()),
                    DataTypes.FIELD("small", DataTypes.SMALLINT()),
                    DataTypes.FIELD("big", DataTypes.BIGINT()),
                    DataTypes.FIELD("f", DataTypes.FLOAT()),
                    DataTypes.FIELD("d", DataTypes.DOUBLE()),
                    DataTypes.FIELD("price", DataTypes.DECIMAL(10, 2)),
                    DataTypes.FIELD("name", DataTypes.STRING()),
                    DataTypes.FIELD("code", DataTypes.CHAR(3)),
                    DataTypes.FIELD("active", DataTypes.BOOLEAN()),
                    DataTypes.FIELD("born", DataTypes.DATE()),
                    DataTypes.FIELD("at", DataTypes.TIME()),
                    DataTypes.FIELD("seen", DataTypes.TIMESTAMP(3)),
                    DataTypes.FIELD("seen_ltz", DataTypes.TIMESTAMP_LTZ(3)),
                    DataTypes.FIELD("photo", DataTypes.BYTES()),
                    DataTypes.FIELD("tags", DataTypes.ARRAY(DataTypes.STRING())),
                    DataTypes.FIELD("scores", DataTypes.MAP(DataTypes.STRING(), DataTypes.INT())),
                    DataTypes.FIELD("address", DataTypes.ROW(DataTypes.FIELD("city", DataTypes.STRING()),
                            DataTypes.FIELD("zip", DataTypes.INT()))))),
            DataTypes.FIELD("ts_ms", DataTypes.BIGINT().notNull())).getLogicalType();

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"op\":\"c\",\"after\":{\"id\":1},\"ts_ms\":5}",
            "{\"ts_ms\":5,\"after\":{\"id\":-2147483648,\"tiny\":-128,\"small\":32767,\"big\":-9223372036854775808},\"op\":\"r\"}",
            "{\"op\":\"u\",\"after\":{\"id\":\"42\",\"tiny\":\"7\",\"big\":\"-0\",\"f\":1.1,\"d\":-0.0,\"price\":12.5},\"ts_ms\":1}",
            "{\"op\":\"u\",\"after\":{\"id\":3,\"f\":3,\"d\":1e308,\"price\":\"99999999.99\",\"name\":\"Jos\u00e9 \u00fcber \u20ac \ud83d\ude00\"},\"ts_ms\":1}",
            "{\"op\":\"u\",\"after\":{\"id\":3,\"d\":\"2.5e3\",\"f\":123456789,\"price\":7,\"name\":\"a\\\"b\\\\c\\u00e9\\n\"},\"ts_ms\":1}",
            "{\"op\":\"c\",\"after\":{\"id\":4,\"code\":\"abc\",\"active\":true,\"born\":\"1990-02-28\",\"at\":\"12:34:56\"},\"ts_ms\":1}",
            "{\"op\":\"c\",\"after\":{\"id\":5,\"active\":\"FALSE\",\"seen\":\"2024-09-17 00:00:00.123\",\"seen_ltz\":\"2024-09-17 00:00:00.5Z\"},\"ts_ms\":1}",
            "{\"op\":\"c\",\"after\":{\"id\":6,\"photo\":\"AAEC\",\"tags\":[\"a\",null,\"b\"],\"scores\":{\"x\":1,\"y\":null}},\"ts_ms\":1}",
            "{\"op\":\"c\",\"after\":{\"id\":7,\"address\":{\"zip\":97004,\"city\":\"Portland\",\"extra\":[1,{\"a\":2}]}},\"ts_ms\":1}",
            "{\"op\":\"c\",\"after\":{\"id\":8,\"address\":null,\"name\":null,\"unknown\":{\"deep\":[[1],[2]]}},\"ts_ms\":1,\"source\":{\"db\":\"x\"}}",
            "{\"op\":\"d\",\"before\":{\"id\":9},\"after\":null,\"ts_ms\":1,\"transaction\":null}",
            "  {\"op\":\"d\",\"before\":{\"id\":9,\"name\":\"x\"},\"ts_ms\":1}  \n",
    })
    void readsEveryColumnTypeExactlyAsTheTreePath(String event) throws Exception {
        assertSameRowOnBothPaths(ALL_TYPES, List.of("id"), "ts_ms", event);
    }

    @Test
    void readsRandomUserEventsExactlyAsTheTreePath() throws Exception {
        Random random = new Random(42);
        for (int i = 0; i < 500; i++) {
            long id = random.nextLong();
            String row = "{\"user_id\":" + id + ",\"name\":\"User " + (char) ('A' + random.nextInt(26)) + "\u00e9" + i
                    + "\",\"email\":" + (random.nextBoolean() ? "null" : "\"u" + i + "@example.com\"") + "}";
            String op = List.of("c", "r", "u", "d").get(random.nextInt(4));
            assertSameRowOnBothPaths(USERS, List.of("user_id"), "timestamp_ms", "{\"op\":\"" + op + "\",\""
                    + (op.equals("d") ? "before" : "after") + "\":" + row + ",\"timestamp_ms\":" + random.nextInt(Integer.MAX_VALUE) + "}");
        }
    }

    @ParameterizedTest
    @EnumSource(MalformedEvents.class)
    void takesNoMalformedEventSoItsReasonIsTheTreePaths(MalformedEvents kind) {
        CdcJsonDeserializer format = format(USERS, List.of("user_id"), "timestamp_ms", false);
        Random random = new Random(kind.ordinal());
        for (int i = 0; i < 20; i++) {
            byte[] event = kind.event(random);
            assertThat(reader(USERS, List.of("user_id"), "timestamp_ms").read(event)).as(new String(event, StandardCharsets.UTF_8)).isNull();
            assertThatThrownBy(() -> format.deserialize(event)).isInstanceOf(MalformedEventException.class)
                    .hasMessageStartingWith(kind.reasonStart);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"op\":\"c\",\"after\":{\"id\":3000000000},\"ts_ms\":1}",
            "{\"op\":\"c\",\"after\":{\"id\":1,\"tiny\":128},\"ts_ms\":1}",
            "{\"op\":\"c\",\"after\":{\"id\":1,\"price\":1.234},\"ts_ms\":1}",
            "{\"op\":\"c\",\"after\":{\"id\":1,\"name\":5},\"ts_ms\":1}",
            "{\"op\":\"c\",\"after\":{\"id\":1,\"address\":{\"zip\":1.5}},\"ts_ms\":1}",
            "{\"op\":\"c\",\"after\":{\"id\":1,\"born\":\"1990-02-30\"},\"ts_ms\":1}",
            "{\"op\":\"c\",\"after\":{\"id\":null},\"ts_ms\":1}",
            "{\"op\":\"c\",\"after\":{\"name\":\"x\"},\"ts_ms\":1}",
            "{\"after\":{\"id\":1},\"ts_ms\":1}",
            "{\"op\":\"c\",\"after\":{\"id\":1},\"ts_ms\":99999999999999999999}",
            "{\"op\":\"c\",\"after\":{\"id\":1}}",
            "{\"op\":null,\"after\":{\"id\":1},\"ts_ms\":1}",
            "{\"op\":\"c\",\"after\":{\"id\":1,\"x\":{\"a\":1,\"a\":2}},\"ts_ms\":1}",
            "{\"op\":\"c\",\"after\":{\"id\":[1]},\"ts_ms\":1}",
            "{\"op\":\"c\",\"after\":{\"id\":1},\"ts_ms\":1}}",
            "{\"schema\":{},\"payload\":{\"op\":\"c\",\"after\":{\"name\":\"no id\"},\"ts_ms\":1}}",
            "{\"schema\":{},\"payload\":\"c\"}",
    })
    void leavesEveryBrokenRuleToTheTreePath(String event) {
        CdcJsonDeserializer format = format(ALL_TYPES, List.of("id"), "ts_ms", false);

        assertThat(reader(ALL_TYPES, List.of("id"), "ts_ms").read(bytes(event))).isNull();
        assertThatThrownBy(() -> format.deserialize(bytes(event))).isInstanceOf(MalformedEventException.class);
    }

    @Test
    void coercedValuesAreTheTreePathsToo() throws Exception {
        CdcJsonDeserializer coercing = format(ALL_TYPES, List.of("id"), "ts_ms", true);
        byte[] event = bytes("{\"op\":\"c\",\"after\":{\"id\":7.9,\"name\":{\"a\":1},\"active\":1,\"price\":1.239},\"ts_ms\":1}");

        assertThat(coercing.deserialize(event)).isEqualTo(coercing.throughTree(event));
        assertThat(coercing.deserialize(event).getRow(1, 18).getInt(0)).isEqualTo(7);
    }

    @Test
    void readsDebeziumsEnvelopeWithAndWithoutJsonConvertersSchema() throws Exception {
        String payload = """
                {"before":null,"after":{"user_id":101,"name":"Daniel Kim","email":"daniel@contoso.com"},
                 "source":{"version":"3.1.2.Final","connector":"postgresql","name":"pg","ts_ms":1726531200000,"snapshot":"false",
                  "db":"shop","sequence":"[null,\\"23\\"]","schema":"public","table":"users","txId":7,"lsn":23,"xmin":null},
                 "transaction":null,"op":"c","ts_ms":1726531200123,"ts_us":1726531200123000,"ts_ns":1726531200123000000}""";
        String schema = """
                {"type":"struct","fields":[{"type":"struct","fields":[{"type":"int64","optional":false,"field":"user_id"},
                 {"type":"string","optional":true,"field":"name"},{"type":"string","optional":true,"field":"email"}],
                 "optional":true,"name":"pg.public.users.Value","field":"before"}],"optional":false,
                 "name":"pg.public.users.Envelope","version":2}""";
        CdcJsonDeserializer format = format(users("ts_ms"), List.of("user_id"), "ts_ms", false);

        RowData bare = format.deserialize(bytes(payload));
        RowData framed = format.deserialize(bytes("{\"schema\":" + schema + ",\"payload\":" + payload + "}"));

        assertThat(reader(users("ts_ms"), List.of("user_id"), "ts_ms").read(bytes("{\"schema\":" + schema + ",\"payload\":" + payload + "}"))).isEqualTo(bare);
        assertThat(framed).isEqualTo(bare).isEqualTo(format.throughTree(bytes("{\"schema\":" + schema + ",\"payload\":" + payload + "}")));
        assertThat(bare.getString(0).toString()).isEqualTo("c");
        assertThat(bare.getRow(2, 3).getLong(0)).isEqualTo(101L);
        assertThat(bare.getLong(3)).isEqualTo(1726531200123L);
        assertThatThrownBy(() -> format.deserialize(bytes("{\"schema\":" + schema + ",\"payload\":{\"op\":\"c\",\"ts_ms\":1}}")))
                .hasMessage("missing key: op 'c' needs an object 'after'");
        assertThatThrownBy(() -> format.deserialize(bytes("{\"schema\":" + schema + ",\"payload\":null}")))
                .hasMessage("not a change event: its payload is a JSON null, not an object");
    }

    // the seed's users table, its event time in timestampField
    private static RowType users(String timestampField) {
        DataType row = DataTypes.ROW(DataTypes.FIELD("user_id", DataTypes.BIGINT()), DataTypes.FIELD("name", DataTypes.STRING()),
                DataTypes.FIELD("email", DataTypes.STRING()));
        return (RowType) DataTypes.ROW(DataTypes.FIELD("op", DataTypes.STRING()), DataTypes.FIELD("before", row),
                DataTypes.FIELD("after", row), DataTypes.FIELD(timestampField, DataTypes.BIGINT())).getLogicalType();
    }

    private static void assertSameRowOnBothPaths(RowType type, List<String> keys, String timestamp, String event) throws Exception {
        CdcJsonDeserializer format = format(type, keys, timestamp, false);
        RowData read = reader(type, keys, timestamp).read(bytes(event));

        assertThat(read).as(event).isNotNull().isEqualTo(format.throughTree(bytes(event)));
    }

    private static OnePassReader reader(RowType type, List<String> keys, String timestamp) {
        return new OnePassReader(type, new ChangeEventRules(keys, timestamp), new ColumnTypeCheck(type, false), TimestampFormat.SQL);
    }

    private static CdcJsonDeserializer format(RowType type, List<String> keys, String timestamp, boolean coerce) {
        return new CdcJsonDeserializer(new ChangeEventRules(keys, timestamp), type, InternalTypeInfo.of(type), TimestampFormat.SQL, coerce);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
