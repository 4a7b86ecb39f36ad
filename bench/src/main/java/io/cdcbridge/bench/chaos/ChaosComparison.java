package io.cdcbridge.bench.chaos;

import io.cdcbridge.bench.data.TargetCheck;
import io.cdcbridge.embedded.EmbeddedDatabase;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/** A target compared with the source row by row once the pipeline settled; {@code replayed} where it can be told. */
final class ChaosComparison {

    final TargetCheck.Result result;
    final long sourceRows;
    long replayed = -1; // -1: a table of upserts does not show a change written twice

    private ChaosComparison(TargetCheck.Result result, long sourceRows) {
        this.result = result;
        this.sourceRows = sourceRows;
    }

    /**
     * Waits (up to {@code limit}) until the target has as many rows and the same highest key as the source, then
     * compares them row by row; again every 5 s while they differ, the last comparison being the result.
     */
    static ChaosComparison settle(EmbeddedDatabase source, ChaosPipelines.Target target, Duration limit, PrintStream err)
            throws Exception {
        String sourceQuery = "SELECT id, val, note, to_char(updated_at, 'YYYY-MM-DD HH24:MI:SS.MS') FROM " + SourceLoad.TABLE + " ORDER BY id";
        String targetQuery = target.mariadb()
                ? "SELECT id, val, note, LEFT(DATE_FORMAT(updated_at, '%Y-%m-%d %H:%i:%s.%f'), 23) FROM " + target.table() + " ORDER BY id"
                : "SELECT id, val, note, to_char(updated_at, 'YYYY-MM-DD HH24:MI:SS.MS') FROM " + target.table() + " ORDER BY id";
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            String s = summary(source, SourceLoad.TABLE);
            String t = summary(target.db(), target.table());
            boolean last = System.nanoTime() > deadline;
            if (s.equals(t) || last) {
                try (Connection sc = source.connect(); Connection tc = target.db().connect()) {
                    TargetCheck.Result r = TargetCheck.compare(sc, sourceQuery, tc, targetQuery);
                    if (r.equal() || last) {
                        err.println("chaos: " + target.pipeline() + ": " + r);
                        return new ChaosComparison(r, Long.parseLong(s.split(" ")[0]));
                    }
                }
            }
            err.println("chaos: " + target.pipeline() + " settling: source " + s + ", target " + t + " (rows, highest key)");
            Thread.sleep(5000);
        }
    }

    private static String summary(EmbeddedDatabase db, String table) {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), coalesce(max(id), 0) FROM " + table)) {
            rs.next();
            return rs.getLong(1) + " " + rs.getLong(2);
        } catch (SQLException e) {
            return "unreadable: " + e.getMessage();
        }
    }
}
