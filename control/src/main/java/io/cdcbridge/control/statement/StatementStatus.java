package io.cdcbridge.control.statement;

import java.time.Instant;
import java.util.List;

/**
 * Where a statement is: its phase, why (for a failure), its current job, and for a stopped statement
 * its savepoint and the latest offsets per source with the time they were taken.
 */
public record StatementStatus(
        Phase phase,
        String detail,
        String jobId,
        String savepoint,
        List<SourceOffset> latestOffsets,
        Instant latestOffsetsTimestamp) {

    public StatementStatus {
        latestOffsets = latestOffsets == null ? List.of() : SourceOffset.merged(latestOffsets);
    }

    /** A fresh status in the given phase. */
    public static StatementStatus of(Phase phase, String detail) {
        return new StatementStatus(phase, detail, null, null, List.of(), null);
    }

    public StatementStatus withPhase(Phase p, String d) {
        return new StatementStatus(p, d, jobId, savepoint, latestOffsets, latestOffsetsTimestamp);
    }

    public StatementStatus withJob(String id) {
        return new StatementStatus(phase, detail, id, savepoint, latestOffsets, latestOffsetsTimestamp);
    }

    public StatementStatus withSavepoint(String path) {
        return new StatementStatus(phase, detail, jobId, path, latestOffsets, latestOffsetsTimestamp);
    }

    public StatementStatus withOffsets(List<SourceOffset> offsets, Instant at) {
        return new StatementStatus(phase, detail, jobId, savepoint, offsets, at);
    }
}
