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

    /**
     * Whether {@link #decode} would take {@code message} as it is and it holds no NUL byte, in one pass over the bytes
     * without decoding them. JSON never holds a NUL unescaped, and a parser given bytes would take zero bytes for
     * UTF-16 or UTF-32.
     */
    static boolean isPlainText(byte[] message) {
        int n = message.length;
        if (startsWith(message, 0xEF, 0xBB, 0xBF)) return false;
        for (int i = 0; i < n; ) {
            int b = message[i];
            if (b > 0) {
                i++;
                continue;
            }
            if (b == 0) return false;
            int lead = b & 0xFF;
            // RFC 3629's table: the second byte's range depends on the lead; the others are 80-BF
            int extra, low = 0x80, high = 0xBF;
            if (lead >= 0xC2 && lead <= 0xDF) {
                extra = 1;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                extra = 2;
                if (lead == 0xE0) low = 0xA0;
                if (lead == 0xED) high = 0x9F;
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                extra = 3;
                if (lead == 0xF0) low = 0x90;
                if (lead == 0xF4) high = 0x8F;
            } else {
                return false;
            }
            if (i + extra >= n) return false;
            int second = message[i + 1] & 0xFF;
            if (second < low || second > high) return false;
            for (int k = 2; k <= extra; k++) {
                if ((message[i + k] & 0xC0) != 0x80) return false;
            }
            i += extra + 1;
        }
        return true;
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
