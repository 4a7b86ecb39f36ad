package io.cdcbridge.connectors.postgres.pgoutput;

import static io.cdcbridge.connectors.postgres.text.InternalValues.string;
import static io.cdcbridge.connectors.postgres.text.InternalValues.decimal;
import static io.cdcbridge.connectors.postgres.text.InternalValues.days;
import static io.cdcbridge.connectors.postgres.text.InternalValues.millisOfDay;
import static io.cdcbridge.connectors.postgres.text.InternalValues.local;
import static io.cdcbridge.connectors.postgres.text.InternalValues.instant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdcbridge.connectors.postgres.text.CopyTextLine;
import io.cdcbridge.connectors.postgres.text.TupleRowConverter;
import io.cdcbridge.connectors.postgres.text.UnchangedValueException;
import io.cdcbridge.embedded.EmbeddedPostgres;
import io.cdcbridge.embedded.junit.PostgresExtension;
import io.cdcbridge.embedded.junit.ReplicationSlots;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.RowKind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * Real pgoutput messages from a real PostgreSQL (read with pg_logical_slot_get_binary_changes), decoded and turned
 * into rows; and the same table read with COPY, which must give the same rows.
 */
@Tag("integration")
@ExtendWith(PostgresExtension.class)
class PgOutputDecoderTest {

    static EmbeddedPostgres postgres;
    @RegisterExtension
    static final ReplicationSlots SLOTS = new ReplicationSlots();

    static final RowType ALL_TYPES = (RowType) DataTypes.ROW(
            DataTypes.FIELD("id", DataTypes.INT()),
            DataTypes.FIELD("b", DataTypes.BOOLEAN()),
            DataTypes.FIELD("i2", DataTypes.SMALLINT()),
            DataTypes.FIELD("i4", DataTypes.INT()),
            DataTypes.FIELD("i8", DataTypes.BIGINT()),
            DataTypes.FIELD("r", DataTypes.FLOAT()),
            DataTypes.FIELD("d", DataTypes.DOUBLE()),
            DataTypes.FIELD("n", DataTypes.DECIMAL(10, 3)),
            DataTypes.FIELD("nb", DataTypes.DECIMAL(30, 5)),
            DataTypes.FIELD("nf", DataTypes.DECIMAL(38, 10)),
            DataTypes.FIELD("t", DataTypes.STRING()),
            DataTypes.FIELD("vc", DataTypes.VARCHAR(20)),
            DataTypes.FIELD("c", DataTypes.CHAR(5)),
            DataTypes.FIELD("j", DataTypes.STRING()),
            DataTypes.FIELD("jb", DataTypes.STRING()),
            DataTypes.FIELD("u", DataTypes.STRING()),
            DataTypes.FIELD("m", DataTypes.STRING()),
            DataTypes.FIELD("dt", DataTypes.DATE()),
            DataTypes.FIELD("tm", DataTypes.TIME(3)),
            DataTypes.FIELD("ts", DataTypes.TIMESTAMP(6)),
            DataTypes.FIELD("ts3", DataTypes.TIMESTAMP(3)),
            DataTypes.FIELD("tz", DataTypes.TIMESTAMP_LTZ(6)),
            DataTypes.FIELD("ba", DataTypes.BYTES())).getLogicalType();

    // a different order than the table's, a column the table lacks at first, and one metadata field after them
    static final RowType KV = (RowType) DataTypes.ROW(
            DataTypes.FIELD("n", DataTypes.INT()),
            DataTypes.FIELD("id", DataTypes.INT()),
            DataTypes.FIELD("added", DataTypes.STRING()),
            DataTypes.FIELD("v", DataTypes.STRING())).getLogicalType();

    static final RowType TOASTY = (RowType) DataTypes.ROW(
            DataTypes.FIELD("id", DataTypes.INT()),
            DataTypes.FIELD("big", DataTypes.STRING()),
            DataTypes.FIELD("n", DataTypes.INT())).getLogicalType();

    static final RowType ID_ONLY = (RowType) DataTypes.ROW(DataTypes.FIELD("id", DataTypes.INT())).getLogicalType();

