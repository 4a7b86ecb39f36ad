package io.cdcbridge.connectors.source;

/**
 * A snapshot split of a CDC source: the rows of a table whose chunk key is in {@code [lower, upper)}, a null bound open
 * (the split with an open lower bound also takes NULLs); {@code index} is its place among its table's splits.
 */
public interface KeyRangeSplit {

    int index();

    Long lower();

    Long upper();

    /** Makes a source's snapshot split of a key range (the source's own fields known). */
    @FunctionalInterface
    interface Of<K extends KeyRangeSplit> {
        K of(int index, Long lower, Long upper);
    }
}
