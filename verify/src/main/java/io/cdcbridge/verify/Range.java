package io.cdcbridge.verify;

/** Values lo .. hi (both included) of the split value: a key column's values, or key hashes. */
public record Range(long lo, long hi) {
    @Override
    public String toString() {
        return "[" + lo + ", " + hi + "]";
    }
}
