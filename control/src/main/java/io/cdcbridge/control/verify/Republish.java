package io.cdcbridge.control.verify;

import io.cdcbridge.control.engine.Engine;
import io.cdcbridge.control.engine.EngineException;
import io.cdcbridge.control.engine.TableShape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The repair of a topic: the statement's own INSERT run once more as a bounded job, its source table narrowed to the
 * rows whose keys a verification listed (a table beside the source), so the topic gets each of them again through
 * the statement's query and sink, as it would from a change. Rows only in the topic stay: a statement writes no
 * delete for a row its source never had.
 *
 * @param statement the statement's name
 * @param definitions the statement's catalog definitions
 * @param insert the statement's INSERT
 * @param source the table the INSERT reads, in the catalog
 * @param key its key columns, as the list of keys holds them
 */
public record Republish(String statement, List<String> definitions, String insert, TableShape source, List<String> key) {

    private static final String ROWS = "cdcbridge_verify_source";
    private static final String KEYS = "cdcbridge_verify_keys";

    /** Writes the rows of {@code keys} (a table beside the source, holding their keys) to the topic again. */
    void run(Engine engine, VerifyRequest.Location keys) throws EngineException {
        List<String> defs = new ArrayList<>(definitions);
        defs.add("CREATE TABLE " + TopicSnapshot.quote(ROWS) + " WITH (" + TopicSnapshot.with(bounded(source.options(), null)) + ") LIKE "
                + TopicSnapshot.quote(source.name()) + " (EXCLUDING OPTIONS)");
        List<TableShape.Column> keyColumns = key.stream().map(k -> source.physicalColumns().stream().filter(c -> c.name().equals(k))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("the source '" + source.name() + "' has no column '" + k + "'"))).toList();
        defs.add(TopicSnapshot.ddl(KEYS, keyColumns, key, bounded(source.options(), keys.name().get(keys.name().size() - 1))));
        List<String> match = key.stream().map(k -> "k." + TopicSnapshot.quote(k) + " = s." + TopicSnapshot.quote(k)).toList();
        // the statement's source, shadowed by the rows to write again
        defs.add("CREATE TEMPORARY VIEW " + TopicSnapshot.quote(source.name()) + " AS SELECT * FROM " + TopicSnapshot.quote(ROWS)
                + " s WHERE EXISTS (SELECT 1 FROM " + TopicSnapshot.quote(KEYS) + " k WHERE " + String.join(" AND ", match) + ")");
        try {
            TopicSnapshot.run(engine, "verify repair " + statement, defs, insert);
        } catch (EngineException e) {
            // most often the source table no longer has a column the statement declares (a rename)
            throw new IllegalArgumentException("repair could not write the rows again through statement '" + statement + "': "
                    + e.getMessage(), e);
        }
    }

    // the table read once, its snapshot only: cdcbridge-postgres for PostgreSQL, mysql-cdc for MySQL and MariaDB
    private static Map<String, String> bounded(Map<String, String> o, String table) {
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
