package io.cdcbridge.connectors.postgres.source;

import io.cdcbridge.connectors.source.OffsetSplit;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The slot's change stream, at a position: transactions committed before {@code lsn} are emitted; of the one whose
 * commit is at {@code lsn} (the final LSN its Begin announced), the first {@code emitted} rows (of all the tables)
 * are. {@code columns} are each table's columns (by {@link SourceConfig#id()}) as the stream last showed them (none
 * until the reader first looked), what a schema change is compared with, also after a restore; a state of a version
 * that read one table keeps them under {@value #ONE_TABLE}.
 */
public record StreamSplit(long lsn, long emitted, Map<String, List<SourceColumn>> columns) implements PgSplit, OffsetSplit<Long> {

    /** The id of the one stream split. */
    public static final String ID = "stream";

    /** The key of the columns in a state kept by a version that read one table per source. */
    public static final String ONE_TABLE = "";

    /** Copies the map, in a fixed order. */
    public StreamSplit {
        columns = Collections.unmodifiableMap(new TreeMap<>(columns));
    }

    /** A split whose columns the reader has not looked at yet. */
    public StreamSplit(long lsn, long emitted) {
        this(lsn, emitted, Map.of());
    }

    /**
     * The split at the start of the stream, knowing {@code tables} (their snapshot read; their columns not seen yet): a
     * table a restored job reads that the split does not know has had no snapshot.
     */
    public static StreamSplit of(long lsn, List<String> tables) {
        Map<String, List<SourceColumn>> known = new java.util.HashMap<>();
        for (String t : tables) known.put(t, List.of());
        return new StreamSplit(lsn, 0, known);
    }

    /** Whether the split knows the table (its snapshot read): those of a state that names none count as known. */
    public boolean knows(String table, int tables) {
        return columns.isEmpty() || columns.containsKey(table) || tables == 1 && columns.containsKey(ONE_TABLE);
    }

    /** The columns kept for a table, empty if none. */
    public List<SourceColumn> columnsOf(String table, int tables) {
        List<SourceColumn> kept = columns.get(table);
        if (kept == null && tables == 1) kept = columns.get(ONE_TABLE);
        return kept == null ? List.of() : kept;
    }

    @Override
    public Long offset() {
        return lsn;
    }

    @Override
    public String splitId() {
        return ID;
    }
}
