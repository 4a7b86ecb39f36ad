package io.cdcbridge.connectors.deadletter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One record that could not be processed: its key and value as they were (raw bytes for an event that did not
 * decode, the row as JSON for a row the target rejected) and headers saying why and where it came from.
 */
public record DeadLetter(byte[] key, byte[] value, Map<String, String> headers) {

    /** Header: why the record was rejected, in one line. */
    public static final String REASON = "cdcbridge.error.reason";
    /** Header: the cdcbridge statement (Flink job name) that rejected it. */
    public static final String STATEMENT = "cdcbridge.error.statement";
    /** Header: the topic the record was read from. */
    public static final String SOURCE_TOPIC = "cdcbridge.source.topic";
    /** Header: the partition the record was read from. */
    public static final String SOURCE_PARTITION = "cdcbridge.source.partition";
    /** Header: the offset the record was read at. */
    public static final String SOURCE_OFFSET = "cdcbridge.source.offset";
    /** Header: the target table that rejected a row. */
    public static final String TARGET_TABLE = "cdcbridge.target.table";
    /** Header: the SQL state the database answered with. */
    public static final String SQL_STATE = "cdcbridge.error.sql-state";
    /** Header: the kind of change a rejected row was (Flink's +I, +U or -D). */
    public static final String ROW_KIND = "cdcbridge.row.kind";
    /** Header: the size in bytes of a value that was cut to fit the topic (absent when the value is whole). */
    public static final String VALUE_ORIGINAL_SIZE = "cdcbridge.value.original-size";
    /** Header: the SHA-256 (hex) of a value that was cut, so the original can be matched against its source. */
    public static final String VALUE_SHA256 = "cdcbridge.value.sha256";
    /** Header: the size in bytes of a key that was cut to fit the topic. */
    public static final String KEY_ORIGINAL_SIZE = "cdcbridge.key.original-size";
    /** Header: the SHA-256 (hex) of a key that was cut. */
    public static final String KEY_SHA256 = "cdcbridge.key.sha256";

    // Kafka's record and batch framing around key, value and headers (a batch header is 61 bytes, a record's
    // varints at most ~25, each header's two lengths at most 10): an upper bound, so a cut letter always fits.
    private static final int FRAMING = 96;
    private static final int HEADER_FRAMING = 10;
    // what the two headers a cut adds take at most: names, a size, a SHA-256 in hex
    private static final int CUT_HEADERS = 2 * HEADER_FRAMING + 30 + 20 + 24 + 64;

    /** Copies the headers, keeping their order. */
    public DeadLetter {
        headers = new LinkedHashMap<>(headers);
    }

    /** A dead letter with the given reason as its only header so far. */
    public static DeadLetter of(byte[] key, byte[] value, String reason) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put(REASON, reason);
        return new DeadLetter(key, value, h);
    }

    /** This letter with one more header (null values are left out). */
    public DeadLetter with(String header, Object headerValue) {
        if (headerValue == null) return this;
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(header, String.valueOf(headerValue));
        return new DeadLetter(key, value, h);
    }

    /** An upper bound of the bytes this letter takes in a Kafka record batch of its own. */
    public int sizeInBytes() {
        long size = FRAMING + length(key) + length(value);
        for (Map.Entry<String, String> h : headers.entrySet()) {
            size += HEADER_FRAMING + utf8(h.getKey()) + utf8(h.getValue());
        }
        return (int) Math.min(Integer.MAX_VALUE, size);
    }

    /**
     * This letter, or when it is larger than {@code maxBytes} (see {@link #sizeInBytes()}), the same letter with its
     * value (and, if the key alone takes more than half, its key) cut to fit, each cut part's original size and
     * SHA-256 in headers: a letter too large for the topic still lands, and says what it was.
     */
    public DeadLetter cutTo(int maxBytes) {
        int size = sizeInBytes();
        if (size <= maxBytes) return this;
        DeadLetter cut = this;
        int room = maxBytes - (size - length(key) - length(value)) - 2 * CUT_HEADERS;
        if (key != null && key.length > Math.max(0, room / 2)) {
            cut = new DeadLetter(prefix(key, Math.max(0, room / 2)), value, headers);
            // a letter cut again keeps the first cut's description of the original
            if (!headers.containsKey(KEY_ORIGINAL_SIZE)) cut = cut.with(KEY_ORIGINAL_SIZE, key.length).with(KEY_SHA256, sha256(key));
        }
        int valueRoom = Math.max(0, room - length(cut.key));
        if (value != null && value.length > valueRoom) {
            cut = new DeadLetter(cut.key, prefix(value, valueRoom), cut.headers);
            if (!headers.containsKey(VALUE_ORIGINAL_SIZE)) cut = cut.with(VALUE_ORIGINAL_SIZE, value.length).with(VALUE_SHA256, sha256(value));
        }
        return cut;
    }

    /** Whether this letter's key or value was cut. */
    public boolean isCut() {
        return headers.containsKey(VALUE_ORIGINAL_SIZE) || headers.containsKey(KEY_ORIGINAL_SIZE);
    }

    /** The SHA-256 of the bytes, in lower-case hex. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static byte[] prefix(byte[] bytes, int length) {
        return Arrays.copyOf(bytes, Math.min(bytes.length, length));
    }

    private static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The reason header. */
    public String reason() {
        return headers.get(REASON);
    }
}
