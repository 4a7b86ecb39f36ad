package io.cdcbridge.connectors.avro;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeFamily;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.utils.LogicalTypeChecks;

/**
 * The TIMESTAMP and TIMESTAMP_LTZ columns of more than millisecond precision, and arrays of them, which
 * {@link AvroForm} declares {@code local-timestamp-micros} and {@code timestamp-micros}: flink-avro 1.20's converters
 * write and read every timestamp as milliseconds, so a reader of the schema would be off by a thousand and the
 * microseconds lost. Their values are put into, and taken out of, the records in microseconds here, after flink-avro
 * converted the rest.
 */
final class MicroTimestamps {

    private final int[] positions;
    private final int[] precisions;
    private final boolean[] arrays;

    MicroTimestamps(RowType row) {
        positions = IntStream.range(0, row.getFieldCount()).filter(i -> isMicros(timestampOf(row.getTypeAt(i)))).toArray();
        precisions = IntStream.of(positions).map(i -> LogicalTypeChecks.getPrecision(timestampOf(row.getTypeAt(i)))).toArray();
        arrays = new boolean[positions.length];
        for (int k = 0; k < positions.length; k++) arrays[k] = row.getTypeAt(positions[k]).is(LogicalTypeRoot.ARRAY);
    }

    // the column's own type, or its elements' when it is an array
    private static LogicalType timestampOf(LogicalType type) {
        return type.is(LogicalTypeRoot.ARRAY) ? ((ArrayType) type).getElementType() : type;
    }

    private static boolean isMicros(LogicalType type) {
        return type.is(LogicalTypeFamily.TIMESTAMP) && LogicalTypeChecks.getPrecision(type) > 3;
    }

    /** Sets the columns' values of the record flink-avro made from {@code row} in microseconds. */
    void write(RowData row, GenericRecord record) {
        for (int k = 0; k < positions.length; k++) {
            int i = positions[k];
            if (row.isNullAt(i)) continue;
            if (!arrays[k]) {
                record.put(i, micros(row.getTimestamp(i, precisions[k])));
                continue;
            }
            ArrayData values = row.getArray(i);
            List<Long> micros = new ArrayList<>(values.size());
            for (int e = 0; e < values.size(); e++) {
                micros.add(values.isNullAt(e) ? null : micros(values.getTimestamp(e, precisions[k])));
            }
            record.put(i, micros);
        }
    }

    /** Sets the columns of the row flink-avro made from {@code record} from their values in microseconds. */
    void read(GenericRecord record, GenericRowData row) {
        for (int k = 0; k < positions.length; k++) {
            int i = positions[k];
            Object value = record.get(i);
            if (value == null || !arrays[k]) {
                row.setField(i, value == null ? null : timestamp((Long) value));
                continue;
            }
            List<?> micros = (List<?>) value;
            Object[] stamps = new Object[micros.size()];
            for (int e = 0; e < stamps.length; e++) stamps[e] = micros.get(e) == null ? null : timestamp((Long) micros.get(e));
            row.setField(i, new GenericArrayData(stamps));
        }
    }

    private static long micros(TimestampData t) {
        return Math.addExact(Math.multiplyExact(t.getMillisecond(), 1000L), t.getNanoOfMillisecond() / 1000);
    }

    private static TimestampData timestamp(long micros) {
        return TimestampData.fromEpochMillis(Math.floorDiv(micros, 1000L), (int) Math.floorMod(micros, 1000L) * 1000);
    }
}
