package io.cdcbridge.connectors.postgres.source;

import io.cdcbridge.connectors.source.SnapshotSplitsFinished;
import static org.assertj.core.api.Assertions.assertThat;

import io.cdcbridge.connectors.postgres.PostgresEndpoint;
import io.cdcbridge.connectors.postgres.PostgresSourceOptions;
import io.cdcbridge.connectors.postgres.PostgresTable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.groups.SplitEnumeratorMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.types.logical.RowType;
import org.junit.jupiter.api.Test;

/**
 * PgEnumerator across a savepoint taken during the snapshot, in Flink's order: the enumerator's checkpoint first, then
 * the barrier at the readers; assignments sent before the enumerator's checkpoint reach the readers before their
 * barrier, those sent after it never do (the job stops); readers' reports and requests reach the enumerator in any
 * delay, also after its checkpoint. A second job restores both. Every split must be read by one of the two jobs before
 * the stream split is handed out, and the stream must come.
 */
class PgEnumeratorCheckpointTest {

    private static final int SPLITS = 12;
    private static final int READERS = 2;

    @Test
    void noSplitIsLostAcrossASavepointTakenAtAnyPointOfTheSnapshot() throws Exception {
        for (long seed = 0; seed < 2000; seed++) {
            run(seed);
        }
    }

    private static void run(long seed) throws Exception {
        Random random = new Random(seed);
        List<SnapshotSplit> splits = new ArrayList<>();
        for (int i = 0; i < SPLITS; i++) {
            splits.add(new SnapshotSplit("t", i, i == 0 ? null : i * 10L, i == SPLITS - 1 ? null : (i + 1) * 10L));
        }
        Set<String> read = new LinkedHashSet<>();

        // the first job, as a fresh enumerator's start() leaves it (pending splits, the stream's start)
        Job first = new Job(new PgEnumeratorState(42, splits, Set.of(), false, List.of("t")));
        first.startReaders(Map.of());
        int steps = random.nextInt(4 * SPLITS);
        for (int i = 0; i < steps && first.step(random, read, true); i++) { }
        // the enumerator's checkpoint; what it sent before reaches the readers before their barrier
        byte[] checkpoint = PgCheckpointFormat.INSTANCE.states().serialize(first.enumerator.snapshotState(1));
        first.deliverAssignments();
        first.context().hold = true;
        int between = random.nextInt(SPLITS);
        for (int i = 0; i < between && first.step(random, read, false); i++) { }
        // the barrier: each reader's splits not read to the end and the note of those it finished
        Map<Integer, List<PgSplit>> readerStates = first.readerStates();

        SimpleVersionedSerializer<PgEnumeratorState> serializer = PgCheckpointFormat.INSTANCE.states();
        Job second = new Job(serializer.deserialize(serializer.getVersion(), checkpoint));
        second.startReaders(readerStates);
        for (int i = 0; i < 100_000 && second.streamAt < 0; i++) {
            if (!second.step(random, read, true)) break;
        }
        assertThat(second.streamAt).as("seed %d: the stream split is handed out", seed).isGreaterThanOrEqualTo(0);
        assertThat(second.readWhenStreamStarted).as("seed %d: splits read before the stream", seed)
                .containsExactlyInAnyOrderElementsOf(splits.stream().map(SnapshotSplit::splitId).toList());
    }

    private static SourceConfig config() {
        PostgresTable table = new PostgresTable(new PostgresEndpoint("localhost", 5432, "db", "u", "p"), "public", "big",
                List.of("id"), List.of("id"));
        RowType physical = (RowType) DataTypes.ROW(DataTypes.FIELD("id", DataTypes.INT().notNull())).getLogicalType();
        return new SourceConfig(table, "slot", "pub", true, 10, "id", false, physical, List.of(),
                new SchemaChangePolicy(PostgresSourceOptions.SchemaChangeBehavior.FAIL, "t", null), false);
    }

    /** One job: its enumerator, its readers' splits and finished notes, and the messages between them in flight. */
    private static final class Job {
        final Context context = new Context();
        final PgEnumerator enumerator;
        final Map<Integer, Deque<PgSplit>> held = new TreeMap<>();
        final Map<Integer, Set<String>> finished = new TreeMap<>();
        // per reader, in order: reports (their ids) and split requests (no ids) on their way to the enumerator
        final Map<Integer, Deque<List<String>>> toEnumerator = new TreeMap<>();
        int streamAt = -1;
        Set<String> readWhenStreamStarted;

        Job(PgEnumeratorState state) {
            this.enumerator = new PgEnumerator(SlotTables.of(config()), context, state);
        }

        Context context() {
            return context;
        }

