package io.cdcbridge.connectors.jdbc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The changes waiting for the next flush, at most one per key: a newer change of a key replaces the one buffered
 * (by version when there is a version column, else by arrival), so a batch never writes a key twice.
 */
final class ChangeBuffer {

    private final int[] keyPositions;
    private final Map<Change.Key, Change> pending = new LinkedHashMap<>();

    ChangeBuffer(int[] keyPositions) {
        this.keyPositions = keyPositions.clone();
    }

    /** Buffers a change unless an equally new or newer one of its key is already there. */
    void add(Change change) {
        Object[] parts = new Object[keyPositions.length];
        for (int i = 0; i < parts.length; i++) parts[i] = change.values()[keyPositions[i]];
        pending.merge(new Change.Key(parts), change, (buffered, incoming) -> incoming.supersedes(buffered) ? incoming : buffered);
    }

    /** How many keys wait. */
    int size() {
        return pending.size();
    }

    /** Whether nothing waits. */
    boolean isEmpty() {
        return pending.isEmpty();
    }

    /** Takes everything that waits, in the order the keys first came. */
    List<Change> drain() {
        List<Change> all = new ArrayList<>(pending.values());
        pending.clear();
        return all;
    }
}
