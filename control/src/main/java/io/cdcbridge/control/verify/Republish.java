package io.cdcbridge.control.verify;

import io.cdcbridge.control.engine.Engine;
import io.cdcbridge.control.engine.EngineException;
import io.cdcbridge.control.engine.SourceStartup;
import io.cdcbridge.control.engine.StatementJob;
import io.cdcbridge.control.engine.TableShape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The repair of a topic: the statement's own INSERT run once more as a bounded job over its source table read once
 * (altered as {@link BoundedScript} alters tables: not shadowed by a view, so an option hint the query puts on it still
 * applies, where Flink refuses one on a view), narrowed to the rows whose keys a verification listed (a table beside
 * the source), so the topic gets each of them again through the statement's query and sink, as it would from a change,
 * with the source's own database, schema and table as metadata. Rows only in the topic stay: a statement writes no
 * delete for a row its source never had.
 *
 * @param job the statement as it runs (its definitions and properties)
 * @param insert the statement's INSERT (one of its statement set), a projection of {@code source}
 * @param source the table the INSERT reads, in the catalog
 * @param key its key columns, as the list of keys holds them
 */
public record Republish(StatementJob job, String insert, TableShape source, List<String> key) {

    private static final String KEYS = "cdcbridge_verify_keys";

    /** Writes the rows of the keys in {@code keys} (a table beside the source) to the topic again. */
    void run(Engine engine, VerifyRequest.Location keys) throws EngineException {
        List<TableShape.Column> keyColumns = key.stream().map(k -> source.physicalColumns().stream().filter(c -> c.name().equals(k))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("the source '" + source.name() + "' has no column '" + k + "'"))).toList();
        List<String> definitions = new ArrayList<>(job.definitions());
        definitions.add(TopicSnapshot.ddl(KEYS, keyColumns, key, snapshot(source.options(), keys.name().get(keys.name().size() - 1))));
        // the rows are read once: the statement's start time has no say
        Map<String, String> properties = new LinkedHashMap<>(job.properties());
        properties.keySet().removeAll(List.of(SourceStartup.MODE, SourceStartup.TIMESTAMP_MILLIS));
        StatementJob once = new StatementJob(job.name(), definitions, job.statement(), properties, job.checkpointDir(), null);
        BoundedScript.Redirect read = new BoundedScript.Redirect(source, snapshot(source.options(), null), true);
        // most often failing where the source table no longer has a column the statement declares (a rename)
        new BoundedScript(once, List.of(), Map.of(), List.of(read)).run(engine, "verify repair " + job.name(),
                StatementVerification.narrowed(insert, KEYS, key), "repair could not write the rows again through statement '" + job.name() + "'");
    }

    // a table read once, its snapshot only (cdcbridge-postgres for PostgreSQL, mysql-cdc for MySQL and MariaDB): the
    // source's, or {@code table} beside it
    private static Map<String, String> snapshot(Map<String, String> o, String table) {
        Map<String, String> out = new LinkedHashMap<>();
        String connector = o.get("connector");
        boolean postgres = connector.equals("postgres-cdc") || connector.equals("cdcbridge-postgres");
        out.put("connector", postgres ? "cdcbridge-postgres" : connector);
        for (String k : List.of("hostname", "port", "username", "password", "database-name", "schema-name", "table-name")) {
            if (o.containsKey(k)) out.put(k, o.get(k));
        }
        if (table != null) out.put("table-name", table);
        if (postgres) out.put("slot.name", "cdcbridge_verify_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
        out.put("scan.startup.mode", "snapshot");
        return out;
    }
}
