package io.cdcbridge.connectors.source;

import java.util.List;
import org.apache.flink.api.connector.source.SourceSplit;

/**
 * A split of a CDC source's that is no work but a note in its reader's state: the snapshot splits the reader finished,
 * which a restored reader reports again, since its report may have missed the enumerator's checkpoint. A source's
 * note is of its split type (a sealed type names its own classes), so each has a subclass that adds nothing.
 */
public abstract class FinishedSplitsNote implements SourceSplit {

    private final List<String> ids;

    protected FinishedSplitsNote(List<String> ids) {
        this.ids = List.copyOf(ids);
    }

    /** The finished snapshot splits' ids. */
    public final List<String> ids() {
        return ids;
    }

    @Override
    public final String splitId() {
        return "finished-snapshot-splits";
    }

    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && ((FinishedSplitsNote) o).ids.equals(ids);
    }

    @Override
    public final int hashCode() {
        return ids.hashCode();
    }

    @Override
    public final String toString() {
        return getClass().getSimpleName() + ids;
    }
}
