package io.cdcbridge.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What PostgreSQL itself allows: how fast pgoutput decodes the same inserts (10k-row transactions) with nobody
 * downstream, read through pg_logical_slot_get_binary_changes, and how fast the bench's load inserts them with
 * nobody reading. No CDC pipeline can stream faster than either.
 */
final class DecodingCeiling {

    /** Rows per second pgoutput decodes, and rows per second the load inserts. */
    record Rates(double decoding, double load) {}

    private static final String TABLE = "inventory.ceiling";

    private DecodingCeiling() {}

    /** The rates of decoding and of the load alone. */
    static Rates measure(BenchDatabase db, long rows, Progress progress) throws SQLException {
        try (Connection c = db.source(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + TABLE + " (LIKE inventory.customers INCLUDING ALL)");
            s.execute("ALTER TABLE " + TABLE + " REPLICA IDENTITY FULL");
            s.execute("CREATE PUBLICATION bench_ceiling FOR TABLE " + TABLE);
            s.execute("SELECT pg_create_logical_replication_slot('bench_ceiling', 'pgoutput')");
            long loadStart = System.nanoTime();
            db.insert(TABLE, 1, rows, n -> progress.report("decoding ceiling: load", n, rows, "rows"));
            double load = rows / ((System.nanoTime() - loadStart) / 1e9);
            long start = System.nanoTime();
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_logical_slot_get_binary_changes('bench_ceiling',"
                    + " NULL, NULL, 'proto_version', '1', 'publication_names', 'bench_ceiling')")) {
                rs.next();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            s.execute("SELECT pg_drop_replication_slot('bench_ceiling')");
            s.execute("DROP PUBLICATION bench_ceiling");
            s.execute("DROP TABLE " + TABLE);
            return new Rates(rows / seconds, load);
        }
    }
}
