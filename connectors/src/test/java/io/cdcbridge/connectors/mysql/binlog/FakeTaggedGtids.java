package io.cdcbridge.connectors.mysql.binlog;

import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * MySQL 8.4's GTID_TAGGED_LOG_EVENT (type 42) as the server writes it, a fake standing in for MySQL 8.4, which cannot
 * run on this machine (no Docker engine, no MySQL server package, no MySQL binaries on Maven Central). The layout is
 * MySQL's: the fields of Gtid_event::define_fields (libs/mysql/binlog/event/control_events.h) in one message of its
 * serialization library (libs/mysql/serialization/readme.md: the format version 1, the message's size, its last
 * non-ignorable field id, 0 as every field is ignorable by default, then each field's id and value), integers as
 * write_varlen_bytes_unsigned/_signed write them (variable_length_integers.h), the UUID as 16 such integers, the tag
 * as its length and bytes; an optional field left out where MySQL leaves it out.
 */
public final class FakeTaggedGtids {

    static final long SERVER_VERSION = 80_400;

    private FakeTaggedGtids() {}

    /** The event as the stream's deserializer decodes it from MySQL's bytes. */
    public static Event decoded(String uuid, String tag, long number, long nextPosition) {
        try {
            return BinlogStream.deserializer().nextEvent(new ByteArrayInputStream(
                    event(nextPosition, body(UUID.fromString(uuid), tag, number, 1_765_000_000_123_456L, 1_765_000_000_123_456L))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A v4 event of type 42 holding {@code body}, no checksum. */
    static byte[] event(long nextPosition, byte[] body) {
        return EventDeserializerTest.event(TaggedGtidDeserializer.EVENT_TYPE, nextPosition, body);
    }

    /** The event's body; the original commit time written only where it differs from the immediate one, as MySQL does. */
    static byte[] body(UUID uuid, String tag, long number, long originalCommitMicros, long immediateCommitMicros) {
        ByteArrayOutputStream fields = new ByteArrayOutputStream();
        field(fields, 0, unsigned(0)); // gtid_flags
        ByteArrayOutputStream sid = new ByteArrayOutputStream();
        long hi = uuid.getMostSignificantBits(), lo = uuid.getLeastSignificantBits();
        for (int i = 7; i >= 0; i--) sid.writeBytes(unsigned((hi >>> (8 * i)) & 0xff));
        for (int i = 7; i >= 0; i--) sid.writeBytes(unsigned((lo >>> (8 * i)) & 0xff));
        field(fields, 1, sid.toByteArray());
        field(fields, 2, signed(number));
        byte[] t = tag.getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream tagField = new ByteArrayOutputStream();
        tagField.writeBytes(unsigned(t.length));
        tagField.writeBytes(t);
        field(fields, 3, tagField.toByteArray());
        field(fields, 4, signed(number - 1)); // last_committed
        field(fields, 5, signed(number)); // sequence_number
        field(fields, 6, unsigned(immediateCommitMicros));
        if (originalCommitMicros != immediateCommitMicros) field(fields, 7, unsigned(originalCommitMicros));
        field(fields, 8, unsigned(512)); // transaction_length
        field(fields, 9, unsigned(SERVER_VERSION)); // immediate_server_version; the original one only if it differs
        byte[] version = unsigned(1);
        byte[] lastNonIgnorable = unsigned(0);
        // the size counts the whole message, itself included
        int base = version.length + lastNonIgnorable.length + fields.size();
        int size = base + 1;
        while (base + unsigned(size).length != size) size = base + unsigned(size).length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(version);
        out.writeBytes(unsigned(size));
        out.writeBytes(lastNonIgnorable);
        out.writeBytes(fields.toByteArray());
        return out.toByteArray();
    }

    private static void field(ByteArrayOutputStream b, int id, byte[] value) {
        b.writeBytes(unsigned(id));
        b.writeBytes(value);
    }

    /** write_varlen_bytes_unsigned: byte count from the bit width, the count's trailing ones, then the value, LE. */
    static byte[] unsigned(long value) {
        int bits = 64 - Long.numberOfLeadingZeros(value);
        int count = ((bits * 575) >> 12) + 1;
        byte[] out = new byte[count];
        out[0] = (byte) (((1 << (count - 1)) - 1) | (value << count));
        long rest = value >>> (8 - count + ((count + 7) >> 4));
        for (int i = 1; i < count; i++) out[i] = (byte) (rest >>> (8 * (i - 1)));
        return out;
    }

    /** write_varlen_bytes_signed: the sign as the lowest bit. */
    static byte[] signed(long value) {
        long mask = value >> 63;
        return unsigned(((value ^ mask) << 1) | (mask & 1));
    }
}
