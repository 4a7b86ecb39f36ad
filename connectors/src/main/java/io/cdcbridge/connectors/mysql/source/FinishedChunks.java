package io.cdcbridge.connectors.mysql.source;

import io.cdcbridge.connectors.source.FinishedSplitsNote;
import java.util.List;

/** The snapshot splits a reader finished ({@link FinishedSplitsNote}). */
public record FinishedChunks(List<String> ids) implements MysqlSplit, FinishedSplitsNote {

    /** Copies the ids. */
    public FinishedChunks {
        ids = List.copyOf(ids);
    }

    @Override
    public String splitId() {
        return "finished-chunks";
    }
}
