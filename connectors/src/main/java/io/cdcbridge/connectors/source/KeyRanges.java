package io.cdcbridge.connectors.source;

import java.util.ArrayList;
import java.util.List;

/**
 * How the CDC sources (cdcbridge-postgres, cdcbridge-mysql) cut a table's snapshot: ranges of an integer column of
 * about {@code chunkSize} rows each, evenly over min..max (dense keys give even ranges). The first and last ranges are
 * open, so a row outside min..max at read time is read too (and the first takes NULLs).
 */
public final class KeyRanges {

    /** Rows whose column is in {@code [lower, upper)}; a null bound is open. */
    public record Range(Long lower, Long upper) {}

    private KeyRanges() {}

    /** The ranges of a table of about {@code rows} rows whose column spans {@code min..max}. */
    public static List<Range> cut(long min, long max, long rows, int chunkSize) {
        long chunks = Math.max(1, (rows + chunkSize - 1) / chunkSize);
        // in doubles: max - min may not fit in a long
        double width = Math.max(1, ((double) max - (double) min + 1) / chunks);
        List<Range> ranges = new ArrayList<>();
        Long lower = null;
        for (int i = 1; i < chunks; i++) {
            long upper = (long) Math.floor(min + width * i);
            if (lower != null && upper <= lower) continue;
            ranges.add(new Range(lower, upper));
            lower = upper;
        }
        ranges.add(new Range(lower, null));
        return ranges;
    }
}
