package io.cdcbridge.control.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cdcbridge.control.engine.SnapshotProgress;
import io.cdcbridge.control.engine.SourceLag;
import io.cdcbridge.control.statement.Phase;
import java.time.Instant;
import java.util.List;

/**
 * One sample of a statement's lag and rates, taken at {@code at}: what the CLI, REST, {@code /metrics} and the console
 * all show. {@code messagesBehind} sums its Kafka sources, {@code walBytesRetained} its PostgreSQL slots;
 * {@code lagSeconds} is the time from a change's commit in a PostgreSQL source to its write in the sink (the latest
 * change's; a backlog in the sink counts from the oldest waiting row); {@code rowsPerSecond} is rows written between
 * this sample and the one before (same job); {@code snapshot} the snapshot's progress; {@code upserts} and
 * {@code deletes} split the rows written by how the sinks wrote them, {@code retries} counts the sinks' retries while
 * their database was unreachable (cdcbridge-jdbc tells them). Null where unknown.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StatementMetrics(
        String name,
        Phase phase,
        Instant at,
        Long messagesBehind,
        Long walBytesRetained,
        Double lagSeconds,
        Long rowsWritten,
        Double rowsPerSecond,
        Long deadLetters,
        Long restarts,
        Long checkpoints,
        Instant lastCheckpointAt,
        Long lastCheckpointDurationMs,
        Long lastCheckpointSizeBytes,
        SnapshotProgress snapshot,
        List<SourceLag> sources,
        Long upserts,
        Long deletes,
        Long retries) {

    public StatementMetrics {
        sources = sources == null ? List.of() : List.copyOf(sources);
    }
}
