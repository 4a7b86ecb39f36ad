package io.cdcbridge.control.verify;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcbridge.control.engine.Engine;
import io.cdcbridge.control.engine.EngineException;
import io.cdcbridge.control.engine.SourcePosition;
import io.cdcbridge.control.engine.StatementJob;
import io.cdcbridge.control.engine.TableShape;
import io.cdcbridge.control.engine.TopicRecord;
import io.cdcbridge.control.statement.OutputRange;
import io.cdcbridge.control.statement.Phase;
import io.cdcbridge.control.statement.Statement;
import io.cdcbridge.control.workspace.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
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
 */
final class WrittenTopics {

    private static final String SCRATCH = "cdcbridge_verify_";
    private static final String REPAIRS = "repairs";
    // as the verify module's reports: rows listed in the JSON, and in the summary
    private static final int LISTED = 1000;
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

    WrittenTopics(Engine engine, Statement statement, StatementJob job, List<Statement> others, List<TableShape> sinks,
                  List<TableShape> sources) {
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
        List<Map<String, Object>> reports = compare(running, caughtUp);
        if (running && reports.stream().anyMatch(r -> !Boolean.TRUE.equals(r.get("equal")))) reports = compare(true, caughtUp);
        for (int i = 0; i < reports.size(); i++) {
            @SuppressWarnings("unchecked")
            List<TopicRecord> repairs = (List<TopicRecord>) reports.get(i).remove(REPAIRS);
            if (repair) reports.set(i, repaired(sinks.get(i), reports.get(i), repairs));
        }
        if (reports.size() == 1) return reports.get(0);
        return TableReports.combine(sinks.stream().map(s -> List.of(s.name())).toList(), reports);
    }

