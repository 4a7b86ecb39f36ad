package io.cdcbridge.connectors.postgres.pgoutput;

/**
 * One tuple of a change, as slices of the buffer it arrived in (no copy): per column its kind and, for text, its
 * bytes. pgoutput's TupleData and a line of COPY's text format are both read into this form.
 */
public final class TupleData {

    /** The column is SQL NULL. */
    public static final byte NULL = 'n';
    /** The column is a TOASTed value that did not change and was not sent. */
    public static final byte UNCHANGED = 'u';
    /** The column is sent in the type's text output format. */
    public static final byte TEXT = 't';

    private final byte[] buffer;
    private final byte[] kinds;
    private final int[] offsets;
    private final int[] lengths;

    /** A tuple of {@code kinds.length} columns over {@code buffer}. */
    public TupleData(byte[] buffer, byte[] kinds, int[] offsets, int[] lengths) {
        this.buffer = buffer;
        this.kinds = kinds;
        this.offsets = offsets;
        this.lengths = lengths;
    }

    /** Number of columns. */
    public int size() {
        return kinds.length;
    }

    /** The kind of column {@code i}: {@link #NULL}, {@link #UNCHANGED} or {@link #TEXT}. */
    public byte kind(int i) {
        return kinds[i];
    }

    /** The buffer the text of every column is a slice of. */
    public byte[] buffer() {
        return buffer;
    }

    /** Where the text of column {@code i} starts in {@link #buffer()}. */
    public int offset(int i) {
        return offsets[i];
    }

    /** The length in bytes of the text of column {@code i}. */
    public int length(int i) {
        return lengths[i];
    }
}
