package io.cdcbridge.connectors.mysql.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventData;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.GtidEventData;
import com.github.shyiko.mysql.binlog.event.MySqlGtid;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.RotateEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.TransactionPayloadEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import com.github.shyiko.mysql.binlog.event.XAPrepareEventData;
import com.github.shyiko.mysql.binlog.event.XidEventData;
import io.cdcbridge.connectors.mysql.MysqlEndpoint;
import io.cdcbridge.connectors.mysql.MysqlTls;
import io.cdcbridge.connectors.mysql.binlog.BinlogPosition;
import io.cdcbridge.connectors.mysql.binlog.ExecutedGtidsTest;
import io.cdcbridge.connectors.mysql.binlog.FakeTaggedGtids;
import io.cdcbridge.connectors.mysql.binlog.PartialJsonUpdate;
import io.cdcbridge.connectors.mysql.values.MysqlColumn;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;
import org.junit.jupiter.api.Test;

/**
 * cdcbridge-mysql's decoder fed binlog events as MySQL 8 sends them: MySQL 8 cannot run on this machine (no Docker
 * engine, no MySQL server package, no MySQL binaries on Maven Central), so these are the binlog client's own event
 * objects built as it decodes MySQL 8's stream (GTID events, compressed transactions, binary JSON, JSON diffs, XA), with
 * the cells in the forms cdcbridge-mysql's deserializer gives them. MariaDB's stream is tested on a real server (MysqlSourceTest).
 */
class ChangeDecoderMysql8Test {

    static final String A = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
    static final String B = "c6a5e8a2-5d3c-11ef-8f5d-0242ac120002";
    static final long TABLE_ID = 91;

    // {"a":[1,"x",true,null]} in MySQL's binary JSON: a small object whose one key holds a small array
    static final byte[] BINARY_JSON = {
            0x00, 0x01, 0x00, 0x1e, 0x00, 0x0b, 0x00, 0x01, 0x00, 0x02, 0x0c, 0x00, 'a',
            0x04, 0x00, 0x12, 0x00, 0x05, 0x01, 0x00, 0x0c, 0x10, 0x00, 0x04, 0x01, 0x00, 0x04, 0x00, 0x00, 0x01, 'x'};

    final List<String> out = new ArrayList<>();

    @Test
    void eachCommitAddsItsTransactionsGtidToTheExecutedSetThePositionHolds() {
        ChangeDecoder decoder = decoder(new BinlogSplit(new BinlogPosition("binlog.000003", 1200, A + ":1-10"), 0));
        feed(decoder, gtid(A, 11), begin(), tableMap(), write(row(1, "one", BINARY_JSON)), xid(1500));
        // a DDL: no BEGIN, no XID, its query is its end
        feed(decoder, gtid(B, 1), query("ALTER TABLE other ADD COLUMN c INT", 1700));
        feed(decoder, gtid(A, 13), begin(), tableMap(), write(row(2, "two", new byte[0])), xid(2000));
        assertThat(out).containsExactly(
                "+I[1, one, {\"a\":[1,\"x\",true,null]}] at binlog binlog.000003 position 1200 GTID set " + A + ":1-10",
                "commit at binlog binlog.000003 position 1500 GTID set " + A + ":1-11",
                "commit at binlog binlog.000003 position 1700 GTID set " + A + ":1-11," + B + ":1",
                // MySQL writes an empty JSON value for a NOT NULL column given none, and reads it as null
                "+I[2, two, null] at binlog binlog.000003 position 1700 GTID set " + A + ":1-11," + B + ":1",
                "commit at binlog binlog.000003 position 2000 GTID set " + A + ":1-11:13," + B + ":1");
    }