        void startReaders(Map<Integer, List<PgSplit>> states) {
            for (int r = 0; r < READERS; r++) {
                held.put(r, new ArrayDeque<>());
                finished.put(r, new LinkedHashSet<>());
                toEnumerator.put(r, new ArrayDeque<>());
            }
            // as PgSourceReader: restored splits added, registered, then start() reports and asks
            for (int r = 0; r < READERS; r++) {
                for (PgSplit split : states.getOrDefault(r, List.of())) {
                    if (split instanceof FinishedSnapshotSplits f) finished.get(r).addAll(f.ids());
                    else held.get(r).add(split);
                }
                context().readers.put(r, new ReaderInfo(r, "localhost"));
                enumerator.addReader(r);
                if (!finished.get(r).isEmpty()) toEnumerator.get(r).add(List.copyOf(finished.get(r)));
                if (held.get(r).isEmpty()) toEnumerator.get(r).add(List.of());
            }
        }

        /** One thing happens at random: a message reaches the enumerator, an assignment a reader, a reader reads a split. */
        boolean step(Random random, Set<String> read, boolean deliver) {
            List<Runnable> options = new ArrayList<>();
            for (int r = 0; r < READERS; r++) {
                int reader = r;
                if (!toEnumerator.get(r).isEmpty()) options.add(() -> {
                    List<String> report = toEnumerator.get(reader).poll();
                    if (report.isEmpty()) enumerator.handleSplitRequest(reader, "localhost");
                    else enumerator.handleSourceEvent(reader, new SnapshotSplitsFinished(report));
                });
                if (deliver && !context().outbox.getOrDefault(r, List.of()).isEmpty()) options.add(() -> deliver(reader));
                if (!held.get(r).isEmpty()) options.add(() -> read(reader, read));
            }
            if (options.isEmpty()) return false;
            options.get(random.nextInt(options.size())).run();
            return true;
        }

        void deliverAssignments() {
            for (int r = 0; r < READERS; r++) deliver(r);
        }

        private void deliver(int reader) {
            List<PgSplit> sent = context().outbox.remove(reader);
            if (sent != null) held.get(reader).addAll(sent);
        }

        // the reader reads its next split to the end, emits its rows, reports it and asks for more
        private void read(int reader, Set<String> read) {
            PgSplit split = held.get(reader).poll();
            if (split instanceof StreamSplit) {
                if (streamAt < 0) {
                    streamAt = reader;
                    readWhenStreamStarted = new LinkedHashSet<>(read);
                }
                held.get(reader).add(split);
                return;
            }
            String id = split.splitId();
            read.add(id);
            finished.get(reader).add(id);
            toEnumerator.get(reader).add(List.of(id));
            toEnumerator.get(reader).add(List.of());
        }

        Map<Integer, List<PgSplit>> readerStates() {
            Map<Integer, List<PgSplit>> states = new HashMap<>();
            for (int r = 0; r < READERS; r++) {
                List<PgSplit> state = new ArrayList<>(held.get(r));
                if (!finished.get(r).isEmpty()) state.add(new FinishedSnapshotSplits(List.copyOf(finished.get(r))));
                states.put(r, state);
            }
            return states;
        }
    }

    /** The enumerator's side of Flink: registered readers and the assignments sent to each, not yet delivered. */
    private static final class Context implements SplitEnumeratorContext<PgSplit> {
        final Map<Integer, ReaderInfo> readers = new TreeMap<>();
        final Map<Integer, List<PgSplit>> outbox = new HashMap<>();
        // after the enumerator's checkpoint: what it sends does not reach the readers before the job stops
        boolean hold;

        @Override
        public SplitEnumeratorMetricGroup metricGroup() {
            return UnregisteredMetricsGroup.createSplitEnumeratorMetricGroup();
        }

        @Override
        public void sendEventToSourceReader(int subtaskId, SourceEvent event) { }

        @Override
        public int currentParallelism() {
            return READERS;
        }

        @Override
        public Map<Integer, ReaderInfo> registeredReaders() {
            return readers;
        }

        @Override
        public void assignSplits(SplitsAssignment<PgSplit> assignment) {
            if (hold) return;
            assignment.assignment().forEach((r, s) -> outbox.computeIfAbsent(r, k -> new ArrayList<>()).addAll(s));
        }

        @Override
        public void signalNoMoreSplits(int subtask) { }

        @Override
        public <T> void callAsync(Callable<T> callable, BiConsumer<T, Throwable> handler) { }

        @Override
        public <T> void callAsync(Callable<T> callable, BiConsumer<T, Throwable> handler, long initialDelay, long period) { }

        @Override
        public void runInCoordinatorThread(Runnable runnable) {
            runnable.run();
        }
    }
}