    private List<Map<String, Object>> compare(boolean running, Runnable caughtUp) throws EngineException {
        // the input read: up to where a stopped statement stopped, else the topics' ends now
        Map<String, Map<Integer, Long>> inputEnds = new LinkedHashMap<>();
        if (!running) {
            inputEnds.putAll(BoundedScript.stoppedAt(statement));
        } else {
            for (TableShape t : sources) inputEnds.put(t.name(), engine.topicEnds(t.options()));
            caughtUp.run();
        }
        List<String> scratch = new ArrayList<>();
        for (TableShape ignored : sinks) scratch.add(SCRATCH + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
        try {
            for (int i = 0; i < sinks.size(); i++) engine.prepareStorage(scratch.get(i), scratchTable(sinks.get(i), scratch.get(i)), OptionalInt.empty(), true);
            runQuery(inputEnds, scratch);
            List<Map<String, Object>> out = new ArrayList<>();
            for (int i = 0; i < sinks.size(); i++) out.add(compare(sinks.get(i), scratch.get(i), running));
            return out;
        } finally {
            for (int i = 0; i < sinks.size(); i++) engine.dropStorage(scratch.get(i), scratchTable(sinks.get(i), scratch.get(i)));
        }
    }

    // the statement's query as a bounded job: each Kafka source read to its end above, each sink writing a scratch topic
    private void runQuery(Map<String, Map<Integer, Long>> inputEnds, List<String> scratch) throws EngineException {
        List<BoundedScript.Redirect> redirects = new ArrayList<>();
        for (int i = 0; i < sinks.size(); i++) redirects.add(new BoundedScript.Redirect(sinks.get(i), Map.of("topic", scratch.get(i))));
        new BoundedScript(job, sources, inputEnds, redirects).run(engine, "verify expected " + statement.name(), job.statement());
    }

    private static Map<String, String> scratchTable(TableShape sink, String topic) {
        return Map.of("connector", "kafka", "topic", topic, "properties.bootstrap.servers",
                sink.options().get("properties.bootstrap.servers"));
    }

    private Map<String, Object> compare(TableShape sink, String scratch, boolean running) throws EngineException {
        Map<String, String> topicTable = sink.options();
        String topic = topicTable.get("topic");
        Optional<OutputRange> range = statement.status().outputRanges().stream().filter(r -> r.table().equals(sink.name())
                && r.topic().equals(topic)).findFirst();
        Map<Integer, Long> now = engine.topicEnds(topicTable);
        Map<Integer, Long> from = range.map(OutputRange::from).orElse(Map.of());
        Map<Integer, Long> to = range.map(OutputRange::to).filter(t -> !running).orElse(now);
        Map<String, String> scratchOptions = new LinkedHashMap<>(topicTable);
        scratchOptions.put("topic", scratch);
        Map<Integer, Long> scratchEnds = engine.topicEnds(scratchOptions);
        long[] counts = new long[2];
        List<String> notes = new ArrayList<>();
        if (range.isEmpty()) notes.add("no output range recorded (a statement started before cdcbridge recorded them): the whole topic compared");
        Diff diff;
        if (keyed(sink)) {
            // the latest value per key, in offset order within each partition (a key lives in one)
            Map<String, byte[]> wanted = new LinkedHashMap<>();
            engine.readTopic(scratchOptions, Map.of(), scratchEnds, r -> {
                counts[0]++;
                wanted.put(encode(r.key()), r.value());
            });
            Map<String, byte[]> written = new LinkedHashMap<>();
            engine.readTopic(topicTable, from, to, r -> {
                counts[1]++;
                written.put(encode(r.key()), r.value());
            });
            if (carriedState(statement)) {
                wanted.keySet().retainAll(written.keySet());
                notes.add("it started in place with its predecessor's state: the keys it wrote are compared");
            }
            java.util.Set<String> later = new java.util.HashSet<>();
            if (!running && successorCarriedState()) {
                engine.readTopic(topicTable, to, now, r -> later.add(encode(r.key())));
                notes.add("keys written after it stopped, by the statement that carried its state on in place, are not missing");
            }
            diff = keyedDiff(wanted, written, later);
        } else {
            // multisets: each distinct record (key and value) with its count; those of another statement's range
            // overlapping this one's counted apart
            Map<String, Long> want = new TreeMap<>();
            engine.readTopic(scratchOptions, Map.of(), scratchEnds, r -> {
                counts[0]++;
                want.merge(encode(r.key()) + " " + encode(r.value()), 1L, Long::sum);
            });
            Map<Integer, long[]> shared = shared(topic, from, to);
            if (!shared.isEmpty()) notes.add("another statement wrote to the topic while this one ran: the records of that time are"
                    + " counted for either, never as extra");
            Map<String, Long> own = new TreeMap<>();
            Map<String, Long> either = new TreeMap<>();
            engine.readTopic(topicTable, from, to, r -> {
                counts[1]++;
                long[] window = shared.get(r.partition());
                boolean both = window != null && r.offset() >= window[0] && r.offset() < window[1];
                (both ? either : own).merge(encode(r.key()) + " " + encode(r.value()), 1L, Long::sum);
            });
            diff = logDiff(want, own, either);
        }
        return report(sink, topic, from, to, counts[0], counts[1], diff, notes);
    }

    /** Whether the statement started in place from its predecessor's savepoint, carrying its state. */
    static boolean carriedState(Statement s) {
        return s.lineage() != null && IN_PLACE.equals(s.lineage().strategy()) && s.lineage().startedFrom() != null
                && !STATELESS_STARTS.contains(s.lineage().startedFrom());
    }

    private boolean successorCarriedState() {
        return others.stream().anyMatch(o -> o.lineage() != null && statement.name().equals(o.lineage().evolvedFrom()) && carriedState(o));
    }

    private record Diff(List<Map<String, Object>> rows, long missing, long extra, long different, List<TopicRecord> repairs) {}

    private static Diff keyedDiff(Map<String, byte[]> wanted, Map<String, byte[]> written, java.util.Set<String> heldInState) {
        List<Map<String, Object>> rows = new ArrayList<>();
        List<TopicRecord> repairs = new ArrayList<>();
        long missing = 0, extra = 0, different = 0;
        java.util.Set<String> keys = new java.util.TreeSet<>(AS_TEXT);
        keys.addAll(wanted.keySet());
        keys.addAll(written.keySet());
        for (String k : keys) {
            byte[] w = wanted.get(k);
            byte[] a = written.get(k);
            if (w == null && a == null) continue;
            byte[] key = decode(k);
            if (a == null) {
                if (heldInState.contains(k)) continue;
                missing++;
                add(rows, "missing", key, List.of());
            } else if (w == null) {
                extra++;
                add(rows, "extra", key, List.of());
            } else if (!java.util.Arrays.equals(w, a)) {
                different++;
                add(rows, "different", key, columns(w, a));
            } else {
                continue;
            }
            repairs.add(new TopicRecord(-1, -1, key, w));
        }
        return new Diff(rows, missing, extra, different, repairs);
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

    // a record the query gives more often than the range holds is missing, one it holds more often extra
    private static Diff logDiff(Map<String, Long> want, Map<String, Long> own, Map<String, Long> either) {
        java.util.Set<String> all = new java.util.TreeSet<>(AS_TEXT);
        all.addAll(want.keySet());
        all.addAll(own.keySet());
        List<Map<String, Object>> rows = new ArrayList<>();
        long missing = 0, extra = 0;
        for (String r : all) {
            long w = want.getOrDefault(r, 0L), o = own.getOrDefault(r, 0L), e = either.getOrDefault(r, 0L);
            byte[] value = decode(r.substring(r.indexOf(' ') + 1));
            for (long i = 0; i < w - o - e; i++, missing++) add(rows, "missing", value, List.of());
            for (long i = 0; i < o - w; i++, extra++) add(rows, "extra", value, List.of());
        }
        return new Diff(rows, missing, extra, 0, List.of());
    }

    private Map<String, Object> report(TableShape sink, String topic, Map<Integer, Long> from, Map<Integer, Long> to,
                                       long expected, long actual, Diff diff, List<String> notes) {
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
            if (total > SHOWN) lines.add("  ... (" + (total - SHOWN) + " more; --json lists up to " + LISTED + ")");
            lines.add("DIFFERENT: " + diff.missing() + " missing, " + diff.extra() + " extra, " + diff.different() + " different");
        }
        out.put("summary", String.join("\n", lines));
        out.put(REPAIRS, diff.repairs());
        return out;
    }

    // a keyed topic's differing keys written again: the expected value, or a tombstone for a key it should not hold
    private Map<String, Object> repaired(TableShape sink, Map<String, Object> report, List<TopicRecord> repairs) throws EngineException {
        if (Boolean.TRUE.equals(report.get("equal"))) return report;
        engine.writeTopic(sink.options(), repairs);
        Map<String, Object> out = new LinkedHashMap<>(report);
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("upserted", repairs.stream().filter(r -> r.value() != null).count());
        counts.put("deleted", repairs.stream().filter(r -> r.value() == null).count());
        counts.put("gone", 0);
        counts.put("extra_left", 0);
        out.put("repair", counts);
        Map<String, Object> after = compare(sink, repairs);
        out.put("after_repair", after);
        return out;
    }

    // after a repair: each repaired key's latest value on the topic against the value written
    private Map<String, Object> compare(TableShape sink, List<TopicRecord> repairs) throws EngineException {
        Map<String, byte[]> wanted = new LinkedHashMap<>();
        for (TopicRecord r : repairs) wanted.put(encode(r.key()), r.value());
        Map<String, byte[]> now = new LinkedHashMap<>();
        engine.readTopic(sink.options(), Map.of(), engine.topicEnds(sink.options()), r -> {
            String k = encode(r.key());
            if (wanted.containsKey(k)) now.put(k, r.value());
        });
        Diff diff = keyedDiff(wanted, now, java.util.Set.of());
        List<String> notes = List.of("the repaired keys read again");
        Map<String, Object> report = report(sink, sink.options().get("topic"), Map.of(), engine.topicEnds(sink.options()),
                wanted.size(), now.size(), diff, notes);
        report.remove(REPAIRS);
        return report;
    }

    private static void add(List<Map<String, Object>> rows, String kind, byte[] key, List<String> columns) {
        if (rows.size() < LISTED) rows.add(row(kind, key, columns));
    }

    private static Map<String, Object> row(String kind, byte[] key, List<String> columns) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("kind", kind);
        row.put("key", fields(key));
        row.put("columns", columns);
        return row;
    }

