package io.cdcbridge.connectors.cdcjson;

import java.io.IOException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.List;
import org.apache.flink.formats.common.TimestampFormat;
import org.apache.flink.formats.json.JsonToRowDataConverters;
import org.apache.flink.formats.json.JsonToRowDataConverters.JsonToRowDataConverter;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonParser;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonToken;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.DeserializationFeature;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectReader;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.RowType;

/**
 * A change event's bytes read straight into the table's row by one pass of a streaming parser, no tree: the bytes
 * checked as UTF-8 without decoding them, then each field checked against the event's rules ({@link ChangeEventRules})
 * and its column's type ({@link ColumnTypeCheck}) as it is converted, fields no column reads (a Debezium envelope's
 * {@code source}, JsonConverter's {@code schema}) skipped unread. Rows equal those of the tree path exactly.
 *
 * <p>{@link #read} answers null for an event that breaks a rule, or whose shape this pass leaves to the tree path (a
 * number beyond a long where a column wants one, say): the tree path then says which rule broke first, in the words
 * of its dead letter, or makes the row. Values of the less common column types (dates, arrays, maps, bytes) are read
 * as a small tree each and converted by Flink's json converter, as the tree path does.
 */
final class OnePassReader implements Serializable {

    private static final long serialVersionUID = 1L;

    private final RowType rowType;
    private final List<String> keyFields;
    private final String timestampField;
    private final ColumnTypeCheck types;
    private final TimestampFormat timestampFormat;

    // null until the first event; readable false for a table whose shape this pass leaves to the tree path
    private transient Columns columns;
    private transient boolean readable;
    private transient ObjectReader values;

    OnePassReader(RowType rowType, ChangeEventRules rules, ColumnTypeCheck types, TimestampFormat timestampFormat) {
        this.rowType = rowType;
        this.keyFields = rules.keyFields();
        this.timestampField = rules.timestampField();
        this.types = types;
        this.timestampFormat = timestampFormat;
    }