    @Test
    void aCompressedTransactionsRowsComeOutInOrderAndItCommitsWhereTheCompressedEventEnds() {
        ChangeDecoder decoder = decoder(new BinlogSplit(new BinlogPosition("binlog.000001", 400, A + ":1-4"), 0));
        // binlog_transaction_compression=ON: the GTID event, then one TRANSACTION_PAYLOAD holding the rest; MySQL
        // gives the events inside no positions of their own
        TransactionPayloadEventData payload = new TransactionPayloadEventData();
        payload.setUncompressedEvents(new ArrayList<>(List.of(begin(), tableMap(),
                write(row(1, "one", null), row(2, "two", null)),
                update(row(1, "one", null), row(1, "uno", null)), xid(0))));
        feed(decoder, gtid(A, 5), event(EventType.TRANSACTION_PAYLOAD, 950, payload));
        assertThat(out).containsExactly(
                "+I[1, one, NULL] at binlog binlog.000001 position 400 GTID set " + A + ":1-4",
                "+I[2, two, NULL] at binlog binlog.000001 position 400 GTID set " + A + ":1-4",
                "-U[1, one, NULL] at binlog binlog.000001 position 400 GTID set " + A + ":1-4",
                "+U[1, uno, NULL] at binlog binlog.000001 position 400 GTID set " + A + ":1-4",
                "commit at binlog binlog.000001 position 950 GTID set " + A + ":1-5");
    }

    @Test
    void aStreamReadByGtidSetStartsInAnotherFileAndStillSkipsTheRowsItsPositionSaysWereEmitted() {
        // restored in the middle of transaction A:8, whose first row was emitted: MySQL, asked by GTID set, starts
        // with a rotate to the file holding A:8, whatever file the position names
        ChangeDecoder decoder = decoder(new BinlogSplit(new BinlogPosition("binlog.000007", 900, A + ":1-7"), 1));
        feed(decoder, rotate("binlog.000005", 4), gtid(A, 8), begin(), tableMap(),
                write(row(1, "one", null), row(2, "two", null)), xid(3000));
        assertThat(out).containsExactly(
                "position at binlog binlog.000005 position 4 GTID set " + A + ":1-7 (1 emitted)",
                "+I[2, two, NULL] at binlog binlog.000005 position 4 GTID set " + A + ":1-7",
                "commit at binlog binlog.000005 position 3000 GTID set " + A + ":1-8");
    }

    /**
     * MySQL 8.4's tagged transactions, their GTID events decoded from the bytes MySQL writes (a fake: FakeTaggedGtids),
     * between untagged ones: every row once, and the executed set kept as MySQL prints gtid_executed, each server's
     * untagged intervals first, then its tags in order.
     */
    @Test
    void taggedAndUntaggedTransactionsComeOutWithTheExecutedSetInMysqlsFormTagsGroupedPerServer() {
        ChangeDecoder decoder = decoder(new BinlogSplit(new BinlogPosition("binlog.000002", 300, A + ":1-5:nightly:1-3"), 0));
        feed(decoder, gtid(A, 6), begin(), tableMap(), write(row(1, "one", null)), xid(600));
        feed(decoder, FakeTaggedGtids.decoded(A, "nightly", 4, 0), begin(), tableMap(), write(row(2, "two", null)), xid(900));
        feed(decoder, FakeTaggedGtids.decoded(B, "batch", 1, 0), begin(), tableMap(), write(row(3, "three", null)), xid(1200));
        feed(decoder, FakeTaggedGtids.decoded(A, "alpha", 7, 0), begin(), tableMap(), write(row(4, "four", null)), xid(1500));
        assertThat(out).containsExactly(
                "+I[1, one, NULL] at binlog binlog.000002 position 300 GTID set " + A + ":1-5:nightly:1-3",
                "commit at binlog binlog.000002 position 600 GTID set " + A + ":1-6:nightly:1-3",
                "+I[2, two, NULL] at binlog binlog.000002 position 600 GTID set " + A + ":1-6:nightly:1-3",
                "commit at binlog binlog.000002 position 900 GTID set " + A + ":1-6:nightly:1-4",
                "+I[3, three, NULL] at binlog binlog.000002 position 900 GTID set " + A + ":1-6:nightly:1-4",
                "commit at binlog binlog.000002 position 1200 GTID set " + A + ":1-6:nightly:1-4," + B + ":batch:1",
                "+I[4, four, NULL] at binlog binlog.000002 position 1200 GTID set " + A + ":1-6:nightly:1-4," + B + ":batch:1",
                "commit at binlog binlog.000002 position 1500 GTID set " + A + ":1-6:alpha:7:nightly:1-4," + B + ":batch:1");
    }

