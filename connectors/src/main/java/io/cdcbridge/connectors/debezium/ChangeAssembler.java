package io.cdcbridge.connectors.debezium;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.table.data.RowData;

/**
 * Turns Flink's changelog into Debezium's events. Flink splits an update into UPDATE_BEFORE and UPDATE_AFTER, which
 * a CDC source emits one right after the other; Debezium publishes one "u" event with both images, or, when the
 * primary key changed, a delete of the old key and a create of the new one. So a before image waits here for the
 * after image that follows it (and is kept in the writer's state across a checkpoint).
 */
final class ChangeAssembler {

    private final Function<RowData, Object> keyOf;
    private final TypeSerializer<RowData> copier;
    private RowData pendingBefore;

    /**
     * {@code keyOf} gives a row's primary key in a form with value equality (null for a table without one);
     * {@code copier} copies a before image that must outlive the call that handed it over.
     */
    ChangeAssembler(Function<RowData, Object> keyOf, TypeSerializer<RowData> copier) {
        this.keyOf = keyOf;
        this.copier = copier;
    }

    /** The events a changelog row completes, in order: none for a before image, which waits for its after image. */
    List<Change> accept(RowData row) {
        List<Change> out = new ArrayList<>(2);
        switch (row.getRowKind()) {
            case INSERT -> {
                drainInto(out);
                out.add(Change.create(row));
            }
            case UPDATE_BEFORE -> {
                drainInto(out);
                pendingBefore = copier.copy(row);
            }
            case UPDATE_AFTER -> {
                RowData before = pendingBefore;
                pendingBefore = null;
                if (before == null) {
                    // no before image (an upsert source): Debezium's "u" without before, as for REPLICA IDENTITY DEFAULT
                    out.add(Change.update(null, row));
                } else if (Objects.equals(keyOf.apply(before), keyOf.apply(row))) {
                    out.add(Change.update(before, row));
                } else {
                    out.add(new Change(Change.Operation.DELETE, before, null, null, row));
                    out.add(new Change(Change.Operation.CREATE, null, row, before, null));
                }
            }
            case DELETE -> {
                drainInto(out);
                out.add(Change.delete(row));
            }
            default -> throw new IllegalStateException("unknown row kind " + row.getRowKind());
        }
        return out;
    }

    /**
     * The waiting before image as a delete, when no after image can follow it any more (end of input, or another
     * row came first): the row left its key, and no image of where it went arrived.
     */
    List<Change> drain() {
        List<Change> out = new ArrayList<>(1);
        drainInto(out);
        return out;
    }

    /** The before image waiting for its after image, or null. */
    RowData pending() {
        return pendingBefore;
    }

    /** Restores a waiting before image from a checkpoint. */
    void restore(RowData before) {
        pendingBefore = before;
    }

    private void drainInto(List<Change> out) {
        if (pendingBefore != null) {
            out.add(Change.delete(pendingBefore));
            pendingBefore = null;
        }
    }
}
