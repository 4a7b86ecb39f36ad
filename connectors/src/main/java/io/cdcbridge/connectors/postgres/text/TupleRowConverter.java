package io.cdcbridge.connectors.postgres.text;

import io.cdcbridge.connectors.postgres.pgoutput.Relation;
import io.cdcbridge.connectors.postgres.pgoutput.TupleData;
import io.cdcbridge.connectors.text.TextValueParser;
import io.cdcbridge.connectors.text.TextValueParsers;
import java.io.Serializable;
import java.util.List;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.RowKind;

/**
 * Builds Flink rows of a table's physical columns from text tuples: a pgoutput tuple (columns matched by name
 * through its relation) or a COPY line (columns already in the row's order). The rows carry
 * {@code trailingFields} more, empty fields after the physical ones, for the source's metadata columns.
 * Safe to share between threads; the values it returns own their bytes (the tuple's buffer may be reused).
 */
public final class TupleRowConverter implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String[] names;
    private final String[] typeNames;
    private final TextValueParser[] parsers;
    private final int arity;
    // the relation last converted and where each physical field is in its tuples: one table per converter, so
    // one entry suffices, and a relation replaced after a schema change is recomputed (and the old one let go)
    private transient volatile ColumnMapping mapping;

    /** Which column of {@code relation}'s tuples holds each physical field, -1 for none. */
    private record ColumnMapping(Relation relation, int[] columnOfField) {}

    /** A converter for rows of {@code physicalType}; unsupported column types fail here, naming the column. */
    public TupleRowConverter(RowType physicalType, int trailingFields) {
        List<RowType.RowField> fields = physicalType.getFields();
        names = new String[fields.size()];
        typeNames = new String[fields.size()];
        parsers = new TextValueParser[fields.size()];
        for (int i = 0; i < names.length; i++) {
            LogicalType type = fields.get(i).getType();
            names[i] = fields.get(i).getName();
            typeNames[i] = type.asSummaryString();
            try {
                parsers[i] = ArrayTextParser.forColumn(type);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("column " + names[i] + " " + typeNames[i] + ": " + e.getMessage(), e);
            }
        }
        arity = names.length + trailingFields;
    }

    /**
     * The row of a pgoutput tuple. A column the relation lacks is null; an unchanged TOAST value is taken from
     * {@code previous} (the old tuple of the same update), and without one fails with {@link UnchangedValueException}.
     */
    public GenericRowData toRow(Relation relation, TupleData tuple, TupleData previous, RowKind kind) {
        if (tuple.size() != relation.columns().size()) {
            throw new IllegalArgumentException("a tuple of " + tuple.size() + " columns for " + relation.schema() + "."
                    + relation.table() + ", whose relation has " + relation.columns().size());
        }
        int[] columnOfField = columnsOf(relation);
        GenericRowData row = new GenericRowData(kind, arity);
        for (int i = 0; i < columnOfField.length; i++) {
            int column = columnOfField[i];
            if (column < 0) continue;
            TupleData source = tuple;
            if (tuple.kind(column) == TupleData.UNCHANGED) {
                source = unchangedSource(relation, previous, column);
                if (source == null) continue;
            }
            if (source.kind(column) == TupleData.TEXT) row.setField(i, parse(i, source, column, relation.schema() + "." + relation.table()));
        }
        return row;
    }

    /** The row of a tuple whose columns are the physical columns in order (a COPY line of {@code table}, for messages). */
    public GenericRowData toRow(TupleData tuple, String table, RowKind kind) {
        if (tuple.size() != names.length) {
            throw new IllegalArgumentException("a tuple of " + tuple.size() + " columns for a row of " + names.length);
        }
        GenericRowData row = new GenericRowData(kind, arity);
        for (int i = 0; i < names.length; i++) {
            byte k = tuple.kind(i);
            if (k == TupleData.TEXT) {
                row.setField(i, parse(i, tuple, i, table));
            } else if (k == TupleData.UNCHANGED) {
                throw new IllegalArgumentException("column " + names[i] + " of " + table + " is an unchanged TOAST value in a tuple without a relation");
            }
        }
        return row;
    }

    /**
     * Where the value of an unchanged column is: {@code previous} when it has it, null for a NULL the old row of a
     * FULL identity held. A key-only old tuple has NULL in every other column, so its NULLs prove nothing.
     */
    private TupleData unchangedSource(Relation relation, TupleData previous, int column) {
        if (previous != null && column < previous.size()) {
            byte before = previous.kind(column);
            if (before == TupleData.TEXT) return previous;
            if (before == TupleData.NULL && relation.replicaIdentity() == 'f') return null;
        }
        throw new UnchangedValueException(relation.schema() + "." + relation.table(), relation.columns().get(column).name());
    }

    private Object parse(int field, TupleData tuple, int column, String table) {
        int offset = tuple.offset(column);
        int length = tuple.length(column);
        try {
            return parsers[field].parse(tuple.buffer(), offset, length);
        } catch (RuntimeException e) {
            String why = e instanceof IllegalArgumentException ? e.getMessage()
                    : TextValueParsers.show(tuple.buffer(), offset, length) + " could not be read: " + e;
            throw new IllegalArgumentException("column " + names[field] + " " + typeNames[field] + " of " + table + ": " + why, e);
        }
    }

    private int[] columnsOf(Relation relation) {
        ColumnMapping known = mapping;
        if (known != null && known.relation() == relation) return known.columnOfField();
        List<Relation.Column> columns = relation.columns();
        int[] columnOfField = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            columnOfField[i] = -1;
            for (int c = 0; c < columns.size(); c++) {
                if (columns.get(c).name().equals(names[i])) {
                    columnOfField[i] = c;
                    break;
                }
            }
        }
        mapping = new ColumnMapping(relation, columnOfField);
        return columnOfField;
    }
}
