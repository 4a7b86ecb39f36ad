package io.cdcbridge.bench.limits;

import io.cdcbridge.bench.data.BenchDatabase;
import io.cdcbridge.bench.report.Progress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What PostgreSQL itself allows: how fast pgoutput decodes the same inserts (10k-row transactions) with nobody
 * downstream, read through pg_logical_slot_get_binary_changes; how fast the bench's load inserts them with nobody
 * reading; and how fast the target applies them as version-guarded upserts of 5000 rows (the sink's statement, fed
 * from a table the server already holds), with nothing else running. No CDC pipeline can stream faster than any of them.
 */
public final class DecodingCeiling {

    /** Rows per second pgoutput decodes, the load inserts, and the target applies. */
    public record Rates(double decoding, double load, double apply) {}

    private static final String TABLE = "inventory.ceiling";
    private static final int APPLY_BATCH_ROWS = 5000;

    private DecodingCeiling() {}

    /** The rates of decoding and of the load alone. */
    public static Rates measure(BenchDatabase db, long rows, Progress progress) throws SQLException {
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
            return new Rates(rows / seconds, load, applyAlone(db, rows, progress));
        }
    }

    // The target's share of a pipeline's work, alone: the mapped rows, already in the target database, upserted in
    // batches as cdcbridge-jdbc's statement does (ON CONFLICT ... WHERE the stored version is not newer).
    private static double applyAlone(BenchDatabase db, long rows, Progress progress) throws SQLException {
        try (Connection c = db.target(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE ceiling_target (LIKE " + BenchDatabase.TARGET_TABLE + " INCLUDING ALL)");
            s.execute("CREATE TABLE ceiling_rows (LIKE " + BenchDatabase.TARGET_TABLE + ")");
            try (PreparedStatement fill = c.prepareStatement("INSERT INTO ceiling_rows SELECT " + BenchDatabase.MAPPING
                    + ", localtimestamp(3) FROM (" + BenchDatabase.GENERATED_ROWS + ") s")) {
                fill.setLong(1, 1);
                fill.setLong(2, rows);
                fill.executeUpdate();
            }
            s.execute("ALTER TABLE ceiling_rows ADD PRIMARY KEY (id)");
            s.execute("VACUUM ANALYZE ceiling_rows");
            String upsert = "INSERT INTO ceiling_target AS t SELECT * FROM ceiling_rows WHERE id BETWEEN ? AND ?"
                    + " ON CONFLICT (id) DO UPDATE SET first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name,"
                    + " email = EXCLUDED.email, zip = EXCLUDED.zip, phone = EXCLUDED.phone, status = EXCLUDED.status,"
                    + " registration_date = EXCLUDED.registration_date, updated_at = EXCLUDED.updated_at"
                    + " WHERE t.updated_at IS NULL OR t.updated_at <= EXCLUDED.updated_at";
            double rate = applyInBatches(c, upsert, rows, progress);
            s.execute("DROP TABLE ceiling_target, ceiling_rows");
            return rate;
        }
    }

    /** Runs {@code upsert} (ids from ? to ?) over ids 1..rows in batches of 5000; rows per second. */
    public static double applyInBatches(Connection c, String upsert, long rows, Progress progress) throws SQLException {
        long start = System.nanoTime();
        try (PreparedStatement batch = c.prepareStatement(upsert)) {
            for (long from = 1; from <= rows; from += APPLY_BATCH_ROWS) {
                batch.setLong(1, from);
                batch.setLong(2, Math.min(rows, from + APPLY_BATCH_ROWS - 1));
                batch.executeUpdate();
                progress.report("apply ceiling", Math.min(rows, from + APPLY_BATCH_ROWS - 1), rows, "rows");
            }
        }
        return rows / ((System.nanoTime() - start) / 1e9);
    }
}
