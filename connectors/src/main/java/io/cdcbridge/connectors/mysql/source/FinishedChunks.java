package io.cdcbridge.connectors.mysql.source;

import io.cdcbridge.connectors.source.FinishedSplitsNote;
import java.util.List;

/** The snapshot splits a reader finished ({@link FinishedSplitsNote}), as a cdcbridge-mysql split. */
public final class FinishedChunks extends FinishedSplitsNote implements MysqlSplit {

    public FinishedChunks(List<String> ids) {
        super(ids);
    }
}
