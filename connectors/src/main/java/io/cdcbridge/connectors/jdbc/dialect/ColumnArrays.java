package io.cdcbridge.connectors.jdbc.dialect;

/**
 * The parameters of a {@link Sql.Binding#COLUMN_ARRAYS} statement for one batch, filled row by row: each row's values
 * are added in parameter order, so that the batch's rows are read once, not once per column.
 */
public interface ColumnArrays {

    /** Adds the next row's value (the sink's Java value, null for NULL) of parameter {@code parameter} (from 0). */
    void add(int parameter, Object value);

    /** Parameter {@code parameter}'s array, as the dialect's driver takes it in {@code setObject}. */
    Object array(int parameter);
}
