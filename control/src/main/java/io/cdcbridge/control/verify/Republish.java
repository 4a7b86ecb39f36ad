package io.cdcbridge.control.verify;

import io.cdcbridge.control.engine.Engine;
import io.cdcbridge.control.engine.EngineException;
import io.cdcbridge.control.engine.SourceStartup;
import io.cdcbridge.control.engine.StatementJob;
import io.cdcbridge.control.engine.TableShape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The repair of a topic: the statement's own INSERT run once more as a bounded job over its source table read once
 * (altered as {@link BoundedScript} alters tables: not shadowed by a view, so an option hint the query puts on it still
 * applies, where Flink refuses one on a view), narrowed to the rows whose keys a verification listed (a table beside
 * the source), so the topic gets each of them again through the statement's query and sink, as it would from a change,
 * with the source's own database, schema and table as metadata. A startup option the hint sets ({@code scan.startup.*})
 * is left out: the repair reads the rows once. Rows only in the topic stay: a statement writes no
 * delete for a row its source never had.
 *
 * @param job the statement as it runs (its definitions and properties)
 * @param insert the statement's INSERT (one of its statement set), a projection of {@code source}
 * @param source the table the INSERT reads, in the catalog
 * @param key its key columns, as the list of keys holds them
 */
public record Republish(StatementJob job, String insert, TableShape source, List<String> key) {

    private static final String KEYS = "cdcbridge_verify_keys";
    // an option hint, its options' text in group 1 (a quoted value may hold a parenthesis)
    private static final Pattern HINT = Pattern.compile("(?is)\\s*/\\*\\+\\s*OPTIONS\\s*\\(((?:'(?:[^']|'')*'|[^')])*)\\)\\s*\\*/");
    private static final Pattern OPTION = Pattern.compile("'((?:[^']|'')*)'\\s*=\\s*'(?:[^']|'')*'");

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
                StatementVerification.narrowed(readOnce(insert), KEYS, key), "repair could not write the rows again through statement '" + job.name() + "'");
    }

    // The statement's INSERT without the startup options (scan.startup.*) an option hint sets on the table it reads:
    // they would win over the repair's read once (a source started at its latest offset never ends its job). The hint
    // keeps its other options, and goes when none are left.
    static String readOnce(String insert) {
        Matcher hint = HINT.matcher(insert);
        StringBuilder out = new StringBuilder();
        while (hint.find()) {
            List<String> kept = new ArrayList<>();
            Matcher option = OPTION.matcher(hint.group(1));
            while (option.find()) {
                if (!option.group(1).toLowerCase(Locale.ROOT).startsWith("scan.startup.")) kept.add(option.group());
            }
            hint.appendReplacement(out, Matcher.quoteReplacement(kept.isEmpty() ? "" : " /*+ OPTIONS(" + String.join(", ", kept) + ") */"));
        }
        hint.appendTail(out);
        return out.toString();
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
