package io.cdcbridge.connectors.postgres;

/** PostgreSQL identifiers as SQL text: every name cdcbridge-postgres puts into a statement goes through here. */
public final class Identifiers {

    /** {@code name} as a quoted identifier: exactly that name, whatever its case or characters. */
    public static String quote(String name) {
        if (name.indexOf('\0') >= 0) throw new IllegalArgumentException("an identifier cannot contain NUL: " + name);
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** {@code schema.table} with both parts quoted. */
    public static String quote(String schema, String table) {
        return quote(schema) + "." + quote(table);
    }

    private Identifiers() {}
}
