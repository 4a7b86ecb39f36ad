package io.cdcbridge.connectors.postgres.text;

import io.cdcbridge.connectors.postgres.pgoutput.Relation;
import io.cdcbridge.connectors.postgres.pgoutput.TupleData;
import java.io.Serializable;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.RowKind;

/**
 * Builds Flink rows of a table's physical columns from text tuples: a pgoutput tuple (columns matched by name
 * through its relation) or a COPY line (columns already in the row's order). The rows carry
 * {@code trailingFields} more, empty fields after the physical ones, for the source's metadata columns.
 */
public final class TupleRowConverter implements Serializable {

    private static final long serialVersionUID = 1L;

    /** A converter for rows of {@code physicalType}; unsupported column types fail here, naming the column. */
    public TupleRowConverter(RowType physicalType, int trailingFields) {
        throw new UnsupportedOperationException("text value parsing is being written (branch wt-pgoutput)");
    }

    /**
     * The row of a pgoutput tuple. A column the relation lacks is null; an unchanged TOAST value is taken from
     * {@code previous} (the old tuple of the same update), and without one fails with {@link UnchangedValueException}.
     */
    public GenericRowData toRow(Relation relation, TupleData tuple, TupleData previous, RowKind kind) {
        throw new UnsupportedOperationException("text value parsing is being written (branch wt-pgoutput)");
    }

    /** The row of a tuple whose columns are the physical columns in order (a COPY line). */
    public GenericRowData toRow(TupleData tuple, RowKind kind) {
        throw new UnsupportedOperationException("text value parsing is being written (branch wt-pgoutput)");
    }
}
