package io.cdcbridge.connectors.kafka;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Malformed change events of many kinds, for the seed's users table (user_id BIGINT key, name and email STRING,
 * event time in timestamp_ms): each kind with the beginning of the reason a dead letter must carry. Public, and in the
 * connectors' test jar, for the fault-injection bench ({@code bench/run faults}).
 */
public enum MalformedEvents {
    TRUNCATED("malformed JSON: the text ends"),
    NOT_JSON("malformed JSON: "),
    OVERLONG_UTF8("not valid UTF-8: byte C0 at offset"),
    LATIN1("not valid UTF-8: byte"),
    UTF16_WITH_BOM("starts with a UTF-16 byte-order mark (FF FE)"),
    UTF8_BOM("starts with a UTF-8 byte-order mark"),
    ARRAY("not a change event: a JSON array, not an object"),
    MISSING_OP("missing op"),
    UNKNOWN_OP("unknown op \"z\""),
    MISSING_KEY("missing key 'user_id' in 'after'"),
    DELETE_WITHOUT_BEFORE("missing key: op 'd' needs an object 'before'"),
    MISSING_TIMESTAMP("missing timestamp 'timestamp_ms'"),
    FRACTIONAL_TIMESTAMP("timestamp 'timestamp_ms' is not a whole number of milliseconds"),
    KEY_NOT_A_NUMBER("does not fit the table's columns: field after.user_id: expected a whole number (BIGINT), found \"u"),
    FRACTIONAL_KEY("does not fit the table's columns: field after.user_id: expected a whole number (BIGINT), found "),
    NUMBER_AS_TEXT("does not fit the table's columns: field after.name: expected a string (STRING), found "),
    DUPLICATE_FIELD("malformed JSON: Duplicate field 'op'"),
    NAN("malformed JSON: 'NaN' is not a JSON number"),
    TRAILING_GARBAGE("malformed JSON: ");

    /** How the reason of this kind's dead letter begins. */
    public final String reasonStart;

    MalformedEvents(String reasonStart) {
        this.reasonStart = reasonStart;
    }

    /** A good create event of user {@code id}. */
    public static byte[] good(long id, long ts) {
        return utf8("{\"op\":\"c\",\"after\":{\"user_id\":" + id + ",\"name\":\"User " + id + "\",\"email\":\"u" + id
                + "@example.com\"},\"timestamp_ms\":" + ts + "}");
    }

    /** An event of this kind, varied by {@code random}. */
    public byte[] event(Random random) {
        long id = 1 + random.nextInt(1_000_000);
        String good = new String(good(id, 1_726_531_200_000L + random.nextInt(1_000_000)), StandardCharsets.UTF_8);
        return switch (this) {
            case TRUNCATED -> utf8(good.substring(0, 1 + random.nextInt(good.length() - 2)));
            case NOT_JSON -> utf8("op=c user_id=" + id);
            case OVERLONG_UTF8 -> concat(utf8("{\"op\":\"c\",\"after\":{\"user_id\":" + id + ",\"name\":\"a"),
                    new byte[] {(byte) 0xC0, (byte) 0xAF}, utf8("b\"},\"timestamp_ms\":1}"));
            case LATIN1 -> ("{\"op\":\"c\",\"after\":{\"user_id\":" + id + ",\"name\":\"Jos\u00e9\"},\"timestamp_ms\":1}")
                    .getBytes(StandardCharsets.ISO_8859_1);
            case UTF16_WITH_BOM -> concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, good.getBytes(StandardCharsets.UTF_16LE));
            case UTF8_BOM -> concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8(good));
            case ARRAY -> utf8("[" + good + "]");
            case MISSING_OP -> utf8(good.replace("\"op\":\"c\",", ""));
            case UNKNOWN_OP -> utf8(good.replace("\"op\":\"c\"", "\"op\":\"z\""));
            case MISSING_KEY -> utf8(good.replace("\"user_id\":" + id + ",", ""));
            case DELETE_WITHOUT_BEFORE -> utf8(good.replace("\"op\":\"c\"", "\"op\":\"d\""));
            case MISSING_TIMESTAMP -> utf8(good.replaceAll(",\"timestamp_ms\":\\d+", ""));
            case FRACTIONAL_TIMESTAMP -> utf8(good.replaceAll("\"timestamp_ms\":(\\d+)", "\"timestamp_ms\":$1.5"));
            case KEY_NOT_A_NUMBER -> utf8(good.replace("\"user_id\":" + id, "\"user_id\":\"u" + id + "\""));
            case FRACTIONAL_KEY -> utf8(good.replace("\"user_id\":" + id, "\"user_id\":" + id + ".7"));
            case NUMBER_AS_TEXT -> utf8(good.replace("\"name\":\"User " + id + "\"", "\"name\":" + id));
            case DUPLICATE_FIELD -> utf8(good.replace("\"op\":\"c\"", "\"op\":\"c\",\"op\":\"c\""));
            case NAN -> utf8(good.replace("\"user_id\":" + id, "\"user_id\":NaN"));
            case TRAILING_GARBAGE -> utf8(good + " }");
        };
    }

    public static List<MalformedEvents> all() {
        return List.of(values());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }
}
