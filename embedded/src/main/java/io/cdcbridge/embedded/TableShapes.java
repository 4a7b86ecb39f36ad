package io.cdcbridge.embedded;

/**
 * Three shapes of PostgreSQL table for many-table runs (numbers, decimals and times; text, booleans and dates; long
 * text, doubles and small integers), each with its rows and its Flink columns, for tests and benchmarks of many tables:
 * {@code bench/run many-tables} and the cli's RestartTest take table i of shape i % 3.
 */
public enum TableShapes {

    NUMBERS("id bigint PRIMARY KEY, name text, qty integer, price numeric(10,2), updated_at timestamp(3)",
            "g, 'name ' || g, g % 100, g * 0.25, TIMESTAMP '2024-01-01' + g * INTERVAL '1 second'",
            "id BIGINT NOT NULL, name STRING, qty INT, price DECIMAL(10, 2), updated_at TIMESTAMP(3)"),
    TEXTS("id integer PRIMARY KEY, a text, b text, c boolean, d date",
            "g, 'a' || g, md5(g::text), g % 2 = 0, DATE '2024-01-01' + (g % 365)",
            "id INT NOT NULL, a STRING, b STRING, c BOOLEAN, d DATE"),
    PAYLOADS("id bigint PRIMARY KEY, payload text, n double precision, flag smallint",
            "g, repeat('p', 20 + g % 40), g / 7.0, (g % 3)::smallint",
            "id BIGINT NOT NULL, payload STRING, n DOUBLE, flag SMALLINT");

    /** The PostgreSQL columns, with the primary key {@code id}. */
    public final String columns;
    /** The select list of a row from {@code generate_series(...) g}, id {@code g}. */
    public final String row;
    /** The Flink columns (add {@code PRIMARY KEY (id) NOT ENFORCED}). */
    public final String flinkColumns;

    TableShapes(String columns, String row, String flinkColumns) {
        this.columns = columns;
        this.row = row;
        this.flinkColumns = flinkColumns;
    }

    /** The shape of the i-th table. */
    public static TableShapes of(int table) {
        return values()[table % values().length];
    }
}
