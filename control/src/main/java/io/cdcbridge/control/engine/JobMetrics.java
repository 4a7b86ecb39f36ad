package io.cdcbridge.control.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * What the engine counts for a running job: rows its sinks wrote and records sent to dead-letter topics (totals since
 * the job started), its restarts, and its latest completed checkpoint. A figure the engine cannot tell is null.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobMetrics(
        Long rowsWritten,
        Long deadLetters,
        Long restarts,
        Long checkpoints,
        Instant lastCheckpointAt,
        Long lastCheckpointDurationMs,
        Long lastCheckpointSizeBytes) {
}