    // a key (or an append-only record) by its fields when it is a JSON object, else as its text
    private static Map<String, String> fields(byte[] bytes) {
        Map<String, String> out = new LinkedHashMap<>();
        if (bytes == null) return out;
        JsonNode node = json(bytes);
        if (node != null && node.isObject()) {
            node.fields().forEachRemaining(f -> out.put(f.getKey(), f.getValue().isTextual() ? f.getValue().asText() : f.getValue().toString()));
        } else {
            out.put("key", new String(bytes, StandardCharsets.UTF_8));
        }
        return out;
    }

    // the columns whose values differ, when both are JSON objects; else the value as a whole
    private static List<String> columns(byte[] expected, byte[] actual) {
        JsonNode e = json(expected);
        JsonNode a = json(actual);
        if (e == null || a == null || !e.isObject() || !a.isObject()) return List.of("value");
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        e.fieldNames().forEachRemaining(names::add);
        a.fieldNames().forEachRemaining(names::add);
        return names.stream().filter(n -> !java.util.Objects.equals(e.get(n), a.get(n))).toList();
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return Json.MAPPER.readTree(bytes);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static String positions(Map<Integer, Long> offsets) {
        if (offsets.isEmpty()) return "the start";
        return SourcePosition.KafkaOffsets.specificOffsets(offsets);
    }

    // differences listed in the order of their keys' (records') text, not of their encoding
    private static final java.util.Comparator<String> AS_TEXT = java.util.Comparator.comparing((String encoded) -> {
        StringBuilder text = new StringBuilder();
        for (String part : encoded.split(" ")) {
            byte[] bytes = decode(part);
            text.append(bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8)).append(' ');
        }
        return text.toString();
    }).thenComparing(java.util.Comparator.naturalOrder());

    private static String encode(byte[] bytes) {
        return bytes == null ? "-" : Base64.getEncoder().encodeToString(bytes);
    }

    private static byte[] decode(String text) {
        return text.equals("-") ? null : Base64.getDecoder().decode(text);
    }
}