    @BeforeAll
    static void startPostgres(EmbeddedPostgres shared) {
        postgres = shared;
        postgres.execute("CREATE TYPE mood AS ENUM ('sad', 'happy')",
                "CREATE TABLE all_types (id int PRIMARY KEY, b boolean, i2 smallint, i4 integer, i8 bigint, r real,"
                        + " d double precision, n numeric(10,3), nb numeric(30,5), nf numeric, t text, vc varchar(20),"
                        + " c char(5), j json, jb jsonb, u uuid, m mood, dt date, tm time, ts timestamp, ts3 timestamp(3),"
                        + " tz timestamptz, ba bytea)",
                "CREATE TABLE kv (id int PRIMARY KEY, v text, n int)",
                "CREATE TABLE toasty (id int PRIMARY KEY, big text, n int)",
                // out of line and never compressed: the value is TOASTed whatever its content
                "ALTER TABLE toasty ALTER COLUMN big SET STORAGE EXTERNAL",
                "CREATE TABLE trunc_a (id serial PRIMARY KEY)",
                "CREATE TABLE trunc_b (id int PRIMARY KEY, a int REFERENCES trunc_a)",
                "CREATE TABLE tx (id int PRIMARY KEY)",
                // its own tables only: a publication of all tables would make other classes' tables without a
                // key refuse updates on the shared server
                "CREATE PUBLICATION p FOR TABLE all_types, kv, toasty, trunc_a, trunc_b, tx");
    }

