package io.cdcbridge.connectors.postgres.source;

import io.cdcbridge.connectors.source.FinishedSplitsNote;
import java.util.List;

/** The snapshot splits a reader finished ({@link FinishedSplitsNote}), as a cdcbridge-postgres split. */
public final class FinishedSnapshotSplits extends FinishedSplitsNote implements PgSplit {

    public FinishedSnapshotSplits(List<String> ids) {
        super(ids);
    }
}