    /**
     * MySQL's XA transactions: XA START, the rows and XA END in a group an XA_PREPARE event ends, the outcome later as
     * a query of its own. The rows wait for the commit (never for a rollback), the position stays at the prepared
     * group's start meanwhile, and a restore there skips what was emitted since; a one-phase commit is an XA_PREPARE
     * saying so.
     */
    @Test
    void mysqlsXaTransactionsComeOutAtTheirCommitAndThePositionWaitsAtTheirPrepare() {
        Event[] committed = {gtid(A, 11), query("XA START X'7831',X'',1", 0), tableMap(), write(row(1, "xa", null)),
                query("XA END X'7831',X'',1", 0), xaPrepare("x1", false, 1300),
                gtid(A, 12), begin(), tableMap(), write(row(2, "plain", null)), xid(1500),
                gtid(A, 13), query("XA COMMIT X'7831',X'',1", 1600)};
        feed(decoder(new BinlogSplit(new BinlogPosition("binlog.000003", 1000, A + ":1-10"), 0)), committed);
        assertThat(out).containsExactly(
                "+I[2, plain, NULL] at binlog binlog.000003 position 1000 GTID set " + A + ":1-10",
                "+I[1, xa, NULL] at binlog binlog.000003 position 1000 GTID set " + A + ":1-10",
                "commit at binlog binlog.000003 position 1600 GTID set " + A + ":1-13");
        out.clear();
        // restored from the position the plain row was emitted at: only the XA transaction's row comes out
        ChangeDecoder restored = decoder(new BinlogSplit(new BinlogPosition("binlog.000003", 1000, A + ":1-10"), 1));
        feed(restored, committed);
        feed(restored, gtid(A, 14), query("XA START X'7832',X'',1", 0), tableMap(), write(row(3, "never", null)),
                query("XA END X'7832',X'',1", 0), xaPrepare("x2", false, 1900), gtid(A, 15), query("XA ROLLBACK X'7832',X'',1", 2000),
                gtid(A, 16), query("XA START X'6f6e65',X'',1", 0), tableMap(), write(row(4, "one", null)),
                query("XA END X'6f6e65',X'',1", 0), xaPrepare("one", true, 2300));
        assertThat(out).containsExactly(
                "+I[1, xa, NULL] at binlog binlog.000003 position 1000 GTID set " + A + ":1-10",
                "commit at binlog binlog.000003 position 1600 GTID set " + A + ":1-13",
                "commit at binlog binlog.000003 position 2000 GTID set " + A + ":1-15",
                "+I[4, one, NULL] at binlog binlog.000003 position 2000 GTID set " + A + ":1-15",
                "commit at binlog binlog.000003 position 2300 GTID set " + A + ":1-16");
    }

    @Test
    void anUpdateOfTheTableWrittenAsJsonDiffsStopsTheJobBeforeItAndOneOfAnotherTableIsPassedOver() {
        ChangeDecoder decoder = decoder(new BinlogSplit(new BinlogPosition("binlog.000004", 700, A + ":1-20"), 0));
        feed(decoder, gtid(A, 21), begin(), tableMap(),
                event(EventType.PARTIAL_UPDATE_ROWS_EVENT, 0, new PartialJsonUpdate(TABLE_ID + 1)));

        assertThatThrownBy(() -> feed(decoder, event(EventType.PARTIAL_UPDATE_ROWS_EVENT, 0, new PartialJsonUpdate(TABLE_ID))))
                .isInstanceOf(ChangeFailure.class)
                .hasMessage("cdcbridge-mysql: shop.items in 127.0.0.1:3306/shop has an update written as JSON diffs"
                        + " (binlog_row_value_options=PARTIAL_JSON) at binlog binlog.000004 position 700 GTID set " + A
                        + ":1-20, which cannot be read without the whole documents; the job stops before it. Set"
                        + " binlog_row_value_options = '' on the server and start the statement over from a new snapshot");
        assertThat(out).isEmpty();
    }

