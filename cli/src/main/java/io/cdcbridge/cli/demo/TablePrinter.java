package io.cdcbridge.cli.demo;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** A query's result as text, the way psql prints it, so a demo's output reads like the seed's. */
public final class TablePrinter {

    /** A query's column names and rows, every value as the database's text (null stays null). */
    public record Table(List<String> columns, List<List<String>> rows) {}

    private TablePrinter() {}

    /** Runs the query and keeps its result. */
    public static Table query(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) columns.add(meta.getColumnLabel(i));
            List<List<String>> rows = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns.size(); i++) row.add(rs.getString(i));
                rows.add(row);
            }
            return new Table(columns, rows);
        }
    }

    /** psql's aligned format: header, a dashed rule, the rows, and "(n rows)". */
    public static String psql(Table t) {
        int[] width = widths(t);
        boolean[] numeric = numeric(t);
        StringBuilder out = new StringBuilder();
        line(out, t.columns(), width, null, " | ");
        for (int i = 0; i < width.length; i++) out.append(i == 0 ? "-" : "-+-").append("-".repeat(width[i]));
        out.append("-\n");
        for (List<String> row : t.rows()) line(out, row, width, numeric, " | ");
        out.append("(").append(t.rows().size()).append(t.rows().size() == 1 ? " row)\n" : " rows)\n");
        return out.toString();
    }

    private static int[] widths(Table t) {
        int[] w = new int[t.columns().size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = t.columns().get(i).length();
            for (List<String> row : t.rows()) w[i] = Math.max(w[i], text(row.get(i)).length());
        }
        return w;
    }

    // psql right-aligns numbers; a column counts as numeric when all its values are
    private static boolean[] numeric(Table t) {
        boolean[] n = new boolean[t.columns().size()];
        for (int i = 0; i < n.length; i++) {
            final int column = i;
            n[i] = !t.rows().isEmpty() && t.rows().stream().map(r -> r.get(column))
                    .allMatch(v -> v == null || v.matches("-?\\d+(\\.\\d+)?"));
        }
        return n;
    }

    // A header (numeric == null) is centred, a value left-aligned or, in a numeric column, right-aligned.
    private static void line(StringBuilder out, List<String> cells, int[] width, boolean[] numeric, String separator) {
        out.append(' ');
        for (int i = 0; i < width.length; i++) {
            if (i > 0) out.append(separator);
            String cell = text(cells.get(i));
            int pad = width[i] - cell.length();
            int left = numeric == null ? pad / 2 : numeric[i] ? pad : 0;
            out.append(" ".repeat(left)).append(cell).append(" ".repeat(pad - left));
        }
        out.append('\n');
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
