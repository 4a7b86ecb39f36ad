package io.cdcbridge.connectors.postgres.text;

import io.cdcbridge.connectors.postgres.pgoutput.TupleData;
import io.cdcbridge.connectors.text.TextValueParsers;

/**
 * Reads one line of COPY's text format (tab-separated, {@code \N} for NULL, backslash escapes) into a tuple of
 * unescaped text values, so that a snapshot read with COPY goes through the same value parsers as the stream.
 */
public final class CopyTextLine {

    /**
     * The tuple of the line of {@code length} bytes at {@code offset}, without its line end (a trailing newline is
     * ignored: COPY escapes those inside values); {@code columns} expected. Without a backslash in the line the tuple
     * slices {@code buffer}, else a fresh array that holds the unescaped values.
     */
    public static TupleData parse(byte[] buffer, int offset, int length, int columns) {
        int end = offset + length;
        if (end > offset && buffer[end - 1] == '\n') end--;
        if (end > offset && buffer[end - 1] == '\r') end--;
        if (columns == 0 && end == offset) return new TupleData(buffer, new byte[0], new int[0], new int[0]);
        byte[] kinds = new byte[columns];
        int[] offsets = new int[columns];
        int[] lengths = new int[columns];
        boolean escaped = false;
        for (int i = offset; i < end; i++) {
            if (buffer[i] == '\\') {
                escaped = true;
                break;
            }
        }
        byte[] target = escaped ? new byte[end - offset] : buffer;
        int written = 0;
        int column = 0;
        int start = offset;
        for (int i = offset; i <= end; i++) {
            if (i < end && buffer[i] != '\t') continue;
            if (column == columns) throw wrongCount(buffer, offset, end, columns);
            // the field is buffer[start, i)
            if (i - start == 2 && buffer[start] == '\\' && buffer[start + 1] == 'N') {
                kinds[column] = TupleData.NULL;
            } else if (escaped) {
                kinds[column] = TupleData.TEXT;
                offsets[column] = written;
                written = unescape(buffer, start, i, target, written);
                lengths[column] = written - offsets[column];
            } else {
                kinds[column] = TupleData.TEXT;
                offsets[column] = start;
                lengths[column] = i - start;
            }
            column++;
            start = i + 1;
        }
        if (column != columns) throw wrongCount(buffer, offset, end, columns);
        return new TupleData(target, kinds, offsets, lengths);
    }

    /** Writes the unescaped bytes of {@code buffer[from, to)} at {@code at} of {@code target}; returns where they end. */
    private static int unescape(byte[] buffer, int from, int to, byte[] target, int at) {
        int i = from;
        while (i < to) {
            byte c = buffer[i++];
            if (c != '\\' || i == to) {
                target[at++] = c;
                continue;
            }
            c = buffer[i++];
            switch (c) {
                case 'b' -> target[at++] = '\b';
                case 'f' -> target[at++] = '\f';
                case 'n' -> target[at++] = '\n';
                case 'r' -> target[at++] = '\r';
                case 't' -> target[at++] = '\t';
                case 'v' -> target[at++] = 0x0B;
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    // one to three octal digits
                    int value = c - '0';
                    for (int n = 1; n < 3 && i < to && buffer[i] >= '0' && buffer[i] <= '7'; n++) value = value * 8 + (buffer[i++] - '0');
                    target[at++] = (byte) value;
                }
                case 'x' -> {
                    int value = i < to ? Character.digit(buffer[i], 16) : -1;
                    if (value < 0) {
                        // no hex digit follows: an x of its own, as PostgreSQL reads it
                        target[at++] = 'x';
                    } else {
                        i++;
                        int next = i < to ? Character.digit(buffer[i], 16) : -1;
                        if (next >= 0) {
                            value = value * 16 + next;
                            i++;
                        }
                        target[at++] = (byte) value;
                    }
                }
                default -> target[at++] = c; // any other escaped character stands for itself, \\ included
            }
        }
        return at;
    }

    private static IllegalArgumentException wrongCount(byte[] buffer, int offset, int end, int columns) {
        int found = 1;
        for (int i = offset; i < end; i++) if (buffer[i] == '\t') found++;
        return new IllegalArgumentException("a COPY line with " + found + " columns where " + columns + " were expected: "
                + TextValueParsers.show(buffer, offset, end - offset));
    }

    private CopyTextLine() {}
}
