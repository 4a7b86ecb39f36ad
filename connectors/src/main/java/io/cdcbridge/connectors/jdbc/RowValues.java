package io.cdcbridge.connectors.jdbc;

import io.cdcbridge.connectors.jdbc.dialect.Column;
import io.cdcbridge.connectors.jdbc.dialect.JsonText;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.IntStream;
import java.util.Set;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;

/**
 * The values of a Flink row as plain Java objects (String, BigDecimal, LocalDate, LocalDateTime, Instant, byte[] ...;
 * arrays as lists of them), copied out of Flink's internal, possibly reused, row; and rows as JSON for dead letters
 * and messages.
 */
final class RowValues implements Serializable {

    private static final Set<LogicalTypeRoot> SUPPORTED = EnumSet.of(LogicalTypeRoot.CHAR, LogicalTypeRoot.VARCHAR,
            LogicalTypeRoot.BOOLEAN, LogicalTypeRoot.BINARY, LogicalTypeRoot.VARBINARY, LogicalTypeRoot.DECIMAL,
            LogicalTypeRoot.TINYINT, LogicalTypeRoot.SMALLINT, LogicalTypeRoot.INTEGER, LogicalTypeRoot.BIGINT,
            LogicalTypeRoot.FLOAT, LogicalTypeRoot.DOUBLE, LogicalTypeRoot.DATE, LogicalTypeRoot.TIME_WITHOUT_TIME_ZONE,
            LogicalTypeRoot.TIMESTAMP_WITHOUT_TIME_ZONE, LogicalTypeRoot.TIMESTAMP_WITH_LOCAL_TIME_ZONE, LogicalTypeRoot.ARRAY);

    private final List<Column> columns;
    private final RowData.FieldGetter[] getters;

    /** The values of every column of rows with these columns. */
    RowValues(List<Column> columns) {
        this(columns, IntStream.range(0, columns.size()).toArray());
    }

    /** The values of some of the columns (by position) of rows with these columns. */
    RowValues(List<Column> columns, int[] positions) {
        this.columns = Arrays.stream(positions).mapToObj(columns::get).toList();
        this.getters = new RowData.FieldGetter[positions.length];
        for (int i = 0; i < getters.length; i++) getters[i] = RowData.createFieldGetter(this.columns.get(i).type(), positions[i]);
    }

    /** Throws IllegalArgumentException for a column of a type the sink does not write. */
    static void check(Column column) {
        LogicalType type = column.type();
        while (type instanceof ArrayType array) type = array.getElementType();
        if (!SUPPORTED.contains(type.getTypeRoot())) {
            throw new IllegalArgumentException("column '" + column.name() + "' is " + column.type()
                    + ", which cdcbridge-jdbc does not write; cast it to a string or a scalar type in the query");
        }
    }

    /** The row's values, one per column taken. */
    Object[] of(RowData row) {
        Object[] values = new Object[getters.length];
        for (int i = 0; i < getters.length; i++) values[i] = java(getters[i].getFieldOrNull(row), columns.get(i).type());
        return values;
    }

    private static Object java(Object internal, LogicalType type) {
        if (internal == null) return null;
        return switch (type.getTypeRoot()) {
            case CHAR, VARCHAR -> ((StringData) internal).toString();
            case DECIMAL -> ((DecimalData) internal).toBigDecimal();
            case DATE -> LocalDate.ofEpochDay((Integer) internal);
            case TIME_WITHOUT_TIME_ZONE -> LocalTime.ofNanoOfDay((Integer) internal * 1_000_000L);
            case TIMESTAMP_WITHOUT_TIME_ZONE -> ((TimestampData) internal).toLocalDateTime();
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE -> ((TimestampData) internal).toInstant();
            case ARRAY -> list((ArrayData) internal, ((ArrayType) type).getElementType());
            default -> internal;
        };
    }

    // an array as the list of its elements' Java values
    private static List<Object> list(ArrayData array, LogicalType elementType) {
        ArrayData.ElementGetter getter = ArrayData.createElementGetter(elementType);
        List<Object> elements = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) elements.add(java(getter.getElementOrNull(array, i), elementType));
        return elements;
    }

    /** Some of the values (e.g. the key's) as a JSON object, by column name (see {@link JsonText}). */
    static byte[] json(List<Column> columns, List<Object> values) {
        return JsonText.object(columns.stream().map(Column::name).toList(), values);
    }

    /** The same as text. */
    static String jsonText(List<Column> columns, List<Object> values) {
        return new String(json(columns, values), StandardCharsets.UTF_8);
    }
}
