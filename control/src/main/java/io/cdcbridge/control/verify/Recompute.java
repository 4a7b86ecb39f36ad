package io.cdcbridge.control.verify;

import io.cdcbridge.control.engine.Engine;
import io.cdcbridge.control.engine.EngineException;
import io.cdcbridge.control.engine.TableShape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A statement that reads topics no statement fills from a database (a producer writes them), its query run again:
 * a bounded job of the statement's own INSERT over its topics, each read from where the statement starts reading to
 * its end as the job starts, into a scratch table beside the target written by the target's own sink (version guard,
 * delete mode), which the verifier then compares with the target. Records the topics' format rejects go to a scratch
 * dead-letter topic, deleted afterwards: the statement has already dead-lettered them once.
 *
 * @param statement the statement's name
 * @param definitions the statement's catalog definitions
 * @param query the statement's INSERT, writing the scratch table's Flink table instead of {@code sink}
 * @param sink the target's table, in the catalog
 * @param topics the Kafka tables of the statement's catalog, each read bounded in the job
 * @param stops where each table's read ends (its name -> {@code 'scan.bounded.specific-offsets'}) for a statement
 *              that stopped: its latest offsets; a table not named here is read to its end
 * @param properties the statement's properties the query's meaning depends on ({@code table.*}, {@code sql.*})
 * @param scratch where the job writes: a table of its own beside the target
 * @param deadLetters the scratch dead-letter topic
 * @param described what the scratch table holds, in words, for the report
 */
public record Recompute(String statement, List<String> definitions, String query, TableShape sink,
                        List<TableShape> topics, Map<String, String> stops, Map<String, String> properties, VerifyRequest.Location scratch,
                        String deadLetters, String described) {

    private static final String SINK = "cdcbridge_verify_sink";
    private static final String SOURCE = "cdcbridge_verify_source_";
    private static final String GROUP = "properties.group.id";
    private static final String TOMBSTONES = "__cdcbridge_tombstones";

    /**
     * The statement's properties its query's meaning depends on ({@code table.*}, {@code sql.*}): what a
     * verification's rerun of the query takes from it.
     */
    static Map<String, String> queryProperties(Map<String, String> statementProperties) {
        Map<String, String> out = new LinkedHashMap<>();
        statementProperties.forEach((k, v) -> {
            if (k.startsWith("table.") || k.startsWith("sql.")) out.put(k, v);
        });
        return out;
    }

    /** The statement's {@code insert} writing the scratch table instead of the target it names at {@code start}-{@code end}. */
    static String into(String insert, int start, int end) {
        return insert.substring(0, start) + TopicSnapshot.quote(SINK) + insert.substring(end);
    }

    /** Runs the statement's query over its topics into the scratch table (created by the job's sink). */
    void run(Engine engine) throws EngineException {
        List<String> defs = new ArrayList<>(definitions);
        String bootstrap = null;
        for (int i = 0; i < topics.size(); i++) {
            TableShape t = topics.get(i);
            Map<String, String> o = bounded(t.options(), stops.get(t.name()));
            bootstrap = bootstrap == null ? o.get("properties.bootstrap.servers") : bootstrap;
            String bounded = TopicSnapshot.quote(SOURCE + i);
            defs.add("CREATE TABLE " + bounded + " WITH (" + TopicSnapshot.with(o) + ") LIKE " + TopicSnapshot.quote(t.name())
                    + " (EXCLUDING OPTIONS)");
            // shadows the statement's table, for the views reading it too (a view, as the engine sets a source's
            // options on the table the job reads)
            defs.add("CREATE TEMPORARY VIEW " + TopicSnapshot.quote(t.name()) + " AS SELECT * FROM " + bounded);
        }
        Map<String, String> sinkOptions = new LinkedHashMap<>(sink.options());
        sinkOptions.remove("dlq.topic");
        sinkOptions.put("table-name", String.join(".", scratch.name()));
        sinkOptions.put("auto-create", "true");
        // never the target's: where the scratch table's deletes keep their versions
        sinkOptions.put("tombstone.table-name", last(tombstones()));
        if (sink.options().containsKey("dlq.topic")) sinkOptions.put("dlq.topic", deadLetters);
        defs.add("CREATE TABLE " + TopicSnapshot.quote(SINK) + " WITH (" + TopicSnapshot.with(sinkOptions) + ") LIKE "
                + TopicSnapshot.quote(sink.name()) + " (EXCLUDING OPTIONS)");
        Map<String, String> letters = deadLetterTable(bootstrap);
        if (letters != null) engine.prepareStorage(deadLetters, letters, OptionalInt.empty(), true);
        try {
            TopicSnapshot.run(engine, "verify recompute " + statement, defs, query, properties);
        } catch (EngineException e) {
            throw new IllegalArgumentException("verify could not run statement '" + statement + "''s query again over its topics: "
                    + e.getMessage(), e);
        }
    }

    /** Where the scratch table's sink keeps the versions of deleted keys (when it guards by version). */
    VerifyRequest.Location tombstones() {
        List<String> name = new ArrayList<>(scratch.name().subList(0, scratch.name().size() - 1));
        name.add(last(scratch) + TOMBSTONES);
        return new VerifyRequest.Location(scratch.url(), scratch.user(), scratch.password(), name);
    }

    private static String last(VerifyRequest.Location table) {
        return table.name().get(table.name().size() - 1);
    }

    /** Deletes the scratch dead-letter topic. */
    void dropDeadLetters(Engine engine) throws EngineException {
        Map<String, String> letters = deadLetterTable(topics.stream().map(t -> t.options().get("properties.bootstrap.servers"))
                .filter(b -> b != null).findFirst().orElse(null));
        if (letters != null) engine.dropStorage(deadLetters, letters);
    }

    // the scratch dead-letter topic as a Kafka table, for the engine to create and delete it
    private Map<String, String> deadLetterTable(String bootstrap) {
        if (bootstrap == null) return null;
        return Map.of("connector", "kafka", "topic", deadLetters, "properties.bootstrap.servers", bootstrap);
    }

    // a topic read from where the statement starts to its end now (or where it stopped), in no consumer group of its
    private Map<String, String> bounded(Map<String, String> options, String stop) {
        Map<String, String> o = new LinkedHashMap<>(options);
        o.keySet().removeIf(k -> k.equals(GROUP) || k.startsWith("scan.bounded."));
        o.put("scan.bounded.mode", stop == null ? "latest-offset" : "specific-offsets");
        if (stop != null) o.put("scan.bounded.specific-offsets", stop);
        if (o.get("connector").equals("cdcbridge-kafka")) o.put("dlq.topic", deadLetters);
        return o;
    }
}
