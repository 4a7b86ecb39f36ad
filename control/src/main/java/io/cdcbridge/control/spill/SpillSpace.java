package io.cdcbridge.control.spill;

import java.nio.file.Path;

/**
 * Where sorted spills write their runs (a new owner-only folder under {@code parent} per task) and how much memory one
 * may hold, in bytes.
 */
public record SpillSpace(Path parent, long budgetBytes) {

    public SpillSpace {
        if (budgetBytes <= 0) throw new IllegalArgumentException("a spill's memory budget must be positive, not " + budgetBytes);
    }

    /** A new folder for one task's spills. */
    public SpillDir folder() {
        return SpillDir.create(parent);
    }

    /** The same space for {@code ways} spills filled at once: the budget shared among them. */
    public SpillSpace shared(int ways) {
        return new SpillSpace(parent, Math.max(1, budgetBytes / ways));
    }

    /** A spill in {@code dir} with this space's budget. */
    public <T> SortedSpill<T> spill(SpillDir dir, java.util.Comparator<? super T> order, SortedSpill.Codec<T> codec) {
        return new SortedSpill<>(dir.path(), budgetBytes, order, codec);
    }
}
