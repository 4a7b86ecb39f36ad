package io.cdcbridge.control.engine;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How far a statement's sources have read their tables' snapshots: rows read of the rows the tables are estimated
 * to hold (PostgreSQL's {@code pg_class.reltuples}, a count for a table never analyzed), snapshot splits read of all,
 * and whether every snapshot is done (the sources stream). A figure the engine cannot tell is null.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SnapshotProgress(Long rowsRead, Long rowsEstimated, Long splitsFinished, Long splitsTotal, Boolean done) {

    /** Rows read as a share of the estimate (at most 1), or null when either is unknown. */
    public Double fraction() {
        if (rowsRead == null || rowsEstimated == null || rowsEstimated <= 0) return null;
        return Math.min(1.0, rowsRead / (double) rowsEstimated);
    }
}
