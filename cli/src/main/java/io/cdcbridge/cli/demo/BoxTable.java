package io.cdcbridge.cli.demo;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A query result drawn as the mysql client draws it: a box, numbers aligned right, NULL as NULL, and
 * "N rows in set". Booleans are written true/false, as the seed's table shows its text column __deleted.
 */
public final class BoxTable {

    private BoxTable() {}

    /** A query's answer as the server gives it ({@code columns}, {@code rows}), as a table. */
    public static void print(PrintStream out, com.fasterxml.jackson.databind.JsonNode answer) {
        List<String> columns = new java.util.ArrayList<>();
        answer.path("columns").forEach(c -> columns.add(c.asText()));
        List<List<Object>> rows = new java.util.ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode r : answer.path("rows")) {
            List<Object> row = new java.util.ArrayList<>();
            r.forEach(v -> row.add(v.isNull() ? null : v.asText()));
            rows.add(row);
        }
        print(out, columns, rows);
    }

    /** Prints the columns and rows; a row holds one value per column. */
    public static void print(PrintStream out, List<String> columns, List<List<Object>> rows) {
        int[] width = new int[columns.size()];
        for (int i = 0; i < width.length; i++) width[i] = columns.get(i).length();
        List<List<String>> cells = new ArrayList<>();
        for (List<Object> row : rows) {
            List<String> text = row.stream().map(BoxTable::text).toList();
            for (int i = 0; i < width.length; i++) width[i] = Math.max(width[i], text.get(i).length());
            cells.add(text);
        }
        StringBuilder rule = new StringBuilder("+");
        for (int w : width) rule.append("-".repeat(w + 2)).append('+');
        out.println(rule);
        out.println(line(columns, width, null));
        out.println(rule);
        for (int r = 0; r < rows.size(); r++) out.println(line(cells.get(r), width, rows.get(r)));
        if (!rows.isEmpty()) out.println(rule);
        out.println(rows.size() + (rows.size() == 1 ? " row" : " rows") + " in set");
    }

    private static String line(List<String> cells, int[] width, List<Object> values) {
        StringBuilder b = new StringBuilder("|");
        for (int i = 0; i < width.length; i++) {
            String c = cells.get(i);
            String pad = " ".repeat(width[i] - c.length());
            boolean right = values != null && values.get(i) instanceof Number;
            b.append(' ').append(right ? pad + c : c + pad).append(" |");
        }
        return b.toString();
    }

    private static String text(Object v) {
        return v == null ? "NULL" : v.toString();
    }
}
