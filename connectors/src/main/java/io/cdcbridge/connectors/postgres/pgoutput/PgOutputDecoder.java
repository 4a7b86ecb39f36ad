package io.cdcbridge.connectors.postgres.pgoutput;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes the messages of PostgreSQL's pgoutput plugin, protocol version 1 with text tuples, as the replication
 * stream (or {@code pg_logical_slot_peek_binary_changes}) returns them, and keeps the relations they describe.
 * One decoder per replication session: relation ids are only meaningful within it. Not thread-safe.
 *
 * <p>The tuples passed to the handler are slices of the message's own array (no copy): they are valid only while
 * the caller does not reuse that array, so a handler converts them before it returns.
 */
public final class PgOutputDecoder {

    /** PostgreSQL counts time from 2000-01-01 00:00:00 UTC, the Unix epoch is 30 years (7 leap days) earlier. */
    static final long POSTGRES_EPOCH_MICROS = 946_684_800_000_000L;

    private final Map<Integer, Relation> relations = new HashMap<>();
    // changes of one table come in runs: skip the map (and the boxing of the oid) for the same table again
    private Relation lastRelation;

    // the message being decoded: its array and the read position in it
    private byte[] buf;
    private int start;
    private int pos;
    private int end;

    /**
     * Decodes one message and passes it to {@code handler}; message types cdcbridge does not use are skipped.
     * The buffer's position is moved to its limit.
     */
    public void decode(ByteBuffer message, PgOutputHandler handler) {
        if (message.hasArray()) {
            buf = message.array();
            pos = message.arrayOffset() + message.position();
            end = message.arrayOffset() + message.limit();
        } else {
            // a direct buffer has no array to slice: copy once
            buf = new byte[message.remaining()];
            message.duplicate().get(buf);
            pos = 0;
            end = buf.length;
        }
        message.position(message.limit());
        start = pos;
        try {
            decodeMessage(handler);
        } finally {
            buf = null;
        }
    }

    /** The relation last described for {@code oid} in this session, or null. */
    public Relation relation(int oid) {
        return relations.get(oid);
    }

    private void decodeMessage(PgOutputHandler handler) {
        if (pos >= end) throw new IllegalStateException("empty pgoutput message");
        byte type = buf[pos++];
        switch (type) {
            case 'B' -> handler.begin(readLong(), toUnixMicros(readLong()), readInt() & 0xFFFF_FFFFL);
            case 'C' -> {
                pos++; // flags: unused
                handler.commit(readLong(), readLong(), toUnixMicros(readLong()));
            }
            case 'I' -> {
                Relation relation = relationOf(readInt(), "Insert");
                expect('N', "Insert");
                handler.insert(relation, readTuple());
            }
            case 'U' -> {
                Relation relation = relationOf(readInt(), "Update");
                byte part = readByte();
                TupleData old = null;
                boolean oldIsKeyOnly = part == 'K';
                if (part == 'K' || part == 'O') {
                    old = readTuple();
                    part = readByte();
                }
                if (part != 'N') throw unexpected(part, "'N'", "Update");
                handler.update(relation, old, oldIsKeyOnly, readTuple());
            }
            case 'D' -> {
                Relation relation = relationOf(readInt(), "Delete");
                byte part = readByte();
                if (part != 'K' && part != 'O') throw unexpected(part, "'K' or 'O'", "Delete");
                handler.delete(relation, readTuple(), part == 'K');
            }
            case 'R' -> {
                Relation relation = readRelation();
                relations.put(relation.oid(), relation);
                lastRelation = relation;
            }
            case 'T' -> {
                int count = readInt();
                int options = readByte();
                List<Relation> truncated = new ArrayList<>(count);
                for (int i = 0; i < count; i++) truncated.add(relationOf(readInt(), "Truncate"));
                handler.truncate(truncated, (options & 1) != 0, (options & 2) != 0);
            }
            case 'O', 'Y', 'M' -> {
                // Origin, Type, logical decoding Message: nothing a table source uses
            }
            default -> throw new IllegalStateException("unknown pgoutput message type '" + (char) type + "' (0x"
                    + Integer.toHexString(type & 0xFF) + "): protocol version 1 without streaming has B, C, O, R, Y, I, U, D, T, M");
        }
    }

    private Relation relationOf(int oid, String message) {
        Relation last = lastRelation;
        if (last != null && last.oid() == oid) return last;
        Relation relation = relations.get(oid);
        if (relation == null) {
            throw new IllegalStateException("pgoutput " + message + " for relation oid " + oid
                    + " that no Relation message of this session described");
        }
        lastRelation = relation;
        return relation;
    }

    private Relation readRelation() {
        int oid = readInt();
        String schema = readString();
        String table = readString();
        char replicaIdentity = (char) readByte();
        int count = readShort();
        List<Relation.Column> columns = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            boolean key = (readByte() & 1) != 0;
            String name = readString();
            columns.add(new Relation.Column(name, readInt(), readInt(), key));
        }
        return new Relation(oid, schema, table, replicaIdentity, List.copyOf(columns));
    }

    private TupleData readTuple() {
        int count = readShort();
        byte[] kinds = new byte[count];
        int[] offsets = new int[count];
        int[] lengths = new int[count];
        for (int i = 0; i < count; i++) {
            byte kind = readByte();
            kinds[i] = kind;
            switch (kind) {
                case TupleData.NULL, TupleData.UNCHANGED -> {
                }
                case TupleData.TEXT -> {
                    int length = readInt();
                    if (length < 0 || length > end - pos) {
                        throw new IllegalStateException("pgoutput column " + i + " claims " + length + " bytes, "
                                + (end - pos) + " are left in the message");
                    }
                    offsets[i] = pos;
                    lengths[i] = length;
                    pos += length;
                }
                default -> throw new IllegalStateException("pgoutput column " + i + " has kind '" + (char) kind
                        + "' (0x" + Integer.toHexString(kind & 0xFF) + "): expected 'n', 'u' or 't' (binary tuples are not supported)");
            }
        }
        return new TupleData(buf, kinds, offsets, lengths);
    }

    private void expect(char wanted, String message) {
        byte got = readByte();
        if (got != wanted) throw unexpected(got, "'" + wanted + "'", message);
    }

    private static IllegalStateException unexpected(byte got, String wanted, String message) {
        return new IllegalStateException("pgoutput " + message + " has '" + (char) got + "' (0x"
                + Integer.toHexString(got & 0xFF) + ") where " + wanted + " belongs");
    }

    private String readString() {
        int from = pos;
        while (readByte() != 0) {
            // up to the terminating zero byte
        }
        return new String(buf, from, pos - 1 - from, StandardCharsets.UTF_8);
    }

    private byte readByte() {
        if (pos >= end) throw truncated();
        return buf[pos++];
    }

    private IllegalStateException truncated() {
        return new IllegalStateException("pgoutput message of type '" + (char) buf[start] + "' ended early, after "
                + (end - start) + " bytes");
    }

    private int readShort() {
        if (pos + 2 > end) throw truncated();
        int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    private int readInt() {
        if (pos + 4 > end) throw truncated();
        int v = ((buf[pos] & 0xFF) << 24) | ((buf[pos + 1] & 0xFF) << 16) | ((buf[pos + 2] & 0xFF) << 8) | (buf[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    private long readLong() {
        long high = readInt() & 0xFFFF_FFFFL;
        return (high << 32) | (readInt() & 0xFFFF_FFFFL);
    }

    private static long toUnixMicros(long postgresMicros) {
        return postgresMicros + POSTGRES_EPOCH_MICROS;
    }
}