    @Test
    void everyTypeDecodedFromPgoutputAndReadWithCopyAlike() throws Exception {
        createSlot("types");
        postgres.execute("INSERT INTO all_types (id) VALUES (1)",
                "INSERT INTO all_types VALUES (2, true, -32768, 2147483647, -9223372036854775808, 1.5, -2.5e-300,"
                        + " -1234567.891, 1234567890123456789012345.12345, 0.0000000001,"
                        + " E'tab\\there\\nnew line\\\\back\\\\slash \"q\" ''s\\r end', 'Grüße, 東京 🚀', 'ab',"
                        + " '{\"a\": [1, 2]}', '{\"b\": 1, \"a\": \"x\"}', 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', 'happy',"
                        + " '2026-11-23', '20:23:08.123456', '2026-11-23 20:23:08.123456', '2026-11-23 20:23:08.123',"
                        + " '2026-11-23 20:23:08.123456+00', '\\x000aff')",
                "INSERT INTO all_types VALUES (3, false, 0, -1, 0, 'NaN', 'Infinity', 0.5, -0.00001, -42,"
                        + " '', E'\\\\', NULL, 'null', '[]', NULL, 'sad', '1969-12-31', '00:00:00', '1969-12-31 23:59:59.999999',"
                        + " '0001-01-01 00:00:00', '1900-01-01 00:00:00+00', '')",
                "INSERT INTO all_types (id, r, d, nf) VALUES (4, '-Infinity', 'NaN', 123456789012345678901234567.0000000001)");
        String[] fractions = {"", ".1", ".12", ".123", ".1234", ".12345", ".123456"};
        for (int i = 0; i < fractions.length; i++) {
            String time = "2026-11-23 20:23:08" + fractions[i];
            postgres.execute("INSERT INTO all_types (id, ts, tz) VALUES (" + (10 + i) + ", '" + time + "', '" + time + "+00')");
        }

        // the decoding session's time zone writes timestamptz with +05:30 (and seconds in 1900's offset)
        Recorder recorder = decodeChanges("types", "Asia/Kolkata", Map.of("public.all_types", ALL_TYPES));
        List<GenericRowData> expected = new ArrayList<>(List.of(
                row(1, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                        null, null, null, null, null, null),
                row(2, true, (short) -32768, Integer.MAX_VALUE, Long.MIN_VALUE, 1.5f, -2.5e-300,
                        decimal("-1234567.891", 10, 3), decimal("1234567890123456789012345.12345", 30, 5),
                        decimal("0.0000000001", 38, 10), string("tab\there\nnew line\\back\\slash \"q\" 's\r end"),
                        string("Grüße, 東京 🚀"), string("ab   "), string("{\"a\": [1, 2]}"), string("{\"a\": \"x\", \"b\": 1}"),
                        string("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), string("happy"), days("2026-11-23"),
                        millisOfDay("20:23:08.123"), local("2026-11-23T20:23:08.123456"), local("2026-11-23T20:23:08.123"),
                        instant("2026-11-23T20:23:08.123456Z"), new byte[] {0, 10, -1}),
                row(3, false, (short) 0, -1, 0L, Float.NaN, Double.POSITIVE_INFINITY, decimal("0.5", 10, 3),
                        decimal("-0.00001", 30, 5), decimal("-42", 38, 10), string(""), string("\\"), null, string("null"),
                        string("[]"), null, string("sad"), -1, 0, local("1969-12-31T23:59:59.999999"),
                        local("0001-01-01T00:00:00"), instant("1900-01-01T00:00:00Z"), new byte[0]),
                row(4, null, null, null, null, Float.NEGATIVE_INFINITY, Double.NaN, null, null,
                        decimal("123456789012345678901234567.0000000001", 38, 10), null, null, null, null, null, null,
                        null, null, null, null, null, null, null)));
        for (int i = 0; i < fractions.length; i++) {
            String time = "2026-11-23T20:23:08" + fractions[i];
            expected.add(row(10 + i, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                    null, null, null, null, local(time), null, instant(time + "Z"), null));
        }
        assertThat(recorder.rows).containsExactlyElementsOf(expected);
        assertThat(recorder.texts).contains("2026-11-24 01:53:08.123456+05:30")
                .anyMatch(t -> t.matches("1900-01-01 05:\\d\\d:\\d\\d\\+05:\\d\\d:\\d\\d")); // a local mean time

        // another time zone for COPY: -03 (and -03:06:28), the same instants
        List<GenericRowData> copied = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        TupleRowConverter converter = new TupleRowConverter(ALL_TYPES, 0);
        try (Connection c = postgres.connect(); Statement s = c.createStatement()) {
            s.execute("SET TimeZone = 'America/Sao_Paulo'");
            CopyOut copy = c.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (SELECT * FROM all_types ORDER BY id) TO STDOUT");
            byte[] line;
            while ((line = copy.readFromCopy()) != null) {
                lines.add(new String(line, StandardCharsets.UTF_8));
                copied.add(converter.toRow(CopyTextLine.parse(line, 0, line.length, ALL_TYPES.getFieldCount()), "public.all_types", RowKind.INSERT));
            }
        }
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("\ttab\\there\\nnew line\\\\back\\\\slash", "2026-11-23 17:23:08.123456-03"));
        assertThat(lines).anyMatch(l -> l.matches("(?s).*\t1899-12-31 2\\d:\\d\\d:\\d\\d-03:\\d\\d:\\d\\d\t.*"));
        assertThat(copied).containsExactlyElementsOf(expected);
    }

    @Test
    void insertsUpdatesAndDeletesWithReplicaIdentityDefaultThenFull() throws Exception {
        createSlot("kv");
        postgres.execute("INSERT INTO kv VALUES (1, 'a', 1)",
                "UPDATE kv SET v = 'b' WHERE id = 1",
                "UPDATE kv SET id = 2 WHERE id = 1",
                "DELETE FROM kv WHERE id = 2",
                "INSERT INTO kv VALUES (3, 'c', NULL)",
                "ALTER TABLE kv REPLICA IDENTITY FULL",
                "UPDATE kv SET n = 4 WHERE id = 3",
                "UPDATE kv SET id = 5 WHERE id = 3",
                "DELETE FROM kv WHERE id = 5",
                // a new column: a new Relation message replaces the old one
                "ALTER TABLE kv ADD COLUMN added text",
                "INSERT INTO kv VALUES (6, 'd', 6, 'here')",
                "BEGIN; INSERT INTO kv VALUES (7, 'e', 7, NULL); UPDATE kv SET v = 'f' WHERE id = 7; COMMIT");
        Recorder recorder = decodeChanges("kv", "UTC", Map.of("public.kv", KV));
        assertThat(recorder.events).containsExactly(
                "begin", "insert public.kv[d] +I(1,1,null,a,null)", "commit",
                "begin", "update public.kv[d] +U(1,1,null,b,null)", "commit",
                "begin", "update public.kv[d] key -U(null,1,null,null,null) +U(1,2,null,b,null)", "commit",
                "begin", "delete public.kv[d] key -D(null,2,null,null,null)", "commit",
                "begin", "insert public.kv[d] +I(null,3,null,c,null)", "commit",
                "begin", "update public.kv[f] old -U(null,3,null,c,null) +U(4,3,null,c,null)", "commit",
                "begin", "update public.kv[f] old -U(4,3,null,c,null) +U(4,5,null,c,null)", "commit",
                "begin", "delete public.kv[f] old -D(4,5,null,c,null)", "commit",
                "begin", "insert public.kv[f] +I(6,6,here,d,null)", "commit",
                "begin", "insert public.kv[f] +I(7,7,null,e,null)", "update public.kv[f] old -U(7,7,null,e,null) +U(7,7,null,f,null)",
                "commit");
    }

