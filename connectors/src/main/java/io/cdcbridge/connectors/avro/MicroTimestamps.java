package io.cdcbridge.connectors.avro;

import java.util.stream.IntStream;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeFamily;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.utils.LogicalTypeChecks;

/**
 * The TIMESTAMP and TIMESTAMP_LTZ columns of more than millisecond precision, which {@link AvroForm} declares
 * {@code local-timestamp-micros} and {@code timestamp-micros}: flink-avro 1.20's converters write and read every
 * timestamp as milliseconds, so a reader of the schema would be off by a thousand and the microseconds lost. Their
 * values are put into, and taken out of, the records in microseconds here, after flink-avro converted the rest.
 */
final class MicroTimestamps {

    private final int[] positions;
    private final int[] precisions;

    MicroTimestamps(RowType row) {
        positions = IntStream.range(0, row.getFieldCount()).filter(i -> isMicros(row.getTypeAt(i))).toArray();
        precisions = IntStream.of(positions).map(i -> LogicalTypeChecks.getPrecision(row.getTypeAt(i))).toArray();
    }

    private static boolean isMicros(LogicalType type) {
        return type.is(LogicalTypeFamily.TIMESTAMP) && LogicalTypeChecks.getPrecision(type) > 3;
    }

    /** Sets the columns' values of the record flink-avro made from {@code row} in microseconds. */
    void write(RowData row, GenericRecord record) {
        for (int k = 0; k < positions.length; k++) {
            int i = positions[k];
            if (row.isNullAt(i)) continue;
            TimestampData t = row.getTimestamp(i, precisions[k]);
            record.put(i, Math.addExact(Math.multiplyExact(t.getMillisecond(), 1000L), t.getNanoOfMillisecond() / 1000));
        }
    }

    /** Sets the columns of the row flink-avro made from {@code record} from their values in microseconds. */
    void read(GenericRecord record, GenericRowData row) {
        for (int i : positions) {
            Object micros = record.get(i);
            row.setField(i, micros == null ? null : TimestampData.fromEpochMillis(Math.floorDiv((Long) micros, 1000L),
                    (int) Math.floorMod((Long) micros, 1000L) * 1000));
        }
    }
}
