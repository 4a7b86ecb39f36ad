package io.cdcbridge.connectors.source;

import java.util.List;
import org.apache.flink.api.connector.source.SourceEvent;

/** From a reader to the enumerator: these snapshot splits are read to the end and their rows emitted. */
public record SnapshotSplitsFinished(List<String> ids) implements SourceEvent {

    /** Copies the ids. */
    public SnapshotSplitsFinished {
        ids = List.copyOf(ids);
    }
}