    @Test
    void anUnchangedToastValueNeedsTheOldRowOfReplicaIdentityFull() throws Exception {
        createSlot("toast");
        String big;
        try (Connection c = postgres.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("INSERT INTO toasty SELECT 1, string_agg(md5(random()::text), ''), 1"
                     + " FROM generate_series(1, 300) RETURNING big")) {
            rs.next();
            big = rs.getString(1);
        }
        assertThat(big).hasSize(9600);
        postgres.execute("UPDATE toasty SET n = 2",
                "ALTER TABLE toasty REPLICA IDENTITY FULL",
                "UPDATE toasty SET n = 3",
                "DELETE FROM toasty");
        Recorder recorder = decodeChanges("toast", "UTC", Map.of("public.toasty", TOASTY));
        String shown = big.substring(0, 4) + "…";
        assertThat(recorder.events.stream().map(e -> e.replace(big, shown))).containsExactly(
                "begin", "insert public.toasty[d] +I(1," + shown + ",1,null)", "commit",
                "begin", "update public.toasty[d] new tuple tut: column big of public.toasty was not sent (an unchanged TOAST"
                        + " value) and no old row holds it: set REPLICA IDENTITY FULL on public.toasty", "commit",
                "begin", "update public.toasty[f] old -U(1," + shown + ",2,null) +U(1," + shown + ",3,null)", "commit",
                "begin", "delete public.toasty[f] old -D(1," + shown + ",3,null)", "commit");
        assertThat(recorder.kinds).containsExactly("ttt", "tut", "ttt", "tut", "ttt");
    }

    @Test
    void truncate() throws Exception {
        createSlot("trunc");
        postgres.execute("INSERT INTO trunc_a DEFAULT VALUES",
                "TRUNCATE trunc_a, trunc_b RESTART IDENTITY",
                "TRUNCATE trunc_a CASCADE");
        Recorder recorder = decodeChanges("trunc", "UTC", Map.of("public.trunc_a", ID_ONLY, "public.trunc_b", ID_ONLY));
        assertThat(recorder.events).containsExactly(
                "begin", "insert public.trunc_a[d] +I(1,null)", "commit",
                "begin", "truncate [public.trunc_a, public.trunc_b] cascade=false restartIdentity=true", "commit",
                "begin", "truncate [public.trunc_a, public.trunc_b] cascade=true restartIdentity=false", "commit");
    }

