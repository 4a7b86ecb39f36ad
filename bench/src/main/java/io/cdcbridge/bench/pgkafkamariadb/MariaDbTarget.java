package io.cdcbridge.bench.pgkafkamariadb;

import io.cdcbridge.bench.data.TargetCheck;
import io.cdcbridge.bench.report.Progress;
import io.cdcbridge.embedded.EmbeddedMariaDb;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The Kafka-path benchmarks' target: a MariaDB table of the customers shape (the source's columns, no mapping, as
 * Debezium's JDBC sink writes them) per pipeline, its row counts, the row-by-row comparison with the PostgreSQL source,
 * and what MariaDB applies alone.
 */
final class MariaDbTarget {

    /** How a pipeline writes the source's deletes. */
    enum Deletes {
        /** the row stays, {@code __deleted} BOOLEAN true (cdcbridge-jdbc's soft mode) */
        SOFT_BOOLEAN("BOOLEAN NOT NULL DEFAULT FALSE"),
        /** the row stays, {@code __deleted} 'true' (ExtractNewRecordState's rewrite mode writes a string) */
        SOFT_TEXT("VARCHAR(5)"),
        /** the row is deleted (Flink's jdbc sink) */
        HARD(null);

        final String flagType;

        Deletes(String flagType) {
            this.flagType = flagType;
        }

        boolean soft() {
            return flagType != null;
        }
    }

    static final int APPLY_BATCH_ROWS = 5000;
    // the generated row of number %1$s, every column but updated_at (FlinkScripts.generated makes the same in Flink)
    private static final String GENERATED = "%1$s, CONCAT('first', %1$s), CONCAT('last', %1$s), CONCAT('user', %1$s, '@example.com'),"
            + " CONCAT(%1$s, ' Main St'), LPAD(%1$s %% 100000, 5, '0'), 'Springfield', CONCAT('(555) ', %1$s), 1 + %1$s %% 4,"
            + " TIMESTAMP '2020-01-01 00:00:00' + INTERVAL %1$s MINUTE";
    private static final String COLUMNS = "id, fname, lname, email, street, zip, city, phone, status, registered, updated_at";
    // both sides rendered alike: times to the microsecond, the flag as true/false
    private static final String SOURCE_ROW = "id, fname, lname, email, street, zip, city, phone, status,"
            + " to_char(registered, 'YYYY-MM-DD HH24:MI:SS.US'), to_char(updated_at, 'YYYY-MM-DD HH24:MI:SS.US')";
    private static final String TARGET_ROW = "id, fname, lname, email, street, zip, city, phone, status,"
            + " DATE_FORMAT(registered, '%Y-%m-%d %H:%i:%s.%f'), DATE_FORMAT(updated_at, '%Y-%m-%d %H:%i:%s.%f')";
    private static final String FLAG = "CASE CAST(`__deleted` AS CHAR) WHEN '1' THEN 'true' WHEN 'true' THEN 'true' ELSE 'false' END";

    private final EmbeddedMariaDb mariadb;

    MariaDbTarget(EmbeddedMariaDb mariadb) {
        this.mariadb = mariadb;
    }

    EmbeddedMariaDb database() {
        return mariadb;
    }

    Connection connect() throws SQLException {
        return mariadb.connect();
    }

    /** Drops and creates the pipeline's table. */
    void create(String table, Deletes deletes) {
        mariadb.execute("DROP TABLE IF EXISTS " + quote(table), "CREATE TABLE " + quote(table) + " (" + columns()
                + (deletes.soft() ? ", `__deleted` " + deletes.flagType : "") + ")");
    }

    private static String columns() {
        return "id INT NOT NULL PRIMARY KEY, fname VARCHAR(255), lname VARCHAR(255), email VARCHAR(255), street VARCHAR(255),"
                + " zip VARCHAR(255), city VARCHAR(255), phone VARCHAR(255), status INT, registered DATETIME(6), updated_at DATETIME(3)";
    }

    /** How many rows the target holds (live and soft-deleted), and how many of them are flagged deleted. */
    String countQuery(String table) {
        return "SELECT count(*) FROM " + quote(table);
    }

    String deletedQuery(String table, Deletes deletes) {
        return deletes.soft() ? "SELECT count(*) FROM " + quote(table) + " WHERE " + FLAG + " = 'true'"
                : "SELECT 0";
    }

