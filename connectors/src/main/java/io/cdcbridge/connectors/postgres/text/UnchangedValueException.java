package io.cdcbridge.connectors.postgres.text;

/** An update left a TOASTed column out as unchanged, and no old tuple holds its value (replica identity not FULL). */
public final class UnchangedValueException extends RuntimeException {

    /** The column whose value is missing, in the table it belongs to. */
    public UnchangedValueException(String table, String column) {
        super("column " + column + " of " + table + " was not sent (an unchanged TOAST value) and no old row holds it:"
                + " set REPLICA IDENTITY FULL on " + table);
    }
}