    @Test
    void beginAndCommitCarryTheTransactionsLsnsTimeAndXid() throws Exception {
        createSlot("tx");
        long lsnBefore;
        long lsnAfter;
        long timeBefore;
        long timeAfter;
        long xid;
        try (Connection c = postgres.connect(); Statement s = c.createStatement()) {
            lsnBefore = lsn(single(s, "SELECT pg_current_wal_insert_lsn()::text"));
            timeBefore = Long.parseLong(single(s, "SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::bigint"));
            c.setAutoCommit(false);
            s.execute("INSERT INTO tx VALUES (1), (2)");
            xid = Long.parseLong(single(s, "SELECT txid_current()"));
            c.commit();
            c.setAutoCommit(true);
            lsnAfter = lsn(single(s, "SELECT pg_current_wal_insert_lsn()::text"));
            timeAfter = Long.parseLong(single(s, "SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::bigint"));
        }
        Recorder recorder = decodeChanges("tx", "UTC", Map.of("public.tx", ID_ONLY));
        assertThat(recorder.events).containsExactly("begin", "insert public.tx[d] +I(1,null)", "insert public.tx[d] +I(2,null)", "commit");
        long[] begin = recorder.begins.get(0);
        long[] commit = recorder.commits.get(0);
        assertThat(begin[0]).as("Begin's final LSN is the commit's").isEqualTo(commit[0]);
        assertThat(commit[0]).isBetween(lsnBefore, lsnAfter);
        assertThat(commit[1]).isGreaterThan(commit[0]).isLessThanOrEqualTo(lsnAfter);
        // pg_logical_slot_get_binary_changes reports the commit at the end of its record: the Commit's end LSN
        assertThat(recorder.messageLsns.get(recorder.messageLsns.size() - 1)).isEqualTo(commit[1]);
        assertThat(begin[1]).as("commit time in both").isEqualTo(commit[2]).isBetween(timeBefore, timeAfter);
        assertThat(begin[2]).isEqualTo(xid);
        assertThat(recorder.messageXids).containsOnly(xid);
    }

