package io.cdcbridge.control.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * What the engine counts for a running job: rows its sinks wrote and records sent to dead-letter topics (totals since
 * the job started), its restarts, its latest completed checkpoint, the time its latest change took from its commit
 * in the source database to its emission by the source ({@code commitToEmitMs}) and how long rows wait in its sinks
 * until written ({@code writeDelayMs}), its snapshot's progress, and of the rows written those its sinks took as
 * upserts and as deletes, with the sinks' retries while their database was unreachable. A figure the engine cannot
 * tell is null.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobMetrics(
        Long rowsWritten,
        Long deadLetters,
        Long restarts,
        Long checkpoints,
        Instant lastCheckpointAt,
        Long lastCheckpointDurationMs,
        Long lastCheckpointSizeBytes,
        Long commitToEmitMs,
        Long writeDelayMs,
        SnapshotProgress snapshot,
        Long upserts,
        Long deletes,
        Long retries) {

    public JobMetrics(Long rowsWritten, Long deadLetters, Long restarts, Long checkpoints, Instant lastCheckpointAt,
                      Long lastCheckpointDurationMs, Long lastCheckpointSizeBytes, Long commitToEmitMs, Long writeDelayMs,
                      SnapshotProgress snapshot) {
        this(rowsWritten, deadLetters, restarts, checkpoints, lastCheckpointAt, lastCheckpointDurationMs,
                lastCheckpointSizeBytes, commitToEmitMs, writeDelayMs, snapshot, null, null, null);
    }

    public JobMetrics(Long rowsWritten, Long deadLetters, Long restarts, Long checkpoints, Instant lastCheckpointAt,
                      Long lastCheckpointDurationMs, Long lastCheckpointSizeBytes) {
        this(rowsWritten, deadLetters, restarts, checkpoints, lastCheckpointAt, lastCheckpointDurationMs,
                lastCheckpointSizeBytes, null, null, null, null, null, null);
    }

    /**
     * The time from a change's commit to its write in the sink, in seconds: the latest change's commit-to-emission
     * time plus the sinks' write delay; null when the sources do not tell commit times.
     */
    public Double commitToWriteSeconds() {
        if (commitToEmitMs == null) return null;
        return (commitToEmitMs + (writeDelayMs == null ? 0 : writeDelayMs)) / 1000.0;
    }
}
