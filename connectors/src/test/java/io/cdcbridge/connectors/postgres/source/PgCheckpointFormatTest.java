package io.cdcbridge.connectors.postgres.source;

import io.cdcbridge.connectors.source.CheckpointFormatContract;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.junit.jupiter.api.Test;

/**
 * cdcbridge-postgres's checkpoint format: splits and enumerator states kept as bytes by earlier code read as what was
 * written (a savepoint restores across versions), and any split or state comes back equal from its bytes.
 */
class PgCheckpointFormatTest extends CheckpointFormatContract<PgSplit, PgEnumeratorState> {

    PgCheckpointFormatTest() {
        super(PgCheckpointFormat.INSTANCE.splits(), PgCheckpointFormat.INSTANCE.states());
    }

    @Test
    void splitsKeptByVersion4ReadAsWritten() throws Exception {
        Map<String, PgSplit> samples = new LinkedHashMap<>();
        samples.put("snapshot-bounded", new SnapshotSplit("shop.public.orders", 3, 150_000L, 200_000L));
        samples.put("snapshot-first", new SnapshotSplit("shop.public.orders", 0, null, 50_000L));
        samples.put("snapshot-last", new SnapshotSplit("My Schema.Order Lines ünï", 7, -5L, null));
        samples.put("snapshot-whole-table", new SnapshotSplit("t", 0, null, null));
        samples.put("snapshot-one-table-version", new SnapshotSplit("", 2, Long.MIN_VALUE, Long.MAX_VALUE));
        samples.put("stream-columns-not-seen", new StreamSplit(0x16B3748L, 0));
        samples.put("stream-tables-known", StreamSplit.of(0x1_0000_0A00L, List.of("orders", "customers")));
        samples.put("stream-with-columns", new StreamSplit(0xFFFF_FFFF_0000_0001L, 17, Map.of(
                "orders", List.of(new SourceColumn("id", 23, -1, 1), new SourceColumn("total", 1700, 655366, 3)),
                "Order Lines ünï", List.of(new SourceColumn("a b", 25, -1, 2)),
                StreamSplit.ONE_TABLE, List.of(new SourceColumn("n", 20, -1)))));
        samples.put("finished-none", new FinishedSnapshotSplits(List.of()));
        samples.put("finished", new FinishedSnapshotSplits(List.of("snapshot orders #0", "snapshot orders #2", "snapshot-1")));
        assertRead(splitSerializer, "cdcbridge-postgres/split", 4, samples);
    }

    @Test
    void enumeratorStatesKeptByVersion2ReadAsWritten() throws Exception {
        List<SnapshotSplit> splits = List.of(new SnapshotSplit("orders", 0, null, 10L), new SnapshotSplit("orders", 1, 10L, null),
                new SnapshotSplit("customers", 0, null, null));
        Map<String, PgEnumeratorState> samples = new LinkedHashMap<>();
        samples.put("fresh", new PgEnumeratorState(0x16B3748L, splits, Set.of(), false, List.of("orders", "customers")));
        samples.put("snapshot-under-way", new PgEnumeratorState(0x16B3748L, splits.subList(2, 3), Set.of("snapshot orders #1"),
                false, List.of("orders", "customers")));
        samples.put("snapshot-under-way-two-out", new PgEnumeratorState(42, List.of(), Set.of("snapshot orders #0",
                "snapshot customers #0"), false, List.of("orders", "customers")));
        samples.put("streaming", new PgEnumeratorState(0xFFFF_FFFF_0000_0001L, List.of(), Set.of(), true, List.of("orders")));
        samples.put("one-table-version", new PgEnumeratorState(7, List.of(new SnapshotSplit("", 0, null, null)), Set.of(),
                false, List.of()));
        assertRead(stateSerializer, "cdcbridge-postgres/enumerator-state", 2, samples);
    }

    // earlier versions' bytes, written by the code of their version (see connectors/README.md): one table's splits
    @Test
    void splitsKeptByVersions1To3ReadAsTheirsNow() throws Exception {
        String one = StreamSplit.ONE_TABLE;
        FinishedSnapshotSplits finished = new FinishedSnapshotSplits(List.of("snapshot-0", "snapshot-2"));
        SnapshotSplit bounded = new SnapshotSplit(one, 3, 150_000L, 200_000L);
        assertRead(splitSerializer, "cdcbridge-postgres/split", 1, Map.of("snapshot-bounded", bounded,
                "snapshot-first", new SnapshotSplit(one, 0, null, 50_000L), "snapshot-whole-table", new SnapshotSplit(one, 0, null, null),
                "stream", new StreamSplit(0x16B3748L, 5), "finished", finished));
        for (int version = 2; version <= 3; version++) {
            List<SourceColumn> columns = List.of(new SourceColumn("id", 23, -1, version == 3 ? 1 : 0),
                    new SourceColumn("a b ünï", 1700, 655366, version == 3 ? 4 : 0));
            assertRead(splitSerializer, "cdcbridge-postgres/split", version, Map.of("snapshot-bounded", bounded,
                    "stream-columns-not-seen", new StreamSplit(0x16B3748L, 0, Map.of(one, List.of())),
                    "stream-with-columns", new StreamSplit(0x16B3748L, 17, Map.of(one, columns)), "finished", finished));
        }
    }

    @Test
    void enumeratorStatesKeptByVersion1ReadAsTheirsNow() throws Exception {
        String one = StreamSplit.ONE_TABLE;
        List<SnapshotSplit> splits = List.of(new SnapshotSplit(one, 0, null, 10L), new SnapshotSplit(one, 1, 10L, 20L),
                new SnapshotSplit(one, 2, 20L, null));
        assertRead(stateSerializer, "cdcbridge-postgres/enumerator-state", 1, Map.of(
                "fresh", new PgEnumeratorState(0x16B3748L, splits, Set.of(), false, List.of()),
                "snapshot-under-way", new PgEnumeratorState(0x16B3748L, splits.subList(2, 3), Set.of("snapshot-1"), false, List.of()),
                "streaming", new PgEnumeratorState(0x16B3748L, List.of(), Set.of(), true, List.of())));
    }

    @Override
    protected Arbitrary<PgSplit> splits() {
        Arbitrary<StreamSplit> stream = Combinators.combine(Arbitraries.longs(), Arbitraries.longs().greaterOrEqual(0),
                Arbitraries.maps(names(), columns().list().ofMaxSize(4)).ofMaxSize(3)).as(StreamSplit::new);
        Arbitrary<FinishedSnapshotSplits> finished = names().list().ofMaxSize(5).map(FinishedSnapshotSplits::new);
        return Arbitraries.oneOf(snapshotSplits(), stream, finished);
    }

    @Override
    protected Arbitrary<PgEnumeratorState> states() {
        return Combinators.combine(Arbitraries.longs(), snapshotSplits().list().ofMaxSize(5), names().set().ofMaxSize(4),
                Arbitraries.of(true, false), names().list().ofMaxSize(3)).as(PgEnumeratorState::new);
    }

    private static Arbitrary<SnapshotSplit> snapshotSplits() {
        return Combinators.combine(names(), Arbitraries.integers().greaterOrEqual(0), bounds(), bounds()).as(SnapshotSplit::new);
    }

    private static Arbitrary<SourceColumn> columns() {
        return Combinators.combine(names(), Arbitraries.integers(), Arbitraries.integers(), Arbitraries.integers())
                .as(SourceColumn::new);
    }
}
