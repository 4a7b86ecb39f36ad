package io.cdcbridge.verify;

/** Told as verification goes, e.g. to draw a progress bar. */
@FunctionalInterface
public interface Progress {

    /** Nothing is told. */
    Progress NONE = (phase, done, total) -> {};

    /**
     * @param phase what runs now, e.g. "checksums" or "rows"
     * @param done ranges (or rows) done in this phase
     * @param total how many there are in this phase
     */
    void update(String phase, long done, long total);
}
