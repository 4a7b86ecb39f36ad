package io.cdcbridge.connectors.mysql.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcbridge.connectors.mysql.binlog.BinlogPosition;
import io.cdcbridge.connectors.source.CheckpointFormatContract;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * cdcbridge-mysql's checkpoint format: splits and enumerator states kept as bytes by earlier code read as what was
 * written (a savepoint restores across versions), and any split or state comes back equal from its bytes.
 */
class MysqlCheckpointFormatTest extends CheckpointFormatContract<MysqlSplit, MysqlEnumeratorState> {

    private static final BinlogPosition MARIADB = new BinlogPosition("mariadb-bin.000003", 1_234_567, "0-1-42,1-2-7");
    private static final BinlogPosition MYSQL = new BinlogPosition("binlog.000042", 4_711,
            "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5,4f22fb58-82db-22f2-af44-d91bba53a673:1-3:7-9");

    MysqlCheckpointFormatTest() {
        super(MysqlCheckpointFormat.INSTANCE.splits(), MysqlCheckpointFormat.INSTANCE.states());
    }

    @Test
    void splitsKeptByVersion1ReadAsWritten() throws Exception {
        Map<String, MysqlSplit> samples = new LinkedHashMap<>();
        samples.put("chunk-bounded", new ChunkSplit(3, 150_000L, 200_000L));
        samples.put("chunk-first", new ChunkSplit(0, null, 50_000L));
        samples.put("chunk-last", new ChunkSplit(7, -5L, null));
        samples.put("chunk-whole-table", new ChunkSplit(0, null, null));
        samples.put("binlog-mariadb", new BinlogSplit(MARIADB, 0));
        samples.put("binlog-mysql-gtid-set", new BinlogSplit(MYSQL, 17));
        samples.put("binlog-mysql-no-gtids", new BinlogSplit(new BinlogPosition("binlog.000001", 4, ""), 0));
        samples.put("binlog-gtid-unknown", new BinlogSplit(new BinlogPosition("binlog.000001", 330, null), 2));
        samples.put("binlog-gtid-set-past-64k", new BinlogSplit(new BinlogPosition("binlog.000099", Long.MAX_VALUE, largeGtidSet()),
                Long.MAX_VALUE));
        samples.put("finished-none", new FinishedChunks(List.of()));
        samples.put("finished", new FinishedChunks(List.of("chunk #0", "chunk #2")));
        assertRead(splitSerializer, "cdcbridge-mysql/split", 1, samples);
    }

    @Test
    void enumeratorStatesKeptByVersion1ReadAsWritten() throws Exception {
        List<ChunkSplit> chunks = List.of(new ChunkSplit(0, null, 10L), new ChunkSplit(1, 10L, 20L), new ChunkSplit(2, 20L, null));
        Map<String, MysqlEnumeratorState> samples = new LinkedHashMap<>();
        samples.put("fresh", new MysqlEnumeratorState(MARIADB, chunks, Set.of(), false));
        samples.put("snapshot-under-way", new MysqlEnumeratorState(MYSQL, chunks.subList(2, 3), Set.of("chunk #1"), false));
        samples.put("snapshot-under-way-two-out", new MysqlEnumeratorState(MYSQL, List.of(), Set.of("chunk #0", "chunk #2"), false));
        samples.put("streaming", new MysqlEnumeratorState(new BinlogPosition("binlog.000001", 4, null), List.of(), Set.of(), true));
        samples.put("no-start", new MysqlEnumeratorState(null, List.of(new ChunkSplit(0, null, null)), Set.of(), false));
        assertRead(stateSerializer, "cdcbridge-mysql/enumerator-state", 1, samples);
    }

    @Test
    void aGtidSetOfThousandsOfServersOutgrowingWriteUtfsLimitComesBackWhole() throws Exception {
        StringJoiner set = new StringJoiner(",");
        for (int i = 0; i < 3_000; i++) set.add(new UUID(i, i) + ":1-" + (1_000_000 + i) + ":1000005-1000009");
        BinlogSplit split = new BinlogSplit(new BinlogPosition("binlog.000042", 4_711, set.toString()), 17);
        assertThat(set.length()).isGreaterThan(65_535);

        assertThat(splitSerializer.deserialize(splitSerializer.getVersion(), splitSerializer.serialize(split))).isEqualTo(split);
    }

    @Test
    void aShortSetIsWrittenAsTheFirstVersionWroteIt() throws Exception {
        BinlogSplit mariaDb = new BinlogSplit(new BinlogPosition("binlog.000001", 330, "0-1-42"), 0);
        // as the first version wrote it: tag, file, position, a boolean and the GTID in writeUTF's form, rows emitted
        DataOutputSerializer before = new DataOutputSerializer(64);
        before.writeByte(2);
        before.writeUTF("binlog.000001");
        before.writeLong(330);
        before.writeBoolean(true);
        before.writeUTF("0-1-42");
        before.writeLong(0);
        assertThat(splitSerializer.serialize(mariaDb)).isEqualTo(before.getCopyOfBuffer());
    }

    @Override
    protected Arbitrary<MysqlSplit> splits() {
        Arbitrary<BinlogSplit> binlog = Combinators.combine(positions(), Arbitraries.longs().greaterOrEqual(0)).as(BinlogSplit::new);
        Arbitrary<FinishedChunks> finished = names().list().ofMaxSize(5).map(FinishedChunks::new);
        return Arbitraries.oneOf(chunks(), binlog, finished);
    }

    @Override
    protected Arbitrary<MysqlEnumeratorState> states() {
        return Combinators.combine(positions().injectNull(0.2), chunks().list().ofMaxSize(5), names().set().ofMaxSize(4),
                Arbitraries.of(true, false)).as(MysqlEnumeratorState::new);
    }

    private static Arbitrary<ChunkSplit> chunks() {
        return Combinators.combine(Arbitraries.integers().greaterOrEqual(0), bounds(), bounds()).as(ChunkSplit::new);
    }

    // GTID positions of every form: none, MariaDB's, MySQL's sets short and past writeUTF's 64 KiB, other text (whole
    // characters: a GTID position is ASCII, and past 64 KiB it is kept as UTF-8)
    private static Arbitrary<BinlogPosition> positions() {
        Arbitrary<String> gtid = Arbitraries.oneOf(Arbitraries.just(null), Arbitraries.just(""), names(),
                Arbitraries.just(MYSQL.gtid()), Arbitraries.strings().withCharRange('\u0000', '\uD7FF').ofMinLength(21_000)
                        .ofMaxLength(23_000), Arbitraries.just(largeGtidSet()));
        return Combinators.combine(names(), Arbitraries.longs(), gtid).as(BinlogPosition::new);
    }

    // a MySQL GTID set of servers enough that writeUTF cannot take it
    private static String largeGtidSet() {
        StringJoiner set = new StringJoiner(",");
        for (int i = 0; i < 400; i++) set.add(new UUID(i, i) + ":1-" + (1_000_000 + i) + ":1000005-1000009");
        return set.toString();
    }
}
