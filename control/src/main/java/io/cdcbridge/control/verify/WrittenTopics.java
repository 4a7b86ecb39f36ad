package io.cdcbridge.control.verify;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcbridge.control.engine.Engine;
import io.cdcbridge.control.engine.EngineException;
import io.cdcbridge.control.engine.SourcePosition;
import io.cdcbridge.control.engine.StatementJob;
import io.cdcbridge.control.engine.TableShape;
import io.cdcbridge.control.engine.TopicRecord;
import io.cdcbridge.control.spill.SortedSpill;
import io.cdcbridge.control.spill.SpillDir;
import io.cdcbridge.control.spill.SpillSpace;
import io.cdcbridge.control.statement.OutputRange;
import io.cdcbridge.control.statement.Phase;
import io.cdcbridge.control.statement.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * Verification of a statement that reads topics a producer fills and writes topics: what it wrote to each topic (its
 * {@link OutputRange}) compared with what its own query gives when run again, bounded, over the input it read. The
 * query runs as one bounded job of the engine writing scratch topics through the statement's own sinks (same format,
 * same serialization), so the two are compared record by record as written: a keyed topic (upsert-kafka) by its latest
 * value per key in each, an append-only topic (kafka) as multisets of records. A difference is named by its key (an
 * append-only record by its fields) and, for a keyed one, the columns that differ. Repair writes the expected value
 * (or a tombstone) of each differing key to a keyed topic; an append-only topic cannot be repaired (a log takes no
 * removal), and nothing is written.
 *
 * <p>Where its input ends: for a stopped statement, its latest offsets; for a running one, its topics' ends when the
 * verification starts (the statement's own range then ends once it has read them). A statement that started in place
 * from a predecessor's savepoint carries that state: its query runs from its sources' start (as its lineage's first
 * statement read them) and only the keys it wrote are compared. A stopped statement whose state a successor carried on
 * in place is not missing the keys written after it stopped (they were held in its state). Records another statement
 * wrote to the topic while both ran (a reprocess beside its predecessor) may be either's: they are no extra of either.
 *
 * <p>No side is held in memory: each is read into a {@link SortedSpill} (sorted runs on disk beyond the server's
 * verify memory, in a folder of its own under the workspace's temporary folder, removed afterwards, also on a failure)
 * and compared in one merge pass ({@link TopicDiff}); so are the repairs, written and read again from disk.
 */
final class WrittenTopics {

    private static final String SCRATCH = "cdcbridge_verify_";
    private static final String REPAIRS = "repairs";
    // as the verify module's reports: rows in the summary (the JSON lists TopicDiff.LISTED)
    private static final int SHOWN = 50;
    private static final String IN_PLACE = "in-place";
    // an in-place start that did not carry v1's state (see InPlace)
    private static final List<String> STATELESS_STARTS = List.of("the start of its sources", "v1's offsets");

    private final Engine engine;
    private final Statement statement;
    private final StatementJob job;
    private final List<Statement> others;
    private final List<TableShape> sinks;
    private final List<TableShape> sources;
    private final SpillSpace space;

    WrittenTopics(Engine engine, Statement statement, StatementJob job, List<Statement> others, List<TableShape> sinks,
                  List<TableShape> sources, SpillSpace space) {
        this.space = space;
        this.engine = engine;
        this.statement = statement;
        this.job = job;
        this.others = others;
        this.sinks = sinks;
        this.sources = sources;
    }

    static boolean keyed(TableShape sink) {
        return "upsert-kafka".equals(sink.connector());
    }

    /**
     * The report (one per topic, combined for several); {@code caughtUp} waits until a running statement has read its
     * sources' ends. A running statement that differs is compared once more, afresh, after it has caught up.
     */
    Map<String, Object> verify(boolean repair, Runnable caughtUp) throws EngineException {
        if (repair) {
            List<String> logs = sinks.stream().filter(s -> !keyed(s)).map(s -> "'" + s.options().get("topic") + "'").toList();
            if (!logs.isEmpty()) {
                throw new IllegalArgumentException("statement '" + statement.name() + "' appends to topic " + String.join(", ", logs)
                        + " (kafka, no key): --repair cannot take a duplicate or a missing record back out of a log, so it changes"
                        + " nothing; verify without --repair lists what differs");
            }
        }
        boolean running = statement.status().phase() == Phase.RUNNING;
        try (SpillDir dir = space.folder()) {
            List<Map<String, Object>> reports = compare(running, caughtUp, dir, repair);
            if (running && reports.stream().anyMatch(r -> !Boolean.TRUE.equals(r.get("equal")))) {
                reports.forEach(r -> closeRepairs(r.remove(REPAIRS)));
                reports = compare(true, caughtUp, dir, repair);
            }
            for (int i = 0; i < reports.size(); i++) {
                Object repairs = reports.get(i).remove(REPAIRS);
                try {
                    if (repairs instanceof Repairs r) reports.set(i, repaired(sinks.get(i), reports.get(i), r, dir));
                } finally {
                    closeRepairs(repairs);
                }
            }
            if (reports.size() == 1) return reports.get(0);
            return TableReports.combine(sinks.stream().map(s -> List.of(s.name())).toList(), reports);
        }
    }

    // a keyed topic's differing keys with what each should hold (a null value: a tombstone), sorted by key on disk
    private record Repairs(SortedSpill<TopicRecord> records, long upserts, long deletes) {}

    private static void closeRepairs(Object repairs) {
        if (repairs instanceof Repairs r) r.records().close();
    }

    private List<Map<String, Object>> compare(boolean running, Runnable caughtUp, SpillDir dir, boolean repair) throws EngineException {
        // the input read: up to where a stopped statement stopped, else the topics' ends now
        Map<String, Map<Integer, Long>> inputEnds = new LinkedHashMap<>();
        // stopped without a savepoint or failed: its offsets are its last checkpoint's, and what it read after it (up
        // to its topics' ends then) it may have written from too (an exactly-once sink's transactions since aborted)
        Map<String, Map<Integer, Long>> mayHaveRead = new LinkedHashMap<>();
        boolean acknowledged = true;
        if (!running) {
            inputEnds.putAll(BoundedScript.stoppedAt(statement));
            mayHaveRead.putAll(inputEnds);
            mayHaveRead.putAll(BoundedScript.mayHaveRead(statement));
            // stopped before its first checkpoint: its sources acknowledged nothing, so nothing is owed to a checkpoint
            // (the query to its latest offsets would read to the topics' ends now)
            acknowledged = !inputEnds.isEmpty() || mayHaveRead.isEmpty();
            if (mayHaveRead.equals(inputEnds) || sinks.stream().allMatch(WrittenTopics::exactlyOnce)) mayHaveRead.clear();
        } else {
            for (TableShape t : sources) inputEnds.put(t.name(), engine.topicEnds(t.options()));
            caughtUp.run();
        }
        List<String> scratch = acknowledged ? scratchTopics() : null, later = mayHaveRead.isEmpty() ? null : scratchTopics();
        try {
            if (scratch != null) {
                prepare(scratch);
                runQuery(inputEnds, scratch, "verify expected " + statement.name());
            }
            if (later != null) {
                prepare(later);
                runQuery(mayHaveRead, later, "verify expected " + statement.name() + " to its stop");
            }
            List<Map<String, Object>> out = new ArrayList<>();
            for (int i = 0; i < sinks.size(); i++) {
                // an exactly-once sink's records after the checkpoint were aborted: compared to the checkpoint alone
                String toStop = later == null || exactlyOnce(sinks.get(i)) ? null : later.get(i);
                out.add(compare(sinks.get(i), scratch == null ? null : scratch.get(i), toStop, running, dir, repair));
            }
            return out;
        } finally {
            if (scratch != null) drop(scratch);
            if (later != null) drop(later);
        }
    }

    /** Whether a sink writes in Kafka transactions: a read_committed reader sees nothing it wrote after its last checkpoint. */
    static boolean exactlyOnce(TableShape sink) {
        return "exactly-once".equals(sink.options().get("sink.delivery-guarantee"));
    }

    private List<String> scratchTopics() {
        List<String> out = new ArrayList<>();
        for (TableShape ignored : sinks) out.add(SCRATCH + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
        return out;
    }

    private void prepare(List<String> scratch) throws EngineException {
        for (int i = 0; i < sinks.size(); i++) engine.prepareStorage(scratch.get(i), scratchTable(sinks.get(i), scratch.get(i)), OptionalInt.empty(), true);
    }

    private void drop(List<String> scratch) throws EngineException {
        for (int i = 0; i < sinks.size(); i++) engine.dropStorage(scratch.get(i), scratchTable(sinks.get(i), scratch.get(i)));
    }

    // the statement's query as a bounded job: each Kafka source read to its end above, each sink writing a scratch topic
    private void runQuery(Map<String, Map<Integer, Long>> inputEnds, List<String> scratch, String name) throws EngineException {
        List<BoundedScript.Redirect> redirects = new ArrayList<>();
        for (int i = 0; i < sinks.size(); i++) redirects.add(new BoundedScript.Redirect(sinks.get(i), Map.of("topic", scratch.get(i))));
        new BoundedScript(job, sources, inputEnds, redirects).run(engine, name, job.statement());
    }

    private static Map<String, String> scratchTable(TableShape sink, String topic) {
        return Map.of("connector", "kafka", "topic", topic, "properties.bootstrap.servers",
                sink.options().get("properties.bootstrap.servers"));
    }

    // {@code scratch}: the scratch topic of the query run to the statement's latest offsets, null when its sources acknowledged
    // none; {@code later}: that of the query run to where a statement stopped without a savepoint may have read, or null
    private Map<String, Object> compare(TableShape sink, String scratch, String later, boolean running, SpillDir dir, boolean repair)
            throws EngineException {
        Map<String, String> topicTable = sink.options();
        String topic = topicTable.get("topic");
        Optional<OutputRange> range = statement.status().outputRanges().stream().filter(r -> r.table().equals(sink.name())
                && r.topic().equals(topic)).findFirst();
        Map<Integer, Long> now = engine.topicEnds(topicTable);
        Map<Integer, Long> from = range.map(OutputRange::from).orElse(Map.of());
        Map<Integer, Long> to = range.map(OutputRange::to).filter(t -> !running).orElse(now);
        Map<String, String> scratchOptions = new LinkedHashMap<>(topicTable);
        if (scratch != null) scratchOptions.put("topic", scratch);
        Map<String, String> laterOptions = new LinkedHashMap<>(topicTable);
        if (later != null) laterOptions.put("topic", later);
        List<String> notes = new ArrayList<>();
        if (range.isEmpty()) notes.add("no output range recorded (a statement started before cdcbridge recorded them): the whole topic compared");
        if (scratch == null) notes.add("it stopped before its first checkpoint: its sources acknowledged nothing, so no record is owed");
        if (later == null && !running && exactlyOnce(sink) && !BoundedScript.mayHaveRead(statement).isEmpty()) {
            notes.add("its sink writes exactly-once: what it wrote after its last checkpoint was aborted, so the query is run to that checkpoint");
        }
        boolean keyed = keyed(sink);
        java.util.Comparator<TopicRecord> order = keyed ? TopicDiff.BY_KEY : TopicDiff.BY_RECORD;
        // a log's range fills its own records and either's at once
        SpillSpace apart = keyed ? space : space.shared(2);
        try (SortedSpill<TopicRecord> wanted = space.spill(dir, order, TopicDiff.CODEC);
             SortedSpill<TopicRecord> written = apart.spill(dir, order, TopicDiff.CODEC);
             SortedSpill<TopicRecord> either = apart.spill(dir, order, TopicDiff.CODEC);
             SortedSpill<TopicRecord> toStop = space.spill(dir, order, TopicDiff.CODEC)) {
            if (scratch != null) read(scratchOptions, Map.of(), engine.topicEnds(scratchOptions), wanted);
            if (later != null) read(laterOptions, Map.of(), engine.topicEnds(laterOptions), toStop);
            TopicDiff.Result diff;
            Repairs repairs = null;
            if (keyed) {
                // the latest value per key, in offset order within each partition (a key lives in one)
                read(topicTable, from, to, written);
                TopicDiff.Scope scope = TopicDiff.Scope.ALL;
                if (carriedState(statement)) {
                    scope = TopicDiff.Scope.KEYS_WRITTEN;
                    notes.add("it started in place with its predecessor's state: the keys it wrote are compared");
                }
                // the keys written after it stopped, held in its state by the statement that carried it on
                if (!running && successorCarriedState()) {
                    read(topicTable, to, now, either);
                    notes.add("keys written after it stopped, by the statement that carried its state on in place, are not missing");
                }
                SortedSpill<TopicRecord> fixes = repair ? space.spill(dir, TopicDiff.BY_KEY, TopicDiff.CODEC) : null;
                try (SortedSpill.Cursor<TopicRecord> w = wanted.sorted(); SortedSpill.Cursor<TopicRecord> a = written.sorted();
                     SortedSpill.Cursor<TopicRecord> held = either.sorted(); SortedSpill.Cursor<TopicRecord> l = toStop.sorted()) {
                    diff = TopicDiff.keyed(w, a, held, l, scope, fixes == null ? r -> {} : fixes::add);
                    if (fixes != null) fixes.flush();
                } catch (RuntimeException e) {
                    if (fixes != null) fixes.close();
                    throw e;
                }
                if (fixes != null) repairs = new Repairs(fixes, diff.upserts(), diff.deletes());
            } else {
                // multisets: each distinct record (key and value) with its count; those of another statement's range
                // overlapping this one's counted apart
                Map<Integer, long[]> shared = shared(topic, from, to);
                if (!shared.isEmpty()) notes.add("another statement wrote to the topic while this one ran: the records of that time are"
                        + " counted for either, never as extra");
                engine.readTopic(topicTable, from, to, r -> {
                    long[] window = shared.get(r.partition());
                    boolean both = window != null && r.offset() >= window[0] && r.offset() < window[1];
                    (both ? either : written).add(r);
                });
                try (SortedSpill.Cursor<TopicRecord> w = wanted.sorted(); SortedSpill.Cursor<TopicRecord> o = written.sorted();
                     SortedSpill.Cursor<TopicRecord> e = either.sorted(); SortedSpill.Cursor<TopicRecord> l = toStop.sorted()) {
                    diff = TopicDiff.log(w, o, e, l);
                }
            }
            long actual = keyed ? written.size() : written.size() + either.size();
            if (later != null) {
                notes.add("stopped without a savepoint (or failed), its latest offsets are its last checkpoint's: the query is run to them and"
                        + " again to its sources' ends at the stop (" + toStop.size() + " records); " + diff.afterCheckpoint()
                        + (keyed ? " keys" : " records") + " it wrote from input read after the checkpoint match the second");
            }
            Map<String, Object> report = report(sink, topic, from, to, wanted.size(), actual, diff, notes);
            if (repairs != null) report.put(REPAIRS, repairs);
            return report;
        }
    }

    // the records of a topic's range into a spill, its memory given back afterwards for the next
    private void read(Map<String, String> options, Map<Integer, Long> from, Map<Integer, Long> to, SortedSpill<TopicRecord> into)
            throws EngineException {
        engine.readTopic(options, from, to, into::add);
        into.flush();
    }

    /** Whether the statement started in place from its predecessor's savepoint, carrying its state. */
    static boolean carriedState(Statement s) {
        return s.lineage() != null && IN_PLACE.equals(s.lineage().strategy()) && s.lineage().startedFrom() != null
                && !STATELESS_STARTS.contains(s.lineage().startedFrom());
    }

    private boolean successorCarriedState() {
        return others.stream().anyMatch(o -> o.lineage() != null && statement.name().equals(o.lineage().evolvedFrom()) && carriedState(o));
    }

    // records of another statement's range overlapping this one's, per partition: [start, end) of the overlap
    private Map<Integer, long[]> shared(String topic, Map<Integer, Long> from, Map<Integer, Long> to) {
        Map<Integer, long[]> out = new HashMap<>();
        for (Statement o : others) {
            for (OutputRange r : o.status().outputRanges()) {
                if (!r.topic().equals(topic)) continue;
                for (Map.Entry<Integer, Long> e : to.entrySet()) {
                    int p = e.getKey();
                    long start = Math.max(from.getOrDefault(p, 0L), r.from().getOrDefault(p, 0L));
                    long end = Math.min(e.getValue(), r.to() == null ? Long.MAX_VALUE : r.to().getOrDefault(p, 0L));
                    if (end > start) out.merge(p, new long[] {start, end}, (x, y) -> new long[] {Math.min(x[0], y[0]), Math.max(x[1], y[1])});
                }
            }
        }
        return out;
    }

    private Map<String, Object> report(TableShape sink, String topic, Map<Integer, Long> from, Map<Integer, Long> to,
                                       long expected, long actual, TopicDiff.Result diff, List<String> notes) {
        String source = "statement '" + statement.name() + "''s query run again over its topics ("
                + String.join(", ", sources.stream().map(t -> t.options().get("topic")).toList()) + ")";
        String target = "topic '" + topic + "' from " + positions(from) + " up to " + positions(to) + ", what statement '" + statement.name()
                + "' wrote" + (keyed(sink) ? ", latest value per key" : ", every record");
        Map<String, Object> out = new LinkedHashMap<>();
        boolean equal = diff.rows().isEmpty();
        out.put("equal", equal);
        out.put("source", source);
        out.put("target", target);
        if (!notes.isEmpty()) out.put("note", String.join("; ", notes));
        out.put("source_rows", expected);
        out.put("target_rows", actual);
        // the report's shape as for tables: the output range is the one range compared
        out.put("ranges", 1);
        out.put("differing_ranges", equal ? 0 : 1);
        out.put("rows_read", expected + actual);
        Map<String, Object> kinds = new LinkedHashMap<>();
        kinds.put("missing", diff.missing());
        kinds.put("extra", diff.extra());
        kinds.put("different", diff.different());
        out.put("mismatches", kinds);
        // as the database comparison's in_flight: no difference, said how many
        if (diff.afterCheckpoint() > 0) out.put("after_checkpoint", diff.afterCheckpoint());
        out.put("rows", diff.rows());
        List<String> lines = new ArrayList<>();
        lines.add("source " + source);
        lines.add("target " + target);
        notes.forEach(n -> lines.add("note: " + n));
        lines.add(expected + " records expected, " + actual + " written");
        if (equal) {
            lines.add("equal");
        } else {
            for (Map<String, Object> r : diff.rows().subList(0, Math.min(SHOWN, diff.rows().size()))) {
                @SuppressWarnings("unchecked")
                Map<String, String> key = (Map<String, String>) r.get("key");
                @SuppressWarnings("unchecked")
                List<String> columns = (List<String>) r.get("columns");
                lines.add(String.format(java.util.Locale.ROOT, "  %-9s %s%s", String.valueOf(r.get("kind")).toUpperCase(java.util.Locale.ROOT),
                        key, columns.isEmpty() ? "" : ": " + String.join(", ", columns)));
            }
            long total = diff.missing() + diff.extra() + diff.different();
            if (total > SHOWN) lines.add("  ... (" + (total - SHOWN) + " more; --json lists up to " + TopicDiff.LISTED + ")");
            lines.add("DIFFERENT: " + diff.missing() + " missing, " + diff.extra() + " extra, " + diff.different() + " different");
        }
        out.put("summary", String.join("\n", lines));
        return out;
    }

    // a keyed topic's differing keys written again: the expected value, or a tombstone for a key it should not hold
    private Map<String, Object> repaired(TableShape sink, Map<String, Object> report, Repairs repairs, SpillDir dir)
            throws EngineException {
        if (Boolean.TRUE.equals(report.get("equal"))) return report;
        try (SortedSpill.Cursor<TopicRecord> records = repairs.records().sorted()) {
            engine.writeTopic(sink.options(), () -> records);
        }
        Map<String, Object> out = new LinkedHashMap<>(report);
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("upserted", repairs.upserts());
        counts.put("deleted", repairs.deletes());
        counts.put("gone", 0);
        counts.put("extra_left", 0);
        out.put("repair", counts);
        out.put("after_repair", compare(sink, repairs, dir));
        return out;
    }

    // after a repair: each repaired key's latest value on the topic against the value written
    private Map<String, Object> compare(TableShape sink, Repairs repairs, SpillDir dir) throws EngineException {
        Map<Integer, Long> ends = engine.topicEnds(sink.options());
        try (SortedSpill<TopicRecord> now = space.spill(dir, TopicDiff.BY_KEY, TopicDiff.CODEC)) {
            read(sink.options(), Map.of(), ends, now);
            TopicDiff.Result diff;
            try (SortedSpill.Cursor<TopicRecord> w = repairs.records().sorted(); SortedSpill.Cursor<TopicRecord> a = now.sorted()) {
                diff = TopicDiff.keyed(w, a, SortedSpill.Cursor.empty(), TopicDiff.Scope.KEYS_WANTED, r -> {});
            }
            return report(sink, sink.options().get("topic"), Map.of(), ends, diff.wantedKeys(), diff.writtenKeys(), diff,
                    List.of("the repaired keys read again"));
        }
    }

    private static String positions(Map<Integer, Long> offsets) {
        if (offsets.isEmpty()) return "the start";
        return SourcePosition.KafkaOffsets.specificOffsets(offsets);
    }
}
