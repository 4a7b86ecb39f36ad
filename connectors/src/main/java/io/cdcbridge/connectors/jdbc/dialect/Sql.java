package io.cdcbridge.connectors.jdbc.dialect;

import java.util.List;

/**
 * A rendered statement: its text, and for each of its parameters the position of the column it binds (in the
 * statement model's list of bound columns).
 *
 * @param text the SQL, identifiers quoted, values only as parameters
 * @param parameters for each '?' of one row, in order, the index of the bound column whose value it takes
 * @param binding whether it runs once per row (JDBC batch) or once per batch with a column's values as one array
 */
public record Sql(String text, List<Integer> parameters, Binding binding) {

    /** How a statement takes the rows of a batch. */
    public enum Binding {
        /** One execution per row, sent together as a JDBC batch. */
        PER_ROW,
        /** One execution per group of rows: each row's parameters, one row after another, in a statement for that many rows. */
        ROW_GROUPS,
        /** One execution per batch: each parameter is an array of one column's values, as text. */
        COLUMN_ARRAYS
    }

    /** Copies the parameter list. */
    public Sql {
        parameters = List.copyOf(parameters);
    }
}