    /**
     * Compares the source (live rows, and the deleted ones kept in {@code inventory.customers_deleted} flagged, for a
     * soft-deleting pipeline) with the target, row by row.
     */
    TargetCheck.Result check(Connection source, String table, Deletes deletes) throws SQLException {
        String sourceQuery = deletes.soft()
                ? "SELECT " + SOURCE_ROW + ", 'false' FROM inventory.customers UNION ALL SELECT " + SOURCE_ROW
                        + ", 'true' FROM inventory.customers_deleted ORDER BY 1"
                : "SELECT " + SOURCE_ROW + " FROM inventory.customers ORDER BY 1";
        String targetQuery = "SELECT " + TARGET_ROW + (deletes.soft() ? ", " + FLAG : "") + " FROM " + quote(table) + " ORDER BY id";
        try (Connection target = connect()) {
            return TargetCheck.compare(source, sourceQuery, target, targetQuery);
        }
    }

    /** How many rows of {@code table} are the generated rows of their id (updated_at aside). */
    long generatedRowsMatching(String table) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); java.sql.ResultSet r = s.executeQuery("SELECT count(*) FROM "
                + quote(table) + " WHERE (id, fname, lname, email, street, zip, city, phone, status, registered) = ("
                + GENERATED.formatted("id") + ")")) {
            r.next();
            return r.getLong(1);
        }
    }

    /** What MariaDB applies alone, rows per second: multi-row guarded upserts from a table it holds, and LOAD DATA. */
    record Alone(double upserts, double loadData) {}

    /**
     * The target's share of a pipeline's work with nothing else: {@code rows} customers rows, already in MariaDB,
     * upserted into an empty table in statements of {@value #APPLY_BATCH_ROWS} rows guarded by the version as
     * cdcbridge-jdbc guards them; then the same rows from a tab-separated file by {@code LOAD DATA LOCAL INFILE}.
     */
    Alone measureAlone(long rows, Path scratch, Progress progress) throws SQLException, IOException {
        String url = mariadb.jdbcUrl() + "?allowLocalInfile=true";
        try (Connection c = DriverManager.getConnection(url, mariadb.user(), mariadb.password()); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS limit_rows, limit_upserts, limit_load");
            s.execute("CREATE TABLE limit_rows (" + columns() + ")");
            s.execute("CREATE TABLE limit_upserts (" + columns() + ")");
            s.execute("CREATE TABLE limit_load (" + columns() + ")");
            // the bench's generated rows (BenchDatabase.GENERATED_ROWS), through MariaDB's sequence engine
            s.execute("INSERT INTO limit_rows (" + COLUMNS + ") SELECT " + GENERATED.formatted("seq") + ", NOW(3) FROM seq_1_to_" + rows);
            StringBuilder set = new StringBuilder();
            for (String col : COLUMNS.split(", ")) {
                if (col.equals("id") || col.equals("updated_at")) continue;
                set.append(col).append(" = IF(limit_upserts.updated_at <= VALUES(updated_at), VALUES(").append(col).append("), limit_upserts.").append(col).append("), ");
            }
            set.append("updated_at = IF(limit_upserts.updated_at <= VALUES(updated_at), VALUES(updated_at), limit_upserts.updated_at)");
            long start = System.nanoTime();
            try (PreparedStatement upsert = c.prepareStatement("INSERT INTO limit_upserts SELECT * FROM limit_rows WHERE id BETWEEN ? AND ?"
                    + " ON DUPLICATE KEY UPDATE " + set)) {
                for (long from = 1; from <= rows; from += APPLY_BATCH_ROWS) {
                    upsert.setLong(1, from);
                    upsert.setLong(2, Math.min(rows, from + APPLY_BATCH_ROWS - 1));
                    upsert.executeUpdate();
                    progress.report("MariaDB alone: upserts", Math.min(rows, from + APPLY_BATCH_ROWS - 1), rows, "rows");
                }
            }
            double upserts = rows / ((System.nanoTime() - start) / 1e9);
            Path file = scratch.resolve("limit_rows.tsv");
            writeRows(file, rows);
            start = System.nanoTime();
            s.execute("LOAD DATA LOCAL INFILE '" + file.toString().replace("'", "''") + "' INTO TABLE limit_load (" + COLUMNS + ")");
            double load = rows / ((System.nanoTime() - start) / 1e9);
            Files.delete(file);
            s.execute("DROP TABLE limit_rows, limit_upserts, limit_load");
            return new Alone(upserts, load);
        }
    }

    // The same rows as tab-separated text, as LOAD DATA reads them by default.
    private static void writeRows(Path file, long rows) throws IOException {
        DateTimeFormatter format = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        LocalDateTime base = LocalDateTime.of(2020, 1, 1, 0, 0);
        String now = LocalDateTime.now().format(format);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (long g = 1; g <= rows; g++) {
                w.write(g + "\tfirst" + g + "\tlast" + g + "\tuser" + g + "@example.com\t" + g + " Main St\t"
                        + String.format("%05d", g % 100000) + "\tSpringfield\t(555) " + g + "\t" + (1 + g % 4) + "\t"
                        + base.plusMinutes(g).format(format) + "\t" + now + "\n");
            }
        }
    }

    static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }
}
