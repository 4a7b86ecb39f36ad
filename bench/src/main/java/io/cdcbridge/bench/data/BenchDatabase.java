package io.cdcbridge.bench.data;

import io.cdcbridge.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.LongConsumer;

/**
 * The benchmark's data in the embedded PostgreSQL: the seed-000 customers table (plus an updated_at version
 * column) in database {@code postgres}, and the contract's target table in database {@value #TARGET_DB}, so that
 * the target's writes are not decoded by the source's replication slot.
 */
public final class BenchDatabase {

    static final String TARGET_DB = "bench_target";
    public static final String SOURCE_TABLE = "inventory.customers";
    public static final String TARGET_TABLE = "customers_public";
    /** Rows per transaction when loading, as the streaming scenario says. */
    public static final int ROWS_PER_TX = 10_000;

    /** Source rows with ids ? to ? (inclusive), in the source's columns without updated_at, as the load writes them. */
    public static final String GENERATED_ROWS = """
            SELECT g AS id, 'first' || g AS fname, 'last' || g AS lname, 'user' || g || '@example.com' AS email,
                   g || ' Main St' AS street, lpad((g % 100000)::text, 5, '0') AS zip, 'Springfield' AS city,
                   '(555) ' || g AS phone, 1 + g % 4 AS status, timestamp '2020-01-01' + g * interval '1 minute' AS registered
            FROM generate_series(?, ?) g""";
    /** The contract's mapping of a source row to the target's columns, updated_at excepted, as SQL. */
    public static final String MAPPING = """
            id, fname, lname, email, zip, phone,
            CASE status WHEN 1 THEN 'NEW' WHEN 2 THEN 'VIP' WHEN 3 THEN 'BLOCKED' ELSE 'STANDARD' END,
            to_char(registered, 'DD-MM-YYYY')""";
    private static final String MAPPED_SOURCE = "SELECT " + MAPPING + ", updated_at FROM inventory.customers ORDER BY id";
    private static final String TARGET = """
            SELECT id, first_name, last_name, email, zip, phone, status, registration_date, updated_at
            FROM customers_public ORDER BY id""";

    private final EmbeddedPostgres pg;

    public BenchDatabase(EmbeddedPostgres pg) {
        this.pg = pg;
    }

    public void create() {
        pg.execute("""
                CREATE SCHEMA inventory;
                CREATE TABLE inventory.customers (id INT PRIMARY KEY, fname TEXT, lname TEXT, email TEXT, street TEXT,
                  zip TEXT, city TEXT, phone TEXT, status INT, registered TIMESTAMP,
                  updated_at TIMESTAMP(3) NOT NULL DEFAULT clock_timestamp());
                ALTER TABLE inventory.customers REPLICA IDENTITY FULL""", "CREATE DATABASE " + TARGET_DB);
        try (Connection c = target(); Statement s = c.createStatement()) {
            s.execute("""
                    CREATE TABLE customers_public (id INT PRIMARY KEY, first_name TEXT, last_name TEXT, email TEXT,
                      zip TEXT, phone TEXT, status TEXT, registration_date TEXT, updated_at TIMESTAMP(3))""");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the target table: " + e.getMessage(), e);
        }
    }

    public String targetUrl() {
        return "jdbc:postgresql://" + pg.host() + ":" + pg.port() + "/" + TARGET_DB;
    }

    public Connection source() throws SQLException {
        return pg.connect();
    }

    public Connection target() throws SQLException {
        return DriverManager.getConnection(targetUrl(), pg.user(), pg.password());
    }

    /** Inserts customers with ids from..to (inclusive) in transactions of {@link #ROWS_PER_TX}; reports progress. */
    public void insert(long from, long to, LongConsumer progress) {
        insert(SOURCE_TABLE, from, to, progress);
    }

    /** The same, into another table of the source's shape. */
    public void insert(String table, long from, long to, LongConsumer progress) {
        try (Connection c = source(); PreparedStatement s = c.prepareStatement("INSERT INTO " + table
                + " (id, fname, lname, email, street, zip, city, phone, status, registered) " + GENERATED_ROWS)) {
            for (long start = from; start <= to; start += ROWS_PER_TX) {
                s.setLong(1, start);
                s.setLong(2, Math.min(to, start + ROWS_PER_TX - 1));
                s.executeUpdate();
                progress.accept(Math.min(to, start + ROWS_PER_TX - 1) - from + 1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("loading the source failed: " + e.getMessage(), e);
        }
    }

    /** Counts the target's rows, as often as needed, over one connection. */
    public CountQuery targetCounter() {
        try {
            return new CountQuery(target(), "SELECT count(*) FROM " + TARGET_TABLE);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to the target: " + e.getMessage(), e);
        }
    }

    public void truncateTarget() {
        try (Connection c = target(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE " + TARGET_TABLE);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot empty the target: " + e.getMessage(), e);
        }
    }

    /** Deletes the source rows above {@code keep}, so the next pipeline starts from the same table. */
    public void trimSource(long keep) {
        pg.execute("DELETE FROM " + SOURCE_TABLE + " WHERE id > " + keep);
    }

    /** Compares the source, mapped as the statement maps it, with the target, row by row in key order. */
    public TargetCheck.Result check() {
        try (Connection s = source(); Connection t = target()) {
            return TargetCheck.compare(s, MAPPED_SOURCE, t, TARGET);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot compare source and target: " + e.getMessage(), e);
        }
    }
}
