package io.cdcbridge.connectors.jdbc.dialect;

import java.util.List;
import java.util.Optional;

/**
 * Delete rows by key, each only if its version is NULL or not newer than the delete's. Bound per row: the key
 * columns, then the guard column.
 *
 * @param table the target
 * @param guard the version column, if deletes are guarded
 */
public record Delete(Table table, Optional<Column> guard) {

    /** The columns bound for each row, in order. */
    public List<Column> bound() {
        List<Column> bound = new java.util.ArrayList<>(table.keyColumns());
        guard.ifPresent(bound::add);
        return bound;
    }
}
