package io.cdcbridge.connectors.debezium;

import org.apache.flink.table.data.RowData;

/**
 * One Debezium change event assembled from Flink's changelog rows. When an update moved a row to another primary
 * key it becomes a delete that names the new key row and a create that names the old key row, as Debezium
 * publishes it (with the keys in the {@code __debezium.newkey} and {@code __debezium.oldkey} headers).
 */
record Change(Operation op, RowData before, RowData after, RowData oldKeyRow, RowData newKeyRow) {

    /** What happened to the row; a create read by a snapshot is published as Debezium's "r". */
    enum Operation {
        /** +I: "c", or "r" for a snapshot row. */
        CREATE("c"),
        /** -U and +U under the same key: "u". */
        UPDATE("u"),
        /** -D: "d". */
        DELETE("d");

        final String code;

        Operation(String code) {
            this.code = code;
        }
    }

    static Change create(RowData after) {
        return new Change(Operation.CREATE, null, after, null, null);
    }

    static Change update(RowData before, RowData after) {
        return new Change(Operation.UPDATE, before, after, null, null);
    }

    static Change delete(RowData before) {
        return new Change(Operation.DELETE, before, null, null, null);
    }

    /** The row whose columns and source metadata the event carries: the after image, else the before image. */
    RowData latest() {
        return after != null ? after : before;
    }
}
