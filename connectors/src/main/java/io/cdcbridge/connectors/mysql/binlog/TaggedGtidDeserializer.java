package io.cdcbridge.connectors.mysql.binlog;

import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventHeaderDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventHeaderV4Deserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * MySQL 8.4's GTID_TAGGED_LOG_EVENT (type 42), which MySQL writes instead of a GTID event for a transaction given a
 * tagged GTID ({@code SET gtid_next = 'AUTOMATIC:tag'}). mysql-binlog-connector 0.30.1 has no event type for it: its
 * header deserializer makes it UNKNOWN, whose data it skips. Plugged into the library's two extension points: the
 * header deserializer (the library's, fed the header's bytes) notes whether the event is one, and the data
 * deserializer registered for UNKNOWN decodes it then (both run in turn on the client's one thread).
 * <p>
 * The event's body is one message of MySQL's serialization library (libs/mysql/serialization: readme.md,
 * variable_length_integers.h, serializer_default_impl.hpp), fields as Gtid_event::define_fields
 * (libs/mysql/binlog/event/control_events.h) numbers them: the format version (1), the message's size and its last
 * non-ignorable field id, then each field present as its id and its value. Integers are variable-length (the count of
 * trailing one bits of the first byte plus one is the byte count; signed ones with the sign as the lowest bit), the
 * UUID 16 such integers, the tag a length and its bytes.
 */
final class TaggedGtidDeserializer {

    static final int EVENT_TYPE = 42;
    private static final int HEADER = 19;
    private static final int FLAGS = 0, UUID_BYTES = 1, GNO = 2, TAG = 3, LAST_COMMITTED = 4, SEQUENCE_NUMBER = 5,
            IMMEDIATE_COMMIT = 6, ORIGINAL_COMMIT = 7;

    private final EventHeaderV4Deserializer library = new EventHeaderV4Deserializer();
    private boolean tagged;

    /** The library's header deserializer, noting the event's type number first. */
    EventHeaderDeserializer<EventHeaderV4> headers() {
        return in -> {
            byte[] header = in.read(HEADER);
            tagged = (header[4] & 0xff) == EVENT_TYPE;
            return library.deserialize(new ByteArrayInputStream(header));
        };
    }

    /** For the library's UNKNOWN events: a tagged GTID's decoded, any other's skipped as the library does. */
    EventDataDeserializer<TaggedGtid> unknownEvents() {
        return in -> tagged ? decode(in.read(in.available())) : null;
    }

    static TaggedGtid decode(byte[] body) throws IOException {
        Reader r = new Reader(body);
        int start = r.at;
        long version = r.unsigned();
        if (version != 1) throw new IOException("a tagged GTID event of serialization format " + version + " (MySQL 8.4 writes 1)");
        long end = Math.min(body.length, start + r.unsigned());
        r.unsigned(); // the last non-ignorable field: every field before the commit times is one this reads
        byte[] uuid = new byte[16];
        String tag = "";
        long gno = -1, immediate = 0, original = -1;
        while (r.at < end) {
            int field = (int) r.unsigned();
            switch (field) {
                case FLAGS, LAST_COMMITTED, SEQUENCE_NUMBER -> r.unsigned();
                case UUID_BYTES -> { for (int i = 0; i < 16; i++) uuid[i] = (byte) r.unsigned(); }
                case GNO -> gno = r.signed();
                case TAG -> tag = new String(r.bytes((int) r.unsigned()), StandardCharsets.US_ASCII);
                case IMMEDIATE_COMMIT -> immediate = r.unsigned();
                case ORIGINAL_COMMIT -> original = r.unsigned();
                default -> r.at = (int) end; // transaction length, server versions, ticket: not needed
            }
        }
        if (gno < 1) throw new IOException("a tagged GTID event without its transaction number");
        // the original commit time is written only where it differs from this server's
        return new TaggedGtid(uuid(uuid), tag, gno, original < 0 ? immediate : original, immediate);
    }

    private static UUID uuid(byte[] b) {
        long hi = 0, lo = 0;
        for (int i = 0; i < 8; i++) hi = hi << 8 | (b[i] & 0xff);
        for (int i = 8; i < 16; i++) lo = lo << 8 | (b[i] & 0xff);
        return new UUID(hi, lo);
    }

    /** MySQL's variable-length integers, as variable_length_integers.h reads them. */
    private static final class Reader {
        final byte[] b;
        int at;

        Reader(byte[] b) {
            this.b = b;
        }

        long unsigned() throws IOException {
            int first = next();
            int count = Integer.numberOfTrailingZeros(~first) + 1; // 9 when all eight bits are ones
            long value = first >>> count; // nothing left of it for 8 and 9 bytes
            if (count == 1) return value;
            long rest = 0;
            for (int i = 0; i < count - 1; i++) rest |= (long) next() << (8 * i);
            return value | rest << (8 - count + ((count + 7) >> 4));
        }

        long signed() throws IOException {
            long u = unsigned();
            return (u >>> 1) ^ -(u & 1);
        }

        byte[] bytes(int n) throws IOException {
            if (at + n > b.length) throw new IOException("a tagged GTID event cut short");
            byte[] out = java.util.Arrays.copyOfRange(b, at, at + n);
            at += n;
            return out;
        }

        private int next() throws IOException {
            if (at >= b.length) throw new IOException("a tagged GTID event cut short");
            return b[at++] & 0xff;
        }
    }
}
