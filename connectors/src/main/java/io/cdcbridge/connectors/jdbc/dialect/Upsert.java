package io.cdcbridge.connectors.jdbc.dialect;

import java.util.List;
import java.util.Optional;

/**
 * Insert rows, or where a row with the same key exists, update some of its columns: all of them for an upsert,
 * only the version and the deleted flag for a soft delete. The values of {@link #inserted()} are bound, in that
 * order, for each row.
 *
 * @param table the target
 * @param inserted the columns a new row gets, all bound from the change
 * @param updated the columns an existing row takes from the change (a subset of inserted, no key column)
 * @param guard the version column: an existing row is updated only if its version is NULL or not newer
 * @param unlessTombstoned a table of deletes (key and version): a row is not written if a newer delete is there
 */
public record Upsert(Table table, List<Column> inserted, List<Column> updated, Optional<Column> guard,
                     Optional<Table> unlessTombstoned) {

    /** Copies the lists. */
    public Upsert {
        inserted = List.copyOf(inserted);
        updated = List.copyOf(updated);
    }
}