    @Property(tries = 200)
    void theExecutedSetIsTheStartingSetWithEveryCommittedGtid(@ForAll("transactions") List<Tuple.Tuple2<Integer, Long>> txs) {
        String[] servers = {A, B, "00000000-0000-0000-0000-00000000000c"};
        Map<String, TreeSet<Long>> expected = new TreeMap<>();
        expected.computeIfAbsent(A, k -> new TreeSet<>()).addAll(List.of(1L, 2L, 3L, 7L));
        ChangeDecoder decoder = decoder(new BinlogSplit(new BinlogPosition("binlog.000001", 4, A + ":1-3:7"), 0));
        List<MysqlRecord> records = new ArrayList<>();
        long position = 4;
        for (Tuple.Tuple2<Integer, Long> tx : txs) {
            String server = servers[tx.get1()];
            position += 100;
            for (Event e : List.of(gtid(server, tx.get2()), begin(), xid(position))) decoder.decode(e, records::add);
            expected.computeIfAbsent(server, k -> new TreeSet<>()).add(tx.get2());
            String gtid = records.get(records.size() - 1).position().gtid();
            assertThat(members(gtid)).isEqualTo(expected);
            assertThat(gtid).as("in MySQL's form").isEqualTo(canonical(gtid));
        }
    }

    @Provide
    Arbitrary<List<Tuple.Tuple2<Integer, Long>>> transactions() {
        return Arbitraries.integers().between(0, 2).flatMap(server -> Arbitraries.longs().between(1, 40)
                .map(n -> Tuple.of(server, n))).list().ofMaxSize(40);
    }

    // every transaction number of each server in a GTID set
    static Map<String, TreeSet<Long>> members(String gtidSet) {
        Map<String, TreeSet<Long>> out = new TreeMap<>();
        for (String part : gtidSet.split(",")) {
            String[] pieces = part.split(":");
            TreeSet<Long> numbers = out.computeIfAbsent(pieces[0], k -> new TreeSet<>());
            for (int i = 1; i < pieces.length; i++) {
                String[] range = pieces[i].split("-");
                long first = Long.parseLong(range[0]);
                long last = range.length > 1 ? Long.parseLong(range[1]) : first;
                for (long n = first; n <= last; n++) numbers.add(n);
            }
        }
        return out;
    }

    // the same set as MySQL writes it: servers by UUID, the fewest intervals, a lone transaction as its number
    static String canonical(String gtidSet) {
        TreeMap<String, TreeMap<String, TreeSet<Long>>> servers = new TreeMap<>();
        members(gtidSet).forEach((server, numbers) -> servers.put(server, new TreeMap<>(Map.of("", numbers))));
        return ExecutedGtidsTest.mysqlForm(servers);
    }

    ChangeDecoder decoder(BinlogSplit from) {
        RowType type = (RowType) DataTypes.ROW(DataTypes.FIELD("id", DataTypes.INT().notNull()),
                DataTypes.FIELD("name", DataTypes.STRING()), DataTypes.FIELD("doc", DataTypes.STRING())).getLogicalType();
        MysqlSourceConfig config = new MysqlSourceConfig(new MysqlEndpoint("127.0.0.1", 3306, "shop", "cdc", "secret", MysqlTls.DISABLED),
                "items", type, List.of("id"), null, 1000, 100, 5400, false, true, List.of());
        List<MysqlColumn> catalog = List.of(MysqlColumn.of("id", "int", "int(11)", null),
                MysqlColumn.of("name", "varchar", "varchar(20)", "utf8mb4"), MysqlColumn.of("doc", "json", "json", null));
        return new ChangeDecoder(config, catalog, from);
    }

