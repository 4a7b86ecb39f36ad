package io.cdcbridge.connectors.cdcjson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.formats.common.TimestampFormat;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Values that do not fit the table's columns are refused, naming the field, the type the column expects and the
 * value found, instead of being cut or turned into text; {@code 'cdc-json.coerce-types'} allows those conversions.
 */
class CdcJsonDeserializerTest {

    private static final RowType ROW = (RowType) DataTypes.ROW(
            DataTypes.FIELD("op", DataTypes.STRING()),
            DataTypes.FIELD("after", DataTypes.ROW(
                    DataTypes.FIELD("zip", DataTypes.INT()),
                    DataTypes.FIELD("name", DataTypes.STRING()),
                    DataTypes.FIELD("price", DataTypes.DECIMAL(6, 2)),
                    DataTypes.FIELD("active", DataTypes.BOOLEAN()),
                    DataTypes.FIELD("born", DataTypes.DATE()),
                    DataTypes.FIELD("tags", DataTypes.ARRAY(DataTypes.STRING())))),
            DataTypes.FIELD("ts_ms", DataTypes.BIGINT().notNull())).getLogicalType();

    private final CdcJsonDeserializer strict = deserializer(false);

    @Test
    void valuesOfTheirColumnsTypesAreDecodedExactly() throws Exception {
        RowData row = strict.deserialize(event("""
                "zip":97004,"name":"Ana","price":12.5,"active":"true","born":"1990-02-28","tags":["a","b"]"""));

        RowData after = row.getRow(1, 6);
        assertThat(row.getString(0).toString()).isEqualTo("c");
        assertThat(after.getInt(0)).isEqualTo(97004);
        assertThat(after.getString(1).toString()).isEqualTo("Ana");
        assertThat(after.getDecimal(2, 6, 2).toBigDecimal()).isEqualByComparingTo("12.50");
        assertThat(after.getBoolean(3)).isTrue();
        assertThat(after.getInt(4)).isEqualTo(7363);
        assertThat(after.getArray(5).getString(1).toString()).isEqualTo("b");
        assertThat(row.getLong(2)).isEqualTo(1L);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "\"zip\":97004.7              | field after.zip: expected a whole number (INT), found 97004.7",
            "\"zip\":\"97004.7\"          | field after.zip: expected a whole number (INT), found \"97004.7\"",
            "\"zip\":3000000000           | field after.zip: expected a whole number (INT), found 3000000000",
            "\"zip\":\"six\"              | field after.zip: expected a whole number (INT), found \"six\"",
            "\"name\":42                  | field after.name: expected a string (STRING), found 42",
            "\"name\":{\"first\":\"Ana\"} | field after.name: expected a string (STRING), found {\"first\":\"Ana\"}",
            "\"name\":true                | field after.name: expected a string (STRING), found true",
            "\"price\":12.345             | field after.price: expected a number (DECIMAL(6, 2)), found 12.345",
            "\"price\":123456.7           | field after.price: expected a number (DECIMAL(6, 2)), found 123456.7",
            "\"active\":\"yes\"           | field after.active: expected true or false (BOOLEAN), found \"yes\"",
            "\"born\":19900228            | field after.born: expected a date as text (DATE), found 19900228",
            "\"born\":\"1990-02-30\"      | field after.born: expected a date as text (DATE), found \"1990-02-30\"",
            "\"tags\":[\"a\",7]           | field after.tags[1]: expected a string (STRING), found 7",
            "\"tags\":\"a,b\"             | field after.tags: expected an array, found \"a,b\"",
    })
    void aValueThatDoesNotFitItsColumnIsRefusedInTheUsersTerms(String fields, String reason) {
        assertThatThrownBy(() -> strict.deserialize(event(fields)))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage("does not fit the table's columns: " + reason);
    }

    @Test
    void aRowWhereAnObjectBelongsAndANullNotNullColumnAreRefused() {
        assertThatThrownBy(() -> strict.deserialize(bytes("{\"op\":\"c\",\"after\":[1],\"ts_ms\":1}")))
                .hasMessage("missing key: op 'c' needs an object 'after'");
        CdcJsonDeserializer keyless = new CdcJsonDeserializer(new ChangeEventRules(List.of(), "event_time"), ROW,
                InternalTypeInfo.of(ROW), TimestampFormat.SQL, false);
        assertThatThrownBy(() -> keyless.deserialize(bytes("{\"op\":\"c\",\"after\":{},\"event_time\":1}")))
                .hasMessage("does not fit the table's columns: field ts_ms: expected a whole number (BIGINT NOT NULL), found nothing");
    }

    @Test
    void coerceTypesAllowsWhatTheJsonFormatWouldConvert() throws Exception {
        RowData after = deserializer(true).deserialize(event("\"zip\":97004.7,\"name\":{\"first\":\"Ana\"},\"active\":1"))
                .getRow(1, 6);

        assertThat(after.getInt(0)).isEqualTo(97004);
        assertThat(after.getString(1).toString()).isEqualTo("{\"first\":\"Ana\"}");
        assertThat(after.getBoolean(3)).isFalse();
    }

    private static CdcJsonDeserializer deserializer(boolean coerce) {
        return new CdcJsonDeserializer(new ChangeEventRules(List.of("zip"), "ts_ms"), ROW, InternalTypeInfo.of(ROW),
                TimestampFormat.SQL, coerce);
    }

    // an event whose key zip is 1 unless the fields say otherwise
    private static byte[] event(String fields) {
        String after = fields.contains("\"zip\"") ? fields : "\"zip\":1," + fields;
        return bytes("{\"op\":\"c\",\"after\":{" + after + "},\"ts_ms\":1}");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
