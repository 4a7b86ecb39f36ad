package io.cdcbridge.bench.data;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;

/** Whether a target equals its source: both queries are read in key order and compared row by row, column by column. */
public final class TargetCheck {

    /** The outcome: rows compared, rows missing from the target, extra in it, and rows that differ. */
    public record Result(long rows, long missing, long extra, long different, String firstDifference) {
        public boolean equal() {
            return missing == 0 && extra == 0 && different == 0;
        }

        @Override
        public String toString() {
            return equal() ? "equal (" + rows + " rows)"
                    : "DIFFERENT: " + missing + " missing, " + extra + " extra, " + different + " differ; first: " + firstDifference;
        }
    }

    private TargetCheck() {}

    /** Both queries return the key (an integer) first and the same columns in the same order, sorted by key. */
    public static Result compare(Connection source, String sourceQuery, Connection target, String targetQuery) throws SQLException {
        source.setAutoCommit(false); // lets PostgreSQL stream with a fetch size instead of loading everything
        target.setAutoCommit(false);
        try (Statement ss = source.createStatement(); Statement ts = target.createStatement()) {
            ss.setFetchSize(10_000);
            ts.setFetchSize(10_000);
            try (ResultSet s = ss.executeQuery(sourceQuery); ResultSet t = ts.executeQuery(targetQuery)) {
                int columns = s.getMetaData().getColumnCount();
                long rows = 0, missing = 0, extra = 0, different = 0;
                String first = null;
                boolean hasS = s.next(), hasT = t.next();
                while (hasS || hasT) {
                    long ks = hasS ? s.getLong(1) : Long.MAX_VALUE;
                    long kt = hasT ? t.getLong(1) : Long.MAX_VALUE;
                    if (ks < kt) {
                        missing++;
                        if (first == null) first = "key " + ks + " missing from the target";
                        hasS = s.next();
                    } else if (kt < ks) {
                        extra++;
                        if (first == null) first = "key " + kt + " in the target only";
                        hasT = t.next();
                    } else {
                        rows++;
                        for (int i = 2; i <= columns; i++) {
                            if (!Objects.equals(s.getString(i), t.getString(i))) {
                                different++;
                                if (first == null) first = "key " + ks + " column " + i + ": source '" + s.getString(i)
                                        + "', target '" + t.getString(i) + "'";
                                break;
                            }
                        }
                        hasS = s.next();
                        hasT = t.next();
                    }
                }
                return new Result(rows, missing, extra, different, first);
            }
        } finally {
            source.rollback();
            target.rollback();
        }
    }
}
