package io.cdcbridge.connectors.cdcjson;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * A change event's bytes as text: UTF-8 exactly (RFC 3629), without a byte-order mark. Overlong forms ({@code C0 AF}
 * for '/'), surrogates, truncated sequences and other encodings are refused with where and what, never decoded into
 * something else or replaced by U+FFFD.
 */
final class StrictUtf8 {

    private StrictUtf8() {}

    /** The text of {@code message}; throws with the reason when it is not UTF-8 without a byte-order mark. */
    static String decode(byte[] message) throws MalformedEventException {
        if (startsWith(message, 0xEF, 0xBB, 0xBF)) {
            throw new MalformedEventException("starts with a UTF-8 byte-order mark (EF BB BF): a change event is UTF-8 without one");
        }
        if (startsWith(message, 0xFE, 0xFF) || startsWith(message, 0xFF, 0xFE)) {
            throw new MalformedEventException("starts with a UTF-16 byte-order mark (" + hex(message, 0, 2)
                    + "): a change event is UTF-8");
        }
        // Java's decoder follows RFC 3629: it refuses overlong forms and surrogates, as a replacing decoder would not
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(message);
        CharBuffer out = CharBuffer.allocate(message.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) result = decoder.flush(out);
        if (result.isError()) {
            int at = in.position();
            throw new MalformedEventException("not valid UTF-8: byte" + (result.length() > 1 ? "s " : " ")
                    + hex(message, at, result.length()) + " at offset " + at
                    + (isOverlong(message, at) ? " (an overlong encoding)" : ""));
        }
        return out.flip().toString();
    }

    // C0 and C1 lead only overlong two-byte forms; E0 80-9F and F0 80-8F overlong three- and four-byte ones
    private static boolean isOverlong(byte[] b, int at) {
        int lead = b[at] & 0xFF;
        if (lead == 0xC0 || lead == 0xC1) return true;
        if (at + 1 >= b.length) return false;
        int next = b[at + 1] & 0xFF;
        return (lead == 0xE0 && next < 0xA0) || (lead == 0xF0 && next < 0x90);
    }

    private static boolean startsWith(byte[] b, int... prefix) {
        if (b.length < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) {
            if ((b[i] & 0xFF) != prefix[i]) return false;
        }
        return true;
    }

    private static String hex(byte[] b, int from, int count) {
        HexFormat f = HexFormat.ofDelimiter(" ").withUpperCase();
        return f.formatHex(b, from, Math.min(b.length, from + Math.max(1, count)));
    }
}
