package io.cdcbridge.connectors.mysql.binlog;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.TransactionPayloadEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The binlog stream's deserializer on events only MySQL 8 writes: a compressed transaction (8.0.20+ with
 * binlog_transaction_compression=ON) and an update written as JSON diffs. MySQL 8 cannot run on this machine (no Docker
 * engine, no MySQL server package, no MySQL binaries on Maven Central): the events' bytes are written here as MySQL
 * writes them.
 */
class EventDeserializerTest {

    static final LocalDateTime AT = LocalDateTime.of(2026, 12, 6, 13, 45, 30, 123_456_000);

    @Test
    void theEventsInsideAreDecodedAsTheStreamsOthersDatesAsMicrosecondsAndStringsAsBytes() throws IOException {
        byte[] inner = concat(
                event(19, 0, tableMap()),
                event(30, 0, writeRow()),
                event(16, 0, new byte[] {7, 0, 0, 0, 0, 0, 0, 0}));
        byte[] compressed = Zstd.compress(inner);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        field(data, 2, 0); // zstd
        field(data, 3, inner.length);
        field(data, 1, compressed.length);
        data.write(0); // the header's end
        data.write(compressed);

        Event payload = BinlogStream.deserializer().nextEvent(new ByteArrayInputStream(event(40, 2_000, data.toByteArray())));

        assertThat(payload.getHeader().getEventType()).isEqualTo(EventType.TRANSACTION_PAYLOAD);
        List<Event> events = ((TransactionPayloadEventData) payload.getData()).getUncompressedEvents();
        assertThat(events).extracting(e -> e.getHeader().getEventType())
                .containsExactly(EventType.TABLE_MAP, EventType.EXT_WRITE_ROWS, EventType.XID);
        Serializable[] row = ((WriteRowsEventData) events.get(1).getData()).getRows().get(0);
        assertThat(row[0]).isEqualTo(42);
        assertThat(row[1]).isEqualTo(AT.toEpochSecond(ZoneOffset.UTC) * 1_000_000 + 123_456);
        assertThat(row[2]).isEqualTo("héllo".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anUpdateWrittenAsJsonDiffsIsKnownByItsTable() throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        le(data, 91, 6);
        data.writeBytes(new byte[] {1, 0, 2, 0, 3, 7, 7, 7}); // flags, extra data, what the client does not decode

        Event update = BinlogStream.deserializer().nextEvent(new ByteArrayInputStream(event(39, 900, data.toByteArray())));

        assertThat(update.getHeader().getEventType()).isEqualTo(EventType.PARTIAL_UPDATE_ROWS_EVENT);
        assertThat((Object) update.getData()).isEqualTo(new PartialJsonUpdate(91));
    }

    @Test
    void aTaggedGtidEventOfMysql84IsReadWithItsUuidTagNumberAndCommitTimes() throws IOException {
        // the fake's integers as MySQL's serialization readme shows them: 65535 unsigned in 3 bytes, and signed
        assertThat(FakeTaggedGtids.unsigned(65_535)).containsExactly(0xfb, 0xff, 0x07);
        assertThat(FakeTaggedGtids.signed(65_535)).containsExactly(0xf3, 0xff, 0x0f);
        assertThat(FakeTaggedGtids.signed(-65_535)).containsExactly(0xeb, 0xff, 0x0f);
        UUID server = UUID.fromString("c6a5e8a2-5d3c-11ef-8f5d-0242ac120002");
        // replicated: the original server's commit time differs from this one's, so both are written
        byte[] replicated = FakeTaggedGtids.event(4_321, FakeTaggedGtids.body(server, "nightly", 300_000_000_000L,
                1_765_000_000_000_001L, 1_765_000_000_250_000L));

        Event e = BinlogStream.deserializer().nextEvent(new ByteArrayInputStream(replicated));

        assertThat(e.getHeader().getEventType()).isEqualTo(EventType.UNKNOWN); // the library knows no type 42
        assertThat((Object) e.getData()).isEqualTo(new TaggedGtid(server, "nightly", 300_000_000_000L,
                1_765_000_000_000_001L, 1_765_000_000_250_000L));
        // on the source itself only one commit time is written
        Event local = BinlogStream.deserializer().nextEvent(new ByteArrayInputStream(
                FakeTaggedGtids.event(90, FakeTaggedGtids.body(server, "a", 1, 7, 7))));
        assertThat((Object) local.getData()).isEqualTo(new TaggedGtid(server, "a", 1, 7, 7));
        // another event the library does not know (41, MySQL 8.0.26+'s HEARTBEAT_LOG_EVENT_V2) is still passed over
        Event other = BinlogStream.deserializer().nextEvent(new ByteArrayInputStream(event(41, 100, new byte[] {1, 2, 3})));
        assertThat(other.getHeader().getEventType()).isEqualTo(EventType.UNKNOWN);
        assertThat((Object) other.getData()).isNull();
    }

    // shop.items (id INT, at DATETIME(6), name VARCHAR(20) utf8mb4), table id 91
    static byte[] tableMap() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        le(b, 91, 6);
        le(b, 1, 2);
        b.write(4);
        b.writeBytes("shop\0".getBytes(StandardCharsets.US_ASCII));
        b.write(5);
        b.writeBytes("items\0".getBytes(StandardCharsets.US_ASCII));
        b.write(3);
        b.writeBytes(new byte[] {3, 18, 15}); // LONG, DATETIME2, VARCHAR
        b.write(3);
        b.writeBytes(new byte[] {6, 80, 0}); // DATETIME2's precision, VARCHAR's length in bytes
        b.write(0b110); // at and name nullable
        return b.toByteArray();
    }

    // a WRITE_ROWS v2 event of one row: 42, AT, 'héllo'
    static byte[] writeRow() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        le(b, 91, 6);
        le(b, 1, 2);
        le(b, 2, 2); // no extra data
        b.write(3);
        b.write(0b111); // every column present
        b.write(0); // none null
        le(b, 42, 4);
        long ym = AT.getYear() * 13L + AT.getMonthValue();
        long packed = (1L << 39) | ym << 22 | (long) AT.getDayOfMonth() << 17 | (long) AT.getHour() << 12
                | (long) AT.getMinute() << 6 | AT.getSecond();
        be(b, packed, 5);
        be(b, 123_456, 3);
        byte[] name = "héllo".getBytes(StandardCharsets.UTF_8);
        b.write(name.length);
        b.writeBytes(name);
        return b.toByteArray();
    }

    // a v4 event: timestamp, type, server id, length, next position, flags, then its data (no checksum)
    static byte[] event(int type, long nextPosition, byte[] data) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        le(b, 1_765_000_000L, 4);
        b.write(type);
        le(b, 1, 4);
        le(b, 19 + data.length, 4);
        le(b, nextPosition, 4);
        le(b, 0, 2);
        b.writeBytes(data);
        return b.toByteArray();
    }

    static void field(ByteArrayOutputStream b, int type, long value) {
        byte[] packed = value < 251 ? new byte[] {(byte) value}
                : new byte[] {(byte) 0xfc, (byte) value, (byte) (value >> 8)};
        b.write(type);
        b.write(packed.length);
        b.writeBytes(packed);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) b.writeBytes(p);
        return b.toByteArray();
    }

    static void le(ByteArrayOutputStream b, long v, int bytes) {
        for (int i = 0; i < bytes; i++) b.write((int) (v >> (8 * i)));
    }

    static void be(ByteArrayOutputStream b, long v, int bytes) {
        for (int i = bytes - 1; i >= 0; i--) b.write((int) (v >> (8 * i)));
    }
}