    /** The row of {@code message}, or null when it breaks a rule or takes a shape left to the tree path. */
    RowData read(byte[] message) {
        if (columns == null) open();
        if (!readable || !StrictUtf8.isPlainText(message)) return null;
        try (JsonParser p = ChangeEventRules.MAPPER.getFactory().createParser(message)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return null;
            Event event = new Event();
            Event payload = readEvent(p, event, true);
            if (p.nextToken() != null) return null;
            // JsonConverter's framing, as ChangeEventRules.isFramed says: the event is the payload
            if (event.op == null && event.framed) event = payload;
            if (event == null || !event.valid()) return null;
            columns.checkNotNull(event.row);
            return event.row;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private void open() {
        readable = keyFields.size() <= Integer.SIZE && sideIsRowOrAbsent("before") && sideIsRowOrAbsent("after")
                && rowType.getFieldIndex(ChangeEventRules.SCHEMA) < 0 && rowType.getFieldIndex(ChangeEventRules.PAYLOAD) < 0;
        JsonToRowDataConverters converters = new JsonToRowDataConverters(false, false, timestampFormat);
        columns = new Columns(rowType, converters);
        values = ChangeEventRules.MAPPER.readerFor(JsonNode.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    // The key is looked up in before or after: a table declaring either as anything but a ROW goes the tree path.
    private boolean sideIsRowOrAbsent(String side) {
        int i = rowType.getFieldIndex(side);
        return i < 0 || rowType.getTypeAt(i) instanceof RowType;
    }

    /** What one event object held, for the rules to judge once it is read whole. */
    private final class Event {
        GenericRowData row;
        String op;
        boolean timestamp;
        // per side (before, after): whether it was an object, and which key fields it held as single values
        final boolean[] object = new boolean[2];
        final int[] keys = new int[2];
        // schema and payload at the root, as JsonConverter frames an event
        boolean framed;

        boolean valid() {
            if (op == null || !timestamp) return false;
            int side = op.equals("d") ? 0 : 1;
            return object[side] && keys[side] == (keyFields.size() == Integer.SIZE ? -1 : (1 << keyFields.size()) - 1);
        }
    }

    // Reads the object the parser is at into event; at the root, returns what a "payload" object held (or null).
    private Event readEvent(JsonParser p, Event event, boolean root) throws IOException {
        Columns cols = columns;
        GenericRowData row = new GenericRowData(cols.arity());
        event.row = row;
        Event payload = null;
        boolean schema = false, framed = false;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            int index = cols.index(name);
            if (name.equals("op")) {
                if (t != JsonToken.VALUE_STRING) throw NotOnThisPath.INSTANCE;
                String op = p.getText();
                if (!ChangeEventRules.OPS.contains(op)) throw NotOnThisPath.INSTANCE;
                event.op = op;
            }
            if (name.equals(timestampField)) {
                if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    throw NotOnThisPath.INSTANCE;
                }
                event.timestamp = true;
            }
            int side = name.equals("before") ? 0 : name.equals("after") ? 1 : -1;
            if (side >= 0) {
                event.object[side] = t == JsonToken.START_OBJECT;
                if (event.object[side]) {
                    Columns nested = index >= 0 ? cols.nested[index] : null;
                    GenericRowData value = readRow(p, nested, event, side);
                    if (index >= 0) row.setField(index, value);
                    continue;
                }
            }
            if (root && name.equals(ChangeEventRules.SCHEMA)) schema = true;
            if (root && name.equals(ChangeEventRules.PAYLOAD)) {
                framed = true;
                if (t == JsonToken.START_OBJECT) {
                    payload = new Event();
                    readEvent(p, payload, false);
                    continue;
                }
            }
            if (index >= 0) {
                row.setField(index, readValue(p, t, cols, index));
            } else {
                p.skipChildren();
            }
        }
        event.framed = schema && framed;
        return payload;
    }

    // A ROW column's object (cols null: an object no column reads), noting the key fields it holds when side >= 0.
    private GenericRowData readRow(JsonParser p, Columns cols, Event event, int side) throws IOException {
        GenericRowData row = cols == null ? null : new GenericRowData(cols.arity());
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            if (side >= 0 && t.isScalarValue() && t != JsonToken.VALUE_NULL) {
                int key = keyFields.indexOf(name);
                if (key >= 0) event.keys[side] |= 1 << key;
            }
            int index = cols == null ? -1 : cols.index(name);
            if (index >= 0) {
                row.setField(index, readValue(p, t, cols, index));
            } else {
                p.skipChildren();
            }
        }
        if (cols != null) cols.checkNotNull(row);
        return row;
    }

    // The value the parser is at, converted as Flink's json converter converts its tree.
    private Object readValue(JsonParser p, JsonToken t, Columns cols, int index) throws IOException {
        LogicalType type = cols.types[index];
        if (t == JsonToken.VALUE_NULL) {
            if (!type.isNullable()) throw NotOnThisPath.INSTANCE;
            return null;
        }
        switch (type.getTypeRoot()) {
            case BOOLEAN:
                if (t == JsonToken.VALUE_TRUE) return Boolean.TRUE;
                if (t == JsonToken.VALUE_FALSE) return Boolean.FALSE;
                break;
            case TINYINT:
            case SMALLINT:
            case INTEGER:
            case BIGINT:
                if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                    return whole(p.getLongValue(), type);
                }
                break;
            case FLOAT:
            case DOUBLE:
                if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                    long v = p.getLongValue();
                    return type.getTypeRoot() == LogicalTypeRoot.FLOAT ? (Object) (float) v : (Object) (double) v;
                }
                if (t == JsonToken.VALUE_NUMBER_FLOAT) {
                    // as the tree holds it: an exact decimal (no negative zero), converted from its text
                    String text = p.getDecimalValue().toString();
                    return type.getTypeRoot() == LogicalTypeRoot.FLOAT
                            ? (Object) Float.parseFloat(text) : (Object) Double.parseDouble(text);
                }
                break;
            case DECIMAL:
                if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                    DecimalType decimal = (DecimalType) type;
                    BigDecimal v = p.getDecimalValue();
                    if (!types.fitsDecimal(v, decimal)) throw NotOnThisPath.INSTANCE;
                    return DecimalData.fromBigDecimal(v, decimal.getPrecision(), decimal.getScale());
                }
                break;
            case CHAR:
            case VARCHAR:
                if (t == JsonToken.VALUE_STRING) return StringData.fromString(p.getText());
                break;
            case ROW:
                if (t == JsonToken.START_OBJECT) return readRow(p, cols.nested[index], null, -1);
                throw NotOnThisPath.INSTANCE;
            default:
                break;
        }
        // anything else as the tree path converts it: this value alone as a tree, checked, then Flink's converter
        JsonNode node = values.readTree(p);
        if (!types.fits(node, type)) throw NotOnThisPath.INSTANCE;
        try {
            return cols.converters[index].convert(node);
        } catch (RuntimeException e) {
            throw NotOnThisPath.INSTANCE;
        }
    }

    private static Object whole(long v, LogicalType type) {
        switch (type.getTypeRoot()) {
            case TINYINT:
                if ((byte) v == v) return (byte) v;
                break;
            case SMALLINT:
                if ((short) v == v) return (short) v;
                break;
            case INTEGER:
                if ((int) v == v) return (int) v;
                break;
            default:
                return v;
        }
        throw NotOnThisPath.INSTANCE;
    }

    /** The columns of one ROW: names, types, the nested ROWs' columns, and Flink's converter for each. */
    private static final class Columns {
        final String[] names;
        final LogicalType[] types;
        final Columns[] nested;
        final JsonToRowDataConverter[] converters;

        Columns(RowType row, JsonToRowDataConverters flink) {
            int n = row.getFieldCount();
            names = new String[n];
            types = new LogicalType[n];
            nested = new Columns[n];
            converters = new JsonToRowDataConverter[n];
            for (int i = 0; i < n; i++) {
                names[i] = row.getFieldNames().get(i);
                types[i] = row.getTypeAt(i);
                if (types[i] instanceof RowType r) nested[i] = new Columns(r, flink);
                converters[i] = flink.createConverter(types[i]);
            }
        }

        int arity() {
            return names.length;
        }

        int index(String name) {
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(name)) return i;
            }
            return -1;
        }

        // a column the event left out is NULL, which a NOT NULL column refuses
        void checkNotNull(GenericRowData row) {
            for (int i = 0; i < names.length; i++) {
                if (row.isNullAt(i) && !types[i].isNullable()) throw NotOnThisPath.INSTANCE;
            }
        }
    }

    // Leaves an event to the tree path; thrown often on a bad topic, so without a stack trace.
    private static final class NotOnThisPath extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final NotOnThisPath INSTANCE = new NotOnThisPath();

        private NotOnThisPath() {
            super("left to the tree path", null, false, false);
        }
    }
}
