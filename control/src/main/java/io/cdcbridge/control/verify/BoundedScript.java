package io.cdcbridge.control.verify;

import io.cdcbridge.control.engine.Engine;
import io.cdcbridge.control.engine.EngineException;
import io.cdcbridge.control.engine.SourcePosition;
import io.cdcbridge.control.engine.StatementJob;
import io.cdcbridge.control.engine.TableShape;
import io.cdcbridge.control.statement.SourceOffset;
import io.cdcbridge.control.statement.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * A statement's script bounded, for verification to run its query again over what it read (or a repair to write rows
 * again through it): the statement's definitions, then each Kafka source table altered to end where the statement
 * stopped (or at its topic's end as the job starts), and each table the job reads or writes elsewhere altered (a sink
 * to write scratch storage, a repair's source to read the rows to write again). Altered, not shadowed by views: Flink
 * refuses an option hint on a view, and the statement's hints (an evolution's carried offsets) must still apply;
 * its start time ({@code sql.tables.scan.startup.*}) reaches the same tables as the statement's. Records a
 * {@code cdcbridge-kafka} source rejects, and a sink's dead letters, go to a scratch dead-letter topic deleted after
 * the job: the statement has dead-lettered them once already.
 *
 * @param job the statement as it runs (its definitions, its query, its properties)
 * @param sources the Kafka tables the job reads bounded
 * @param ends where each source's read ends (table -> end offsets per partition); a table not named here is read to
 *             its topic's end as the job starts
 * @param redirects the tables the job reads or writes elsewhere, each with the options it takes instead of its own
 */
record BoundedScript(StatementJob job, List<TableShape> sources, Map<String, Map<Integer, Long>> ends, List<Redirect> redirects) {

    private static final String DEAD_LETTERS = "dlq.topic";

    /**
     * A table and the options it takes instead of its own: set over them (where a sink writes), or, {@code replace}d,
     * in place of all of them (a source read once, by another connector).
     */
    record Redirect(TableShape table, Map<String, String> options, boolean replace) {

        Redirect(TableShape table, Map<String, String> options) {
            this(table, options, false);
        }

        // Flink changes a table's connector by SET only; contract options never reach its catalog
        private List<String> reset() {
            if (!replace) return List.of();
            return table.options().keySet().stream()
                    .filter(k -> !options.containsKey(k) && !k.equals("connector") && !k.startsWith("contract.")).toList();
        }
    }

    /** Where a stopped (or failed) statement stopped reading each Kafka table: its latest offsets. */
    static Map<String, Map<Integer, Long>> stoppedAt(Statement s) {
        return kafka(s.status().latestOffsets());
    }

    /**
     * How far a statement stopped without a savepoint (or failed) may have read each Kafka table: its topic's end then
     * (its latest offsets are its last checkpoint's); empty when it read to its latest offsets.
     */
    static Map<String, Map<Integer, Long>> mayHaveRead(Statement s) {
        return kafka(s.status().inputEnds());
    }

    private static Map<String, Map<Integer, Long>> kafka(List<SourceOffset> offsets) {
        Map<String, Map<Integer, Long>> out = new LinkedHashMap<>();
        for (SourceOffset o : offsets) {
            if (o.position() instanceof SourcePosition.KafkaOffsets k && !k.partitions().isEmpty()) out.put(o.table(), k.partitions());
        }
        return out;
    }

    /**
     * The statement's properties its query's meaning depends on ({@code table.*}, {@code sql.*}): what a
     * verification's rerun of the query takes from it.
     */
    Map<String, String> properties() {
        Map<String, String> out = new LinkedHashMap<>();
        job.properties().forEach((k, v) -> {
            if (k.startsWith("table.") || k.startsWith("sql.")) out.put(k, v);
        });
        return out;
    }

    /** The definitions the bounded job runs with, dead letters going to the topic {@code deadLetters}. */
    List<String> definitions(String deadLetters) {
        List<String> defs = new ArrayList<>(job.definitions());
        for (TableShape t : sources) {
            Map<Integer, Long> end = ends.get(t.name());
            Map<String, String> bounded = new LinkedHashMap<>();
            bounded.put("scan.bounded.mode", end == null ? "latest-offset" : "specific-offsets");
            if (end != null) bounded.put("scan.bounded.specific-offsets", SourcePosition.KafkaOffsets.specificOffsets(end));
            if ("cdcbridge-kafka".equals(t.connector())) bounded.put(DEAD_LETTERS, deadLetters);
            defs.add(alter(t.name(), bounded));
        }
        for (Redirect r : redirects) {
            Map<String, String> options = new LinkedHashMap<>(r.options());
            if (r.table().options().containsKey(DEAD_LETTERS)) options.put(DEAD_LETTERS, deadLetters);
            List<String> reset = r.reset();
            if (!reset.isEmpty()) {
                defs.add("ALTER TABLE " + TopicSnapshot.quote(r.table().name()) + " RESET ("
                        + String.join(", ", reset.stream().map(k -> "'" + k.replace("'", "''") + "'").toList()) + ")");
            }
            defs.add(alter(r.table().name(), options));
        }
        return defs;
    }

    private static String alter(String table, Map<String, String> options) {
        return "ALTER TABLE " + TopicSnapshot.quote(table) + " SET (" + TopicSnapshot.with(options) + ")";
    }

    /**
     * Runs {@code query} (the statement's, or one INSERT of its statement set) over the bounded script as the job
     * {@code name}, to its end; the scratch dead-letter topic lives as long as the job.
     */
    void run(Engine engine, String name, String query) throws EngineException {
        run(engine, name, query, "verify could not run statement '" + job.name() + "''s query again over its topics");
    }

    /** {@link #run(Engine, String, String)}, a failure told after {@code failure}. */
    void run(Engine engine, String name, String query, String failure) throws EngineException {
        String deadLetters = "cdcbridge_verify_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + "_dlq";
        Map<String, String> letters = deadLetterTable(deadLetters);
        if (letters != null) engine.prepareStorage(deadLetters, letters, OptionalInt.empty(), true);
        try {
            TopicSnapshot.run(engine, name, definitions(deadLetters), query, properties());
        } catch (EngineException e) {
            throw new IllegalArgumentException(failure + ": " + e.getMessage(), e);
        } finally {
            if (letters != null) engine.dropStorage(deadLetters, letters);
        }
    }

    // the scratch dead-letter topic as a Kafka table, when a table of the job writes one
    private Map<String, String> deadLetterTable(String topic) {
        boolean used = sources.stream().anyMatch(t -> "cdcbridge-kafka".equals(t.connector()))
                || redirects.stream().anyMatch(r -> r.table().options().containsKey(DEAD_LETTERS));
        String bootstrap = sources.stream().map(t -> t.options().get("properties.bootstrap.servers")).filter(b -> b != null)
                .findFirst().orElse(null);
        if (!used || bootstrap == null) return null;
        return Map.of("connector", "kafka", "topic", topic, "properties.bootstrap.servers", bootstrap);
    }
}
