package io.cdcbridge.cli.verify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdcbridge.control.workspace.Json;
import io.cdcbridge.verify.Mismatch;
import io.cdcbridge.verify.Report;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A verification report as people read it, and as JSON for scripts. */
public final class VerifyReportText {

    private static final int SHOWN = 50;

    private VerifyReportText() {}

    /** The summary: what was compared, how much, how long, and the differing rows (the first 50). */
    public static String text(Report r) {
        List<String> lines = new ArrayList<>();
        lines.add("source " + r.source());
        lines.add("target " + r.target());
        r.note().ifPresent(n -> lines.add("note: " + n));
        lines.add(String.format(Locale.ROOT, "%d source rows, %d target rows; %s compared, %d differing; %s read; %.1f s",
                r.sourceRows(), r.targetRows(), count(r.ranges(), "range"), r.differingRanges(), count(r.rowsRead(), "row"),
                r.time().toMillis() / 1000.0));
        for (Report.Part p : r.parts()) lines.add("  " + p.what() + (p.position() == null ? "" : " at source position " + p.position()));
        if (r.inFlight() > 0) lines.add(r.inFlight() + " differences were changes in flight (gone when rechecked)");
        if (r.ignoredExtras() > 0) lines.add(r.ignoredExtras() + " rows only in the target, kept there because deletes are ignored");
        if (r.equal()) {
            lines.add("equal");
            return String.join("\n", lines);
        }
        int shown = 0;
        for (Mismatch m : r.listed()) {
            if (shown++ == SHOWN) {
                lines.add("  ... (" + (r.total() - SHOWN) + " more; --json lists up to " + io.cdcbridge.verify.Verifier.MAX_LISTED + ")");
                break;
            }
            lines.add(String.format(Locale.ROOT, "  %-9s %s%s", m.kind(), m.keyText(),
                    m.columns().isEmpty() ? "" : ": " + String.join(", ", m.columns())));
        }
        lines.add("DIFFERENT: " + r.mismatches().get(Mismatch.Kind.MISSING) + " missing, " + r.mismatches().get(Mismatch.Kind.EXTRA)
                + " extra, " + r.mismatches().get(Mismatch.Kind.DIFFERENT) + " different");
        return String.join("\n", lines);
    }

    private static String count(long n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    /** The report as a JSON object. */
    public static ObjectNode json(Report r) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("equal", r.equal());
        o.put("source", r.source());
        o.put("target", r.target());
        r.note().ifPresent(n -> o.put("note", n));
        o.put("source_rows", r.sourceRows());
        o.put("target_rows", r.targetRows());
        o.put("ranges", r.ranges());
        o.put("differing_ranges", r.differingRanges());
        o.put("rows_read", r.rowsRead());
        o.put("millis", r.time().toMillis());
        ObjectNode kinds = o.putObject("mismatches");
        r.mismatches().forEach((k, v) -> kinds.put(k.name().toLowerCase(Locale.ROOT), v));
        o.put("in_flight", r.inFlight());
        o.put("ignored_extras", r.ignoredExtras());
        ArrayNode parts = o.putArray("parts");
        for (Report.Part p : r.parts()) parts.addObject().put("what", p.what()).put("source_position", p.position());
        ArrayNode rows = o.putArray("rows");
        for (Mismatch m : r.listed()) {
            ObjectNode row = rows.addObject();
            row.put("kind", m.kind().name().toLowerCase(Locale.ROOT));
            ObjectNode key = row.putObject("key");
            m.key().forEach(key::put);
            ArrayNode columns = row.putArray("columns");
            m.columns().forEach(columns::add);
            row.put("source_position", m.position());
        }
        return o;
    }
}