    @Test
    void unknownMessagesAndRelationsFailNamingWhatCame() {
        PgOutputDecoder decoder = new PgOutputDecoder();
        Recorder recorder = new Recorder(Map.of());
        assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(new byte[] {'S', 0, 0, 0, 1, 0}), recorder))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("unknown pgoutput message type 'S' (0x53): protocol version 1 without streaming has B, C, O, R, Y, I, U, D, T, M");
        assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(new byte[] {'I', 0, 0, 0x10, (byte) 0x92, 'N', 0, 0}), recorder))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("pgoutput Insert for relation oid 4242 that no Relation message of this session described");
        assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(new byte[] {'B', 0, 0, 0}), recorder))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("pgoutput message of type 'B' ended early, after 4 bytes");
        assertThatThrownBy(() -> decoder.decode(ByteBuffer.allocate(0), recorder))
                .isInstanceOf(IllegalStateException.class).hasMessage("empty pgoutput message");
    }

    /** Records what the decoder passes, converting tuples at once (their buffer is only lent), as the source does. */
    static final class Recorder implements PgOutputHandler {
        final Map<String, TupleRowConverter> converters = new java.util.HashMap<>();
        final List<String> events = new ArrayList<>();
        final List<GenericRowData> rows = new ArrayList<>();
        final List<String> kinds = new ArrayList<>();
        final List<String> texts = new ArrayList<>();
        final List<long[]> begins = new ArrayList<>();
        final List<long[]> commits = new ArrayList<>();
        final List<Long> messageLsns = new ArrayList<>();
        final List<Long> messageXids = new ArrayList<>();
        byte[] lent;

        Recorder(Map<String, RowType> tables) {
            // one trailing field, as the source's metadata columns
            tables.forEach((table, type) -> converters.put(table, new TupleRowConverter(type, 1)));
        }

        @Override
        public void begin(long finalLsn, long commitTimeMicros, long xid) {
            events.add("begin");
            begins.add(new long[] {finalLsn, commitTimeMicros, xid});
        }

        @Override
        public void insert(Relation relation, TupleData newTuple) {
            GenericRowData row = converter(relation).toRow(relation, seen(newTuple), null, RowKind.INSERT);
            rows.add(withoutTrailingField(row));
            events.add("insert " + name(relation) + " " + row);
        }

        @Override
        public void update(Relation relation, TupleData oldTuple, boolean oldIsKeyOnly, TupleData newTuple) {
            String old = "";
            if (oldTuple != null) {
                old = (oldIsKeyOnly ? "key " : "old ")
                        + converter(relation).toRow(relation, seen(oldTuple), null, RowKind.UPDATE_BEFORE) + " ";
            }
            try {
                events.add("update " + name(relation) + " " + old
                        + converter(relation).toRow(relation, seen(newTuple), oldTuple, RowKind.UPDATE_AFTER));
            } catch (UnchangedValueException e) {
                events.add("update " + name(relation) + " new tuple " + kinds.get(kinds.size() - 1) + ": " + e.getMessage());
            }
        }

        @Override
        public void delete(Relation relation, TupleData oldTuple, boolean oldIsKeyOnly) {
            events.add("delete " + name(relation) + " " + (oldIsKeyOnly ? "key " : "old ")
                    + converter(relation).toRow(relation, seen(oldTuple), null, RowKind.DELETE));
        }

        @Override
        public void truncate(List<Relation> relations, boolean cascade, boolean restartIdentity) {
            events.add("truncate " + relations.stream().map(r -> r.schema() + "." + r.table()).toList()
                    + " cascade=" + cascade + " restartIdentity=" + restartIdentity);
        }

        @Override
        public void commit(long commitLsn, long endLsn, long commitTimeMicros) {
            events.add("commit");
            commits.add(new long[] {commitLsn, endLsn, commitTimeMicros});
        }

        private TupleRowConverter converter(Relation relation) {
            return converters.get(relation.schema() + "." + relation.table());
        }

        private TupleData seen(TupleData tuple) {
            // sliced from the message's own array, not copied
            assertThat(tuple.buffer()).isSameAs(lent);
            StringBuilder k = new StringBuilder();
            for (int i = 0; i < tuple.size(); i++) {
                k.append((char) tuple.kind(i));
                if (tuple.kind(i) == TupleData.TEXT) {
                    texts.add(new String(tuple.buffer(), tuple.offset(i), tuple.length(i), StandardCharsets.UTF_8));
                }
            }
            kinds.add(k.toString());
            return tuple;
        }

        private static String name(Relation relation) {
            return relation.schema() + "." + relation.table() + "[" + relation.replicaIdentity() + "]";
        }

        private static GenericRowData withoutTrailingField(GenericRowData row) {
            assertThat(row.getField(row.getArity() - 1)).isNull();
            GenericRowData physical = new GenericRowData(row.getRowKind(), row.getArity() - 1);
            for (int i = 0; i < physical.getArity(); i++) physical.setField(i, row.getField(i));
            return physical;
        }
    }

    // a slot dropped after the test, even when it fails
    private static void createSlot(String slot) {
        postgres.execute("SELECT pg_create_logical_replication_slot('" + SLOTS.made(slot, null) + "', 'pgoutput')");
    }

    /** Every message of the slot so far, through one decoder, in a session of {@code timeZone}. */
    private static Recorder decodeChanges(String slot, String timeZone, Map<String, RowType> tables) throws Exception {
        Recorder recorder = new Recorder(tables);
        PgOutputDecoder decoder = new PgOutputDecoder();
        try (Connection c = postgres.connect(); Statement s = c.createStatement()) {
            s.execute("SET TimeZone = '" + timeZone + "'");
            try (PreparedStatement read = c.prepareStatement("SELECT lsn::text, xid::text, data FROM"
                    + " pg_logical_slot_get_binary_changes(?, NULL, NULL, 'proto_version', '1', 'publication_names', 'p')")) {
                read.setString(1, slot);
                try (ResultSet rs = read.executeQuery()) {
                    int n = 0;
                    while (rs.next()) {
                        recorder.messageLsns.add(lsn(rs.getString(1)));
                        recorder.messageXids.add(Long.parseLong(rs.getString(2)));
                        byte[] data = rs.getBytes(3);
                        // inside a larger array, as a replication stream's buffer: by position, then by array offset
                        byte[] larger = new byte[data.length + 9];
                        System.arraycopy(data, 0, larger, 5, data.length);
                        ByteBuffer message = ByteBuffer.wrap(larger, 5, data.length);
                        if (n++ % 2 == 1) message = message.slice();
                        recorder.lent = larger;
                        decoder.decode(message, recorder);
                        assertThat(message.hasRemaining()).isFalse();
                    }
                }
            }
        }
        return recorder;
    }

    private static String single(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static long lsn(String text) {
        int slash = text.indexOf('/');
        return (Long.parseLong(text.substring(0, slash), 16) << 32) | Long.parseLong(text.substring(slash + 1), 16);
    }

    private static GenericRowData row(Object... values) {
        return GenericRowData.ofKind(RowKind.INSERT, values);
    }
}
