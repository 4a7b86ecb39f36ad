package io.cdcbridge.connectors.mysql.binlog;

import com.github.luben.zstd.ZstdInputStream;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.TransactionPayloadEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;

/**
 * MySQL 8.0.20+'s compressed transactions ({@code binlog_transaction_compression=ON}): a TRANSACTION_PAYLOAD event
 * holds the transaction's events (its BEGIN, table maps, rows and commit), compressed with zstd. They are decoded by
 * {@code inner}, set up as the stream's own deserializer is (dates as microseconds, strings as bytes): the library's
 * payload deserializer decodes them with its defaults, into other Java types than the rest of the stream.
 */
final class TransactionPayloadDeserializer implements EventDataDeserializer<TransactionPayloadEventData> {

    // the payload's header fields, as MySQL's binary_log::Transaction_payload_event writes them
    private static final int END_MARK = 0;
    private static final int PAYLOAD_SIZE = 1;
    private static final int COMPRESSION_TYPE = 2;
    private static final int UNCOMPRESSED_SIZE = 3;
    private static final int ZSTD = 0;
    private static final int NONE = 255;

    private final EventDeserializer inner;

    /** @param inner decodes the events inside: without checksums, as MySQL writes them there */
    TransactionPayloadDeserializer(EventDeserializer inner) {
        this.inner = inner;
    }

    @Override
    public TransactionPayloadEventData deserialize(ByteArrayInputStream in) throws IOException {
        long size = -1;
        long compression = ZSTD;
        long uncompressed = 0;
        while (in.available() > 0) {
            int field = in.readPackedInteger();
            if (field == END_MARK) break;
            int length = in.readPackedInteger();
            switch (field) {
                case PAYLOAD_SIZE -> size = in.readPackedLong();
                case COMPRESSION_TYPE -> compression = in.readPackedLong();
                case UNCOMPRESSED_SIZE -> uncompressed = in.readPackedLong();
                default -> in.read(length); // a field a later MySQL may add
            }
        }
        byte[] payload = in.read(size < 0 ? in.available() : (int) size);
        InputStream body = new java.io.ByteArrayInputStream(payload);
        if (compression == ZSTD) {
            body = new ZstdInputStream(body);
        } else if (compression != NONE) {
            throw new IOException("a compressed transaction of a compression type cdcbridge-mysql does not know ("
                    + compression + "; MySQL writes zstd, 0)");
        }
        ArrayList<Event> events = new ArrayList<>();
        try (ByteArrayInputStream stream = new ByteArrayInputStream(body)) {
            for (Event e = inner.nextEvent(stream); e != null; e = inner.nextEvent(stream)) events.add(e);
        }
        TransactionPayloadEventData data = new TransactionPayloadEventData();
        data.setPayloadSize(payload.length);
        data.setCompressionType((int) compression);
        data.setUncompressedSize((int) Math.min(uncompressed, Integer.MAX_VALUE));
        data.setUncompressedEvents(events);
        return data;
    }
}