    void feed(ChangeDecoder decoder, Event... events) {
        for (Event e : events) decoder.decode(e, r -> out.add(describe(r)));
    }

    static String describe(MysqlRecord r) {
        String at = "at " + r.position().describe();
        if (r.row() == null) return (r.emitted() > 0 ? "position " + at + " (" + r.emitted() + " emitted)" : "commit " + at);
        RowData row = r.row();
        return row.getRowKind().shortString() + "[" + row.getInt(0) + ", " + row.getString(1) + ", "
                + (row.isNullAt(2) ? "NULL" : row.getString(2).toString()) + "] " + at;
    }

    static Serializable[] row(int id, String name, byte[] json) {
        return new Serializable[] {id, name.getBytes(StandardCharsets.UTF_8), json};
    }

    static Event event(EventType type, long nextPosition, EventData data) {
        EventHeaderV4 header = new EventHeaderV4();
        header.setEventType(type);
        header.setTimestamp(1_765_000_000_000L);
        header.setServerId(1);
        header.setNextPosition(nextPosition);
        return new Event(header, data);
    }

    static Event gtid(String server, long transaction) {
        return event(EventType.GTID, 0, new GtidEventData(new MySqlGtid(UUID.fromString(server), transaction),
                GtidEventData.COMMIT_FLAG, 0, 0, 0, 0, 0, 80036, 80036));
    }

    static Event begin() {
        return query("BEGIN", 0);
    }

    static Event query(String sql, long nextPosition) {
        QueryEventData q = new QueryEventData();
        q.setSql(sql);
        q.setDatabase("shop");
        return event(EventType.QUERY, nextPosition, q);
    }

    static Event tableMap() {
        TableMapEventData map = new TableMapEventData();
        map.setTableId(TABLE_ID);
        map.setDatabase("shop");
        map.setTable("items");
        map.setColumnTypes(new byte[] {3, 15, (byte) 245}); // INT, VARCHAR, JSON
        map.setColumnMetadata(new int[] {0, 80, 4});
        return event(EventType.TABLE_MAP, 0, map);
    }

    static Event write(Serializable[]... rows) {
        WriteRowsEventData w = new WriteRowsEventData();
        w.setTableId(TABLE_ID);
        w.setRows(List.of(rows));
        return event(EventType.EXT_WRITE_ROWS, 0, w);
    }

    static Event update(Serializable[] before, Serializable[] after) {
        UpdateRowsEventData u = new UpdateRowsEventData();
        u.setTableId(TABLE_ID);
        List<Map.Entry<Serializable[], Serializable[]>> rows = List.of(new AbstractMap.SimpleEntry<>(before, after));
        u.setRows(rows);
        return event(EventType.EXT_UPDATE_ROWS, 0, u);
    }

    static Event xid(long nextPosition) {
        XidEventData x = new XidEventData();
        x.setXid(nextPosition);
        return event(EventType.XID, nextPosition, x);
    }

    // an XA_PREPARE of XID X'gtrid',X'',1
    static Event xaPrepare(String gtrid, boolean onePhase, long nextPosition) {
        XAPrepareEventData x = new XAPrepareEventData();
        x.setOnePhase(onePhase);
        x.setFormatID(1);
        x.setGtridLength(gtrid.length());
        x.setBqualLength(0);
        x.setData(gtrid.getBytes(StandardCharsets.US_ASCII));
        return event(EventType.XA_PREPARE, nextPosition, x);
    }

    static Event rotate(String file, long position) {
        RotateEventData r = new RotateEventData();
        r.setBinlogFilename(file);
        r.setBinlogPosition(position);
        return event(EventType.ROTATE, 0, r);
    }
}
