package io.cdcbridge.cli.demo;

import java.util.List;

/**
 * A query result as psql prints it (aligned): centred headers, a dashed rule, numbers aligned right, booleans as
 * t/f, NULL as nothing, and "(n rows)". {@link BoxTable} is the mysql client's counterpart.
 */
public final class PsqlTable {

    private PsqlTable() {}

    /** The result as text, ending with a line break. */
    public static String format(QueryResult result) {
        List<List<String>> cells = result.rows().stream().map(r -> r.stream().map(PsqlTable::text).toList()).toList();
        int[] width = new int[result.columns().size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = result.columns().get(i).length();
            for (List<String> row : cells) width[i] = Math.max(width[i], row.get(i).length());
        }
        StringBuilder out = new StringBuilder();
        line(out, result.columns(), width, null);
        for (int i = 0; i < width.length; i++) out.append(i == 0 ? "-" : "-+-").append("-".repeat(width[i]));
        out.append("-\n");
        for (int r = 0; r < cells.size(); r++) line(out, cells.get(r), width, result.rows().get(r));
        int n = cells.size();
        return out.append("(").append(n).append(n == 1 ? " row)\n" : " rows)\n").toString();
    }

    // A header (values == null) is centred; a value is left-aligned, a number right-aligned.
    private static void line(StringBuilder out, List<String> cells, int[] width, List<Object> values) {
        out.append(' ');
        for (int i = 0; i < width.length; i++) {
            if (i > 0) out.append(" | ");
            String cell = cells.get(i);
            int pad = width[i] - cell.length();
            int left = values == null ? pad / 2 : values.get(i) instanceof Number ? pad : 0;
            out.append(" ".repeat(left)).append(cell).append(" ".repeat(pad - left));
        }
        out.append('\n');
    }

    private static String text(Object v) {
        if (v == null) return "";
        if (v instanceof Boolean b) return b ? "t" : "f";
        return v.toString();
    }
}
