package io.cdcbridge.connectors.postgres.source;

import io.cdcbridge.connectors.source.FinishedSplitsNote;
import java.util.List;

/** The snapshot splits a reader finished ({@link FinishedSplitsNote}). */
public record FinishedSnapshotSplits(List<String> ids) implements PgSplit, FinishedSplitsNote {

    /** Copies the ids. */
    public FinishedSnapshotSplits {
        ids = List.copyOf(ids);
    }

    @Override
    public String splitId() {
        return "finished-snapshot-splits";
    }
}
