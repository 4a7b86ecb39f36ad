package io.cdcbridge.connectors.mysql.binlog;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import io.cdcbridge.connectors.mysql.MysqlEndpoint;
import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A server's binlog read from a position by mysql-binlog-connector-java as a replica with a server id: the client's
 * thread decodes the events (dates and times as epoch microseconds, strings as bytes, decoded by the column's
 * character set later) and hands them over through a bounded queue, so a slow Flink holds the client back rather than
 * piling events up. MySQL 8's compressed transactions are unpacked into their events, decoded alike; MySQL 8.4's
 * tagged GTIDs are decoded as {@link TaggedGtid}s. A lost
 * connection is not reconnected here: the reader fails and Flink restores it from its last checkpoint, whose position
 * is exact.
 */
public final class BinlogStream implements AutoCloseable {

    private static final int QUEUE = 8192;
    private static final long CONNECT_TIMEOUT_MS = 30_000;
    // the server sends a heartbeat this often while it has nothing to send, so a silent connection is seen as lost
    private static final long HEARTBEAT_MS = 1_000;
    private static final long SILENCE_MS = 10_000;

    private final BinaryLogClient client;
    private final BlockingQueue<Event> events = new ArrayBlockingQueue<>(QUEUE);
    private final String where;
    private volatile Exception failure;
    private volatile boolean closed;
    private volatile long lastHeard = System.nanoTime();

    private BinlogStream(BinaryLogClient client, String where) {
        this.client = client;
        this.where = where;
    }

    /**
     * Connects to {@code endpoint}'s binlog at {@code from} as replica {@code serverId}: from its MySQL GTID set when
     * {@code byGtid} (the server then sends the first transaction not in the set, wherever it is), else from its file
     * and position.
     */
    public static BinlogStream open(MysqlEndpoint endpoint, long serverId, BinlogPosition from, boolean byGtid)
            throws IOException {
        BinaryLogClient client = endpoint.binlogClient();
        client.setServerId(serverId);
        if (byGtid) {
            client.setGtidSet(from.gtid());
        } else {
            client.setBinlogFilename(from.file());
            client.setBinlogPosition(from.position());
        }
        client.setKeepAlive(false);
        client.setHeartbeatInterval(HEARTBEAT_MS);
        client.setEventDeserializer(deserializer());
        BinlogStream stream = new BinlogStream(client, endpoint.describe());
        client.registerEventListener(stream::offer);
        client.registerLifecycleListener(new BinaryLogClient.AbstractLifecycleListener() {
            @Override
            public void onCommunicationFailure(BinaryLogClient c, Exception e) {
                stream.failure = e;
            }

            @Override
            public void onEventDeserializationFailure(BinaryLogClient c, Exception e) {
                stream.failure = e;
            }

            @Override
            public void onDisconnect(BinaryLogClient c) {
                if (!stream.closed && stream.failure == null) stream.failure = new IOException("the server closed the connection");
            }
        });
        try {
            client.connect(CONNECT_TIMEOUT_MS);
        } catch (TimeoutException | IOException e) {
            throw new IOException("cannot read the binlog of " + endpoint.describe() + ": " + endpoint.explain(e), e);
        }
        return stream;
    }

    /** How the stream's events are decoded; the events of a compressed transaction alike. */
    static EventDeserializer deserializer() {
        EventDeserializer outer = configured();
        outer.setEventDataDeserializer(EventType.TRANSACTION_PAYLOAD, new TransactionPayloadDeserializer(configured()));
        return outer;
    }

    // dates and times as epoch microseconds, strings as bytes (decoded by the column's character set later); of an
    // update written as JSON diffs its table; MySQL 8.4's tagged GTIDs (an UNKNOWN event to the library)
    private static EventDeserializer configured() {
        TaggedGtidDeserializer tagged = new TaggedGtidDeserializer();
        EventDeserializer d = new EventDeserializer(tagged.headers());
        d.setEventDataDeserializer(EventType.UNKNOWN, tagged.unknownEvents());
        d.setCompatibilityMode(EventDeserializer.CompatibilityMode.DATE_AND_TIME_AS_LONG_MICRO,
                EventDeserializer.CompatibilityMode.CHAR_AND_BINARY_AS_BYTE_ARRAY);
        d.setEventDataDeserializer(EventType.PARTIAL_UPDATE_ROWS_EVENT, in -> new PartialJsonUpdate(in.readLong(6)));
        return d;
    }

    /** The next event, waiting up to {@code millis}; null if none came. Throws once the connection is lost. */
    public Event poll(long millis) throws IOException {
        Event e;
        try {
            e = millis <= 0 ? events.poll() : events.poll(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            return null;
        }
        if (e != null) return e;
        if (failure != null) throw new IOException("lost the binlog of " + where + ": " + failure.getMessage(), failure);
        if (TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastHeard) > SILENCE_MS) {
            throw new IOException("lost the binlog of " + where + ": nothing heard, not even a heartbeat, for "
                    + SILENCE_MS / 1000 + " s");
        }
        return null;
    }

    // on the client's thread: waits while the queue is full, unless the stream is closed
    private void offer(Event event) {
        lastHeard = System.nanoTime();
        try {
            while (!closed && !events.offer(event, 100, TimeUnit.MILLISECONDS)) {
                lastHeard = System.nanoTime(); // held back by Flink, not silent
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        client.disconnect();
    }
}
