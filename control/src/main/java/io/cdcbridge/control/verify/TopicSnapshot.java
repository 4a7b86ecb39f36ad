package io.cdcbridge.control.verify;

import io.cdcbridge.control.engine.Engine;
import io.cdcbridge.control.engine.EngineException;
import io.cdcbridge.control.engine.JobState;
import io.cdcbridge.control.engine.StatementJob;
import io.cdcbridge.control.engine.TableShape;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A topic a statement writes, read to its end as a table: the latest value per key (a tombstone or a delete event
 * removes the key), copied into a scratch table of the source's database by a bounded job of the engine. The copy
 * decodes the records with the topic's own format (JSON, Avro against the registry, Debezium's envelope) and holds
 * nothing in the server's memory; in the source's database the comparison is one database's against itself, with
 * its own types, and the scratch table is dropped after it.
 *
 * @param topic the topic's name, for the report
 * @param reader the topic's table as the bounded job reads it (its options and columns)
 * @param columns the columns copied: the key first, then those the comparison reads
 * @param scratch where the copy goes: a table of its own in the source's database
 * @param keys where a repair lists the keys of the rows to write again: another table of its own there
 * @param republish how a repair writes them, when the statement reads one table (a join's other tables stream on)
 */
public record TopicSnapshot(String topic, TableShape reader, List<String> columns, VerifyRequest.Location scratch,
                            VerifyRequest.Location keys, java.util.Optional<Republish> republish) {

    private static final Logger LOG = LoggerFactory.getLogger(TopicSnapshot.class);
    static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final String READER = "cdcbridge_verify_topic";
    private static final String COPY = "cdcbridge_verify_copy";

    /** The snapshot of the topic {@code target} writes, its records read as their connector and format say. */
    static TopicSnapshot of(TableShape target, String topic, List<String> columns, VerifyRequest.Location source,
                            java.util.Optional<Republish> republish) {
        Map<String, String> o = new LinkedHashMap<>(target.options());
        String connector = String.valueOf(target.connector());
        switch (connector) {
            case "upsert-kafka" -> o.put("scan.bounded.mode", "latest-offset");
            case "debezium-kafka" -> {
                if (!o.getOrDefault("format", "json").equalsIgnoreCase("json")) {
                    throw new IllegalArgumentException("the statement's target '" + target.name() + "' writes Debezium events in "
                            + o.get("format") + ": verify reads a Debezium topic in JSON only");
                }
                String schemas = o.getOrDefault("schemas.enable", "true");
                o.clear();
                o.put("connector", "kafka");
                o.put("topic", topic);
                o.put("properties.bootstrap.servers", target.options().get("properties.bootstrap.servers"));
                o.put("format", "debezium-json");
                o.put("debezium-json.schema-include", schemas);
                o.put("scan.startup.mode", "earliest-offset");
                o.put("scan.bounded.mode", "latest-offset");
            }
            default -> throw new IllegalArgumentException("the statement's target '" + target.name() + "' is a '" + connector
                    + "' table: verify reads topics written by upsert-kafka or debezium-kafka (a value per key), and compares"
                    + " tables of PostgreSQL, MySQL and MariaDB (postgres-cdc, cdcbridge-postgres, mysql-cdc, jdbc, cdcbridge-jdbc)");
        }
        o.keySet().removeIf(k -> k.startsWith("contract.") || k.startsWith("sink.") || k.startsWith("dlq."));
        TableShape reader = new TableShape(READER, o, target.physicalColumns(), target.primaryKey(), null, null, null, null);
        return new TopicSnapshot(topic, reader, columns, beside(source, ""), beside(source, "_keys"), republish);
    }

    // a table of its own in the source's schema (or database), by a name no one else takes
    static VerifyRequest.Location beside(VerifyRequest.Location source, String suffix) {
        List<String> name = new ArrayList<>(source.name().subList(0, source.name().size() - 1));
        name.add("cdcbridge_verify_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + suffix);
        return source.named(name);
    }

    /** Copies the topic as it is now into the scratch table (created by the copy); fails saying why the job did. */
    void copy(Engine engine) throws EngineException {
        Map<String, String> sink = new LinkedHashMap<>();
        sink.put("connector", "cdcbridge-jdbc");
        sink.put("url", scratch.url());
        if (scratch.user() != null) sink.put("username", scratch.user());
        if (scratch.password() != null) sink.put("password", scratch.password());
        sink.put("table-name", String.join(".", scratch.name()));
        sink.put("auto-create", "true");
        sink.put("delete-mode", "hard");
        List<TableShape.Column> copied = columns.stream().map(c -> reader.physicalColumns().stream()
                .filter(r -> r.name().equals(c)).findFirst().orElseThrow()).toList();
        String insert = "INSERT INTO " + quote(COPY) + " SELECT " + String.join(", ", columns.stream().map(TopicSnapshot::quote).toList())
                + " FROM " + quote(READER);
        run(engine, "verify topic " + topic, List.of(ddl(READER, reader.physicalColumns(), reader.primaryKey(), reader.options()),
                ddl(COPY, copied, reader.primaryKey(), sink)), insert);
    }

    /** Runs a bounded job to its end, at most {@link #TIMEOUT}; the reason its job gave when it does not finish. */
    static void run(Engine engine, String name, List<String> definitions, String insert) throws EngineException {
        run(engine, name, definitions, insert, Map.of());
    }

    /**
     * {@link #run(Engine, String, List, String)} with the job's properties, always at parallelism 1. However the job
     * ends, the engine forgets it and its checkpoint folder is removed: a server verifying every hour keeps neither.
     */
    static void run(Engine engine, String name, List<String> definitions, String insert, Map<String, String> jobProperties)
            throws EngineException {
        Map<String, String> properties = new java.util.LinkedHashMap<>(jobProperties);
        properties.put("parallelism.default", "1");
        String checkpoints;
        try {
            checkpoints = Files.createTempDirectory("cdcbridge-verify").toUri().toString();
        } catch (IOException e) {
            throw new EngineException("no folder for the verification job's checkpoints: " + e.getMessage(), e);
        }
        StatementJob job = new StatementJob(name, definitions, insert, properties, checkpoints, null);
        try {
            await(engine, name, engine.submit(job));
        } finally {
            engine.forget(job);
            try {
                engine.deleteState(checkpoints);
            } catch (EngineException | RuntimeException e) {
                LOG.warn("The checkpoint folder {} of verification job '{}' is left: {}", checkpoints, name, e.getMessage());
            }
        }
    }

    // the job's end, at most TIMEOUT; the reason it gave when it does not finish
    private static void await(Engine engine, String name, String jobId) throws EngineException {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (true) {
            JobState state = engine.state(jobId);
            switch (state.state()) {
                case FINISHED -> {
                    return;
                }
                case FAILED, CANCELED, UNKNOWN -> throw new EngineException("the job '" + name + "' ended "
                        + state.state().name().toLowerCase(Locale.ROOT) + (state.failure() == null ? "" : ": " + state.failure()));
                default -> {
                    if (Instant.now().isAfter(deadline)) {
                        engine.cancel(jobId);
                        throw new EngineException("the job '" + name + "' did not end within " + TIMEOUT.toMinutes() + " minutes");
                    }
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        engine.cancel(jobId);
                        throw new EngineException("interrupted while the job '" + name + "' ran", e);
                    }
                }
            }
        }
    }

    static String ddl(String table, List<TableShape.Column> columns, List<String> key, Map<String, String> options) {
        List<String> parts = new ArrayList<>();
        for (TableShape.Column c : columns) parts.add(quote(c.name()) + " " + c.sql());
        if (!key.isEmpty()) parts.add("PRIMARY KEY (" + String.join(", ", key.stream().map(TopicSnapshot::quote).toList()) + ") NOT ENFORCED");
        return "CREATE TABLE " + quote(table) + " (" + String.join(", ", parts) + ") WITH (" + with(options) + ")";
    }

    static String with(Map<String, String> options) {
        List<String> with = new ArrayList<>();
        options.forEach((k, v) -> with.add("'" + k.replace("'", "''") + "' = '" + v.replace("'", "''") + "'"));
        return String.join(", ", with);
    }

    static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
