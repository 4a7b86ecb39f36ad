package io.cdcbridge.connectors.source;

import java.util.List;

/**
 * A split of a CDC source's that is no work but a note in its reader's state: the snapshot splits the reader finished,
 * which a restored reader reports again, since its report may have missed the enumerator's checkpoint.
 */
public interface FinishedSplitsNote {

    /** The finished snapshot splits' ids. */
    List<String> ids();
}
