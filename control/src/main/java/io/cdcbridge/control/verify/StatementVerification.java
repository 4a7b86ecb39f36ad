package io.cdcbridge.control.verify;

import io.cdcbridge.control.engine.Engine;
import io.cdcbridge.control.engine.EngineException;
import io.cdcbridge.control.engine.EngineSession;
import io.cdcbridge.control.engine.StatementJob;
import io.cdcbridge.control.engine.TableShape;
import io.cdcbridge.control.script.SqlText;
import io.cdcbridge.control.spill.SpillSpace;
import io.cdcbridge.control.statement.Phase;
import io.cdcbridge.control.statement.Statement;
import io.cdcbridge.control.statement.StatementService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What verifying a statement compares: the table its INSERT writes with the table it reads, where both live, and
 * which source column each target column holds when the query is a projection or rename of one table (an INSERT
 * maps the query's columns to the target's by position). Any other query is compared by keys and counts only,
 * and the request says so.
 */
public final class StatementVerification {

    private static final String NAME = "(?:`[^`]+`|[\\w$]+)(?:\\s*\\.\\s*(?:`[^`]+`|[\\w$]+)){0,2}";
    // an option hint on the table read (where it starts, how it reads) leaves the rows it gives as they are
    private static final Pattern INSERT = Pattern.compile("(?is)^\\s*INSERT\\s+INTO\\s+(" + NAME + ")\\s*(?:\\(([^)]*)\\))?\\s*"
            + "SELECT\\s+(.+?)\\s+FROM\\s+(" + NAME + ")\\s*(?:/\\*\\+.*?\\*/\\s*)?(WHERE\\s+.+?)?\\s*;?\\s*$");
    // any other INSERT ... SELECT: its driving table is the first one its FROM names (a join's left side)
    private static final Pattern DRIVEN = Pattern.compile("(?is)^\\s*INSERT\\s+INTO\\s+(" + NAME + ")\\s*(?:\\(([^)]*)\\))?\\s*"
            + "SELECT\\s+.+?\\s+FROM\\s+(" + NAME + ")(?![\\w$`.]).*$");
    private static final Pattern FROM = Pattern.compile("(?is)\\bFROM\\s+(" + NAME + ")(?![\\w$`.])");
    private static final Pattern STATEMENT_SET = Pattern.compile("(?is)^\\s*EXECUTE\\s+STATEMENT\\s+SET\\s+BEGIN\\s+(.*?)\\s*END\\s*;?\\s*$");
    private static final java.util.Set<String> DATABASE_SINKS = java.util.Set.of("jdbc", "cdcbridge-jdbc");
    private static final Pattern ITEM = Pattern.compile("(?i)^(`[^`]+`|[\\w$]+)(?:\\s+(?:AS\\s+)?(`[^`]+`|[\\w$]+))?$");

    private static final int RECHECKS = 1;
    private static final java.time.Duration RECHECK_AFTER = java.time.Duration.ofSeconds(3);
    private static final java.time.Duration CATCH_UP = java.time.Duration.ofSeconds(60);
    // the sinks whose topics verify reads as written: a value per key, or a log of records
    private static final java.util.Set<String> TOPIC_SINKS = java.util.Set.of("kafka", "upsert-kafka");
    private static final java.util.Set<String> KAFKA_SOURCES = java.util.Set.of("kafka", "upsert-kafka", "cdcbridge-kafka");

    /** The heap (MiB) a topic comparison sorts in by default, beyond it on disk: a fraction of the server's 1 GiB. */
    public static final int DEFAULT_TOPIC_MEMORY_MIB = 64;

    private final StatementService statements;
    private final Engine engine;
    private final SpillSpace spills;

    /** @param spills where (and in how much memory) topics are compared */
    public StatementVerification(StatementService statements, Engine engine, SpillSpace spills) {
        this.statements = statements;
        this.engine = engine;
        this.spills = spills;
    }

    // The one comparison statement name stands for, for tests that look at a single request.
    VerifyRequest request(String name) throws EngineException {
        List<VerifyRequest> all = requests(name);
        if (all.size() > 1) {
            throw new IllegalArgumentException("statement '" + name + "' writes " + all.size() + " database tables: each is"
                    + " compared in turn by verify");
        }
        return all.get(0);
    }

    /**
     * The comparisons statement {@code name} stands for: one per database table it writes (a whole schema's statement
     * set writes many), else its one INSERT that writes a topic.
     */
    public List<VerifyRequest> requests(String name) throws EngineException {
        List<Hop> inserts = hops(name);
        if (inserts.isEmpty()) {
            throw new IllegalArgumentException("statement '" + name + "' is not an INSERT INTO one table from one table:"
                    + " verify it with --source and --target, naming the tables");
        }
        List<Hop> databases = inserts.stream().filter(h -> DATABASE_SINKS.contains(String.valueOf(h.target().connector()))).toList();
        List<VerifyRequest> out = new ArrayList<>();
        for (Hop hop : databases.isEmpty() ? inserts.subList(0, 1) : databases) out.add(request(name, hop));
        return out;
    }

    private VerifyRequest request(String name, Hop hop) throws EngineException {
        TableShape target = hop.target();
        TableShape source = hop.source();
        List<List<String>> pairs = hop.pairs();
        String note = hop.note();
        boolean running = hop.running();
        // a view: the table its query is driven by, keys and counts only
        for (int hops = 0; source.view() && hops < 10; hops++) {
            TableShape view = source;
            if (note == null) note = "the query reads view '" + view.name() + "'";
            pairs = target.physicalColumns().stream().map(c -> List.of(c.name(), c.name())).toList();
            source = drivingTable(name, view);
        }
        // a statement reading a topic: the tables at the far end are compared, through the statements between
        for (int hops = 0; isTopic(source) && hops < 3; hops++) {
            TableShape reading = source;
            Optional<Hop> upstream = upstream(reading, name);
            if (upstream.isEmpty() && hops == 0 && DATABASE_SINKS.contains(String.valueOf(target.connector()))) {
                return recomputed(name, hop, topicOf(reading));
            }
            if (upstream.isEmpty() && hops == 0) {
                throw new IllegalArgumentException("statement '" + name + "' reads Kafka topic '" + topicOf(reading) + "', which no"
                        + " statement here writes from a database table, and writes '" + target.name() + "', not a database table:"
                        + " verify compares a statement's target with a PostgreSQL, MySQL or MariaDB table, or a database table it"
                        + " writes with its query run again over its topics; here neither end is one");
            }
            Hop up = upstream.orElseThrow(() -> new IllegalArgumentException("statement '" + name + "' reads "
                    + "Kafka topic '" + topicOf(reading) + "', which no statement here writes from a database table: verify "
                    + "the tables at both ends with --source and --target"));
            if (note == null && up.note() == null) pairs = compose(up.pairs(), pairs);
            if (note == null) note = up.note();
            running |= up.running();
            source = up.source();
        }
        List<String> targetColumns = pairs.stream().map(p -> p.get(1)).toList();
        List<List<String>> key = new ArrayList<>();
        List<List<String>> values = new ArrayList<>();
        for (String k : target.primaryKey()) {
            int at = targetColumns.indexOf(k);
            key.add(List.of(note == null && at >= 0 ? pairs.get(at).get(0) : k, k));
        }
        if (key.isEmpty()) throw new IllegalArgumentException("the target table '" + target.name() + "' has no primary key: verify compares rows by key");
        if (note == null) {
            for (List<String> p : pairs) if (!target.primaryKey().contains(p.get(1))) values.add(p);
        }
        String connector = String.valueOf(source.connector());
        Optional<String> slot = connector.equals("postgres-cdc") || connector.equals("cdcbridge-postgres")
                ? Optional.ofNullable(source.options().get("slot.name")) : Optional.empty();
        Optional<String> compared = Optional.ofNullable(note).map(n -> n + ": keys and counts compared, not values");
        VerifyRequest.Location from = location(source, "source");
        if (DATABASE_SINKS.contains(String.valueOf(target.connector())) || target.view()) {
            Map<String, String> sink = target.options();
            String deleteMode = sink.getOrDefault("delete-mode", "hard");
            Optional<String> softDelete = deleteMode.equalsIgnoreCase("soft")
                    ? Optional.of(sink.getOrDefault("soft-delete-column", "__deleted")) : Optional.empty();
            return new VerifyRequest(from, location(target, "target"), key, values, softDelete, deleteMode.equalsIgnoreCase("ignore"),
                    Optional.ofNullable(sink.get("version-column")), compared, slot, running, Optional.empty(), Optional.empty());
        }
        // a topic: its latest value per key, copied into a scratch table beside the source
        List<String> copied = new ArrayList<>(target.primaryKey());
        values.forEach(v -> copied.add(v.get(1)));
        String topic = writtenTopic(hop);
        // a statement reading one table writes chosen rows again from a bounded read of it; a join's other tables stream
        Optional<Republish> republish = !hop.projection() || source != hop.source() ? Optional.empty()
                : Optional.of(new Republish(statements.resolved(name), hop.insert(), source, key.stream().map(k -> k.get(0)).toList()));
        TopicSnapshot snapshot = TopicSnapshot.of(target, topic, copied, from, republish);
        String read = "the target is topic '" + topic + "' read to its end, its latest value per key";
        return new VerifyRequest(from, snapshot.scratch(), key, values, Optional.empty(), false, Optional.empty(),
                Optional.of(compared.map(c -> read + "; " + c).orElse(read)), slot, running, Optional.of(snapshot), Optional.empty());
    }

    /**
     * A statement writing a database table from topics a producer fills: the target compared, column by column, with
     * the statement's own query run again over the topics into a scratch table beside the target.
     */
    private VerifyRequest recomputed(String name, Hop hop, String topic) throws EngineException {
        TableShape target = hop.target();
        if (target.primaryKey().isEmpty()) {
            throw new IllegalArgumentException("the target table '" + target.name() + "' has no primary key: verify compares rows by key");
        }
        StatementJob job = statements.resolved(name);
        List<TableShape> topics = new ArrayList<>();
        try (EngineSession session = engine.openSession(job.definitions())) {
            for (String t : session.tables()) {
                Optional<TableShape> shape = session.table(t);
                if (shape.isPresent() && !shape.get().view() && !t.equals(target.name()) && isTopic(shape.get())) topics.add(shape.get());
            }
        }
        VerifyRequest.Location to = location(target, "target");
        VerifyRequest.Location scratch = TopicSnapshot.beside(to, "");
        // a stopped statement is compared with what it read, up to its latest offsets; a running one with its topics'
        // ends, and checked again once it has read them (the sink writes before the offsets are committed)
        Map<String, Map<Integer, Long>> ends = hop.running() ? Map.of() : BoundedScript.stoppedAt(statements.get(name));
        Recompute recompute = Recompute.of(job, hop.insert(), target, topics, ends, scratch,
                "the statement's query run again over topic '" + topic + "' (a producer fills it) "
                        + (ends.isEmpty() ? "to its end" : "to where the statement stopped"));
        List<List<String>> key = target.primaryKey().stream().map(k -> List.of(k, k)).toList();
        List<List<String>> values = target.physicalColumns().stream().map(TableShape.Column::name)
                .filter(c -> !target.primaryKey().contains(c)).map(c -> List.of(c, c)).toList();
        Map<String, String> sink = target.options();
        String deleteMode = sink.getOrDefault("delete-mode", "hard");
        Optional<String> softDelete = deleteMode.equalsIgnoreCase("soft")
                ? Optional.of(sink.getOrDefault("soft-delete-column", "__deleted")) : Optional.empty();
        return new VerifyRequest(scratch, to, key, values, softDelete, deleteMode.equalsIgnoreCase("ignore"),
                Optional.ofNullable(sink.get("version-column")), Optional.empty(), Optional.empty(), hop.running(),
                Optional.empty(), Optional.of(recompute));
    }

    /**
     * Verifies statement {@code name} with {@code verifier} (and repairs it): a topic it writes is first copied, as it
     * is when the verification starts, into a scratch table beside the source, dropped afterwards.
     */
    public Map<String, Object> verify(String name, TableVerifier verifier, boolean repair) throws Exception {
        Optional<WrittenTopics> topics = writtenTopics(name);
        if (topics.isPresent()) {
            return topics.get().verify(repair, () -> {
                try {
                    caughtUp(name);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (EngineException e) {
                    // compared as it is; a difference in flight shows
                }
            });
        }
        List<VerifyRequest> requests = requests(name);
        if (requests.size() == 1) return verify(name, requests.get(0), verifier, repair);
        List<Map<String, Object>> reports = new ArrayList<>();
        for (VerifyRequest request : requests) reports.add(verify(name, request, verifier, repair));
        return TableReports.combine(requests.stream().map(r -> r.target().name()).toList(), reports);
    }

    private Map<String, Object> verify(String name, VerifyRequest request, TableVerifier verifier, boolean repair) throws Exception {
        if (request.recompute().isPresent()) return verifyRecomputed(name, request, verifier, repair);
        if (request.topic().isEmpty()) return verifier.verify(request, repair);
        TopicSnapshot topic = request.topic().get();
        if (repair && topic.republish().isEmpty()) {
            throw new IllegalArgumentException("repair writes a topic's rows again through a statement reading one table; statement '"
                    + name + "' " + request.note().orElse("reads more") + ": restart it from a savepoint before the difference");
        }
        try {
            Map<String, Object> report = verifyTopic(request, verifier, repair);
            if (!report.containsKey("repair")) return report;
            topic.republish().get().run(engine, topic.keys());
            Map<String, Object> out = new java.util.LinkedHashMap<>(report);
            out.put("after_repair", verifyTopic(request, verifier, false));
            return out;
        } finally {
            verifier.drop(topic.scratch());
            verifier.drop(topic.keys());
        }
    }

    /**
     * A statement whose every source is a topic no statement here fills from a database table (a producer does) and
     * whose every sink is a topic: neither end is a database table, so what it wrote is compared with its query run again.
     */
    private Optional<WrittenTopics> writtenTopics(String name) throws EngineException {
        // a statement writing a database table goes the tables' way, its query not planned here
        if (!hops(name).stream().allMatch(h -> TOPIC_SINKS.contains(String.valueOf(h.target().connector())))) return Optional.empty();
        StatementJob job = statements.resolved(name);
        List<TableShape> sinks = new ArrayList<>();
        List<TableShape> sources = new ArrayList<>();
        try (EngineSession session = engine.openSession(job.definitions())) {
            io.cdcbridge.control.engine.QueryPlan plan = session.validate(job.statement(), job.properties());
            for (String t : plan.sinks()) sinks.add(table(session, t));
            for (String t : plan.sources()) sources.add(table(session, t));
        } catch (EngineException e) {
            // a query that no longer plans: the tables' way says what is wrong with it
            return Optional.empty();
        }
        if (sinks.isEmpty() || !sinks.stream().allMatch(s -> TOPIC_SINKS.contains(String.valueOf(s.connector())) && isTopic(s))) {
            return Optional.empty();
        }
        for (TableShape s : sources) {
            if (!isTopic(s) || upstream(s, name).isPresent()) return Optional.empty();
        }
        List<Statement> others = statements.list().stream().filter(s -> !s.name().equals(name)).toList();
        return Optional.of(new WrittenTopics(engine, statements.get(name), job, others, sinks, sources, spills));
    }

    // the topic copied as it is now and compared; while the statement runs, a difference is checked on a later copy
    private Map<String, Object> verifyTopic(VerifyRequest request, TableVerifier verifier, boolean repair) throws Exception {
        TopicSnapshot topic = request.topic().orElseThrow();
        Map<String, Object> report = null;
        int attempts = request.running() ? RECHECKS + 1 : 1;
        for (int attempt = 0; attempt < attempts; attempt++) {
            if (attempt > 0) Thread.sleep(RECHECK_AFTER.toMillis());
            verifier.drop(topic.scratch());
            topic.copy(engine);
            report = verifier.verify(request, repair && attempt == attempts - 1);
            if (Boolean.TRUE.equals(report.get("equal"))) return report;
        }
        return report;
    }

    /**
     * The statement's query run again over its topics and compared with the target; a repair writes the differing rows
     * from that result as the sink would (a newer target row kept). While the statement runs, a difference is checked
     * again once the statement has read what the topics held (no messages behind), on a result run again.
     */
    private Map<String, Object> verifyRecomputed(String name, VerifyRequest request, TableVerifier verifier, boolean repair)
            throws Exception {
        Recompute recompute = request.recompute().orElseThrow();
        try {
            Map<String, Object> report = null;
            int attempts = request.running() ? RECHECKS + 1 : 1;
            for (int attempt = 0; attempt < attempts; attempt++) {
                if (attempt > 0) caughtUp(name);
                verifier.drop(request.source());
                recompute.run(engine);
                report = verifier.verify(request, repair && (attempt == attempts - 1));
                if (Boolean.TRUE.equals(report.get("equal"))) break;
            }
            Map<String, Object> out = new java.util.LinkedHashMap<>(report);
            out.put("recomputed", recompute.described());
            out.put("summary", "source: " + recompute.described() + ", in the scratch table below\n" + report.get("summary"));
            return out;
        } finally {
            verifier.drop(request.source());
            verifier.drop(recompute.tombstones());
        }
    }

    // waits (bounded) until the statement has read its sources to their ends as they are now
    private void caughtUp(String name) throws InterruptedException, EngineException {
        StatementJob job = statements.resolved(name);
        java.time.Instant deadline = java.time.Instant.now().plus(CATCH_UP);
        while (java.time.Instant.now().isBefore(deadline)) {
            java.util.OptionalLong behind = engine.messagesBehind(job);
            if (behind.isEmpty() || behind.getAsLong() == 0) return;
            Thread.sleep(500);
        }
    }

    // the first table or view a view's FROM names (FROM also stands in expressions: SUBSTRING(x FROM 2))
    private TableShape drivingTable(String statement, TableShape view) throws EngineException {
        StatementJob job = statements.resolved(statement);
        try (EngineSession session = engine.openSession(job.definitions())) {
            Matcher from = FROM.matcher(view.query());
            while (from.find()) {
                Optional<TableShape> t = session.table(catalogName(from.group(1)));
                if (t.isPresent()) return t.get();
            }
        }
        throw new IllegalArgumentException("the statement's source '" + view.name() + "' is a view that reads no table");
    }

    /**
     * One statement's INSERT: the tables it reads and writes, each target column with the source column it holds
     * (source, target), or why its query is more than a projection.
     */
    private record Hop(TableShape source, TableShape target, List<List<String>> pairs, String note, boolean running, String insert,
                       boolean projection) {}

    // every INSERT of the statement (one, or each of a statement set's) that copies one table into another
    private List<Hop> hops(String name) throws EngineException {
        Statement s = statements.get(name);
        StatementJob job = statements.resolved(name);
        List<Hop> out = new ArrayList<>();
        try (EngineSession session = engine.openSession(job.definitions())) {
            for (String insert : inserts(job.statement())) {
                boolean running = s.status().phase() == Phase.RUNNING;
                Matcher m = INSERT.matcher(insert);
                Matcher driven = DRIVEN.matcher(insert);
                boolean drivenBy = driven.matches();
                // a FROM further on (a join's subquery) is no projection of one table
                if (m.matches() && (!drivenBy || sameName(driven.group(3), m.group(4)))) {
                    out.add(hop(session, m, running, insert));
                } else if (drivenBy) {
                    TableShape target = table(session, driven.group(1));
                    TableShape source = table(session, driven.group(3));
                    List<String> columns = driven.group(2) != null ? names(driven.group(2))
                            : target.physicalColumns().stream().map(TableShape.Column::name).toList();
                    out.add(new Hop(source, target, columns.stream().map(c -> List.of(c, c)).toList(),
                            "the query joins or aggregates, driven by table '" + source.name() + "'", running, insert, false));
                }
            }
        }
        return out;
    }

    /**
     * A projection of one table (an INSERT the projection pattern matches) narrowed to the rows whose key the table
     * {@code keys} (of the key columns) holds: its own WHERE, if any, and the keys; the table read keeps its name and
     * its option hint.
     */
    static String narrowed(String insert, String keys, List<String> key) {
        Matcher m = INSERT.matcher(insert);
        if (!m.matches()) throw new IllegalStateException("not a projection of one table: " + insert);
        // the table read is known in its query by its name's last part
        String read = m.group(4);
        String alias = TopicSnapshot.quote(unquote(read.substring(read.lastIndexOf('.') + 1).strip()));
        String listed = "EXISTS (SELECT 1 FROM " + TopicSnapshot.quote(keys) + " cdcbridge_verify_k WHERE " + String.join(" AND ",
                key.stream().map(k -> "cdcbridge_verify_k." + TopicSnapshot.quote(k) + " = " + alias + "." + TopicSnapshot.quote(k)).toList()) + ")";
        if (m.group(5) != null) return insert.substring(0, m.start(5)) + "WHERE (" + m.group(5).substring(5).strip() + ") AND " + listed;
        return insert.replaceFirst("\\s*;?\\s*$", "") + " WHERE " + listed;
    }

    private static List<String> inserts(String statement) {
        Matcher set = STATEMENT_SET.matcher(statement);
        if (!set.matches()) return List.of(statement);
        List<String> out = new ArrayList<>();
        boolean quoted = false;
        StringBuilder one = new StringBuilder();
        for (char c : set.group(1).toCharArray()) {
            if (c == '\'' || c == '`') quoted = !quoted;
            if (c == ';' && !quoted) {
                out.add(one.toString());
                one.setLength(0);
            } else {
                one.append(c);
            }
        }
        if (!one.toString().isBlank()) out.add(one.toString());
        return out;
    }

    private static Hop hop(EngineSession session, Matcher m, boolean running, String insert) throws EngineException {
        TableShape target = table(session, m.group(1));
        TableShape source = table(session, m.group(4));
        List<String> targetColumns = m.group(2) != null ? names(m.group(2))
                : target.physicalColumns().stream().map(TableShape.Column::name).toList();
        List<String> sourceColumns = new ArrayList<>();
        String note = null;
        if (m.group(5) != null) note = "the query filters rows (WHERE)";
        List<String> items = splitItems(m.group(3));
        if (items.size() == 1 && items.get(0).equals("*")) {
            sourceColumns.addAll(source.physicalColumns().stream().map(TableShape.Column::name).toList());
        } else {
            for (String item : items) {
                Matcher i = ITEM.matcher(item);
                if (!i.matches()) {
                    if (note == null) note = "the query computes '" + item + "'";
                    break;
                }
                sourceColumns.add(unquote(i.group(1)));
            }
        }
        if (note == null && sourceColumns.size() != targetColumns.size()) note = "the query's columns are not the target's";
        List<List<String>> pairs = new ArrayList<>();
        for (int i = 0; note == null && i < targetColumns.size(); i++) pairs.add(List.of(sourceColumns.get(i), targetColumns.get(i)));
        if (note != null) for (String t : targetColumns) pairs.add(List.of(t, t));
        return new Hop(source, target, pairs, note, running, insert, true);
    }

    /** The statement that writes the topic a table reads, if one here does. */
    private Optional<Hop> upstream(TableShape topicTable, String except) throws EngineException {
        String topic = topicOf(topicTable);
        for (Statement other : statements.list()) {
            if (other.name().equals(except)) continue;
            for (Hop up : hops(other.name())) {
                if (topic.equals(writtenTopic(up))) return Optional.of(up);
            }
        }
        return Optional.empty();
    }

    private static boolean isTopic(TableShape t) {
        return KAFKA_SOURCES.contains(String.valueOf(t.connector())) && t.options().containsKey("topic");
    }

    private static String topicOf(TableShape t) {
        return t.options().get("topic");
    }

    // the topic a statement writes: its table's, or Debezium's <prefix>.<schema>.<table> of the table it reads,
    // made valid for Kafka as the sink makes it
    private String writtenTopic(Hop hop) {
        Map<String, String> o = hop.target().options();
        String connector = String.valueOf(hop.target().connector());
        if (connector.equals("debezium-kafka") && !o.containsKey("topic") && o.containsKey("topic.prefix")) {
            Map<String, String> from = hop.source().options();
            // Debezium's MySQL layout names the topic by the database, the PostgreSQL one by the schema
            String middle = "mysql".equalsIgnoreCase(o.get("source.connector"))
                    ? o.getOrDefault("source.db", from.get("database-name"))
                    : o.getOrDefault("source.schema", from.getOrDefault("schema-name", "public"));
            return engine.topicName(o.get("topic.prefix") + "." + middle + "." + o.getOrDefault("source.table", from.get("table-name")));
        }
        return o.get("topic");
    }

    // (a -> b) then (b -> c): (a -> c) for each column of the second that the first fills
    private static List<List<String>> compose(List<List<String>> first, List<List<String>> second) {
        List<List<String>> out = new ArrayList<>();
        for (List<String> p : second) {
            first.stream().filter(f -> f.get(1).equals(p.get(0))).findFirst().ifPresent(f -> out.add(List.of(f.get(0), p.get(1))));
        }
        return out;
    }

    private static TableShape table(EngineSession session, String written) throws EngineException {
        String name = catalogName(written);
        return session.table(name).orElseThrow(() -> new IllegalArgumentException("no table '" + name + "' in the statement's catalog"));
    }

    /**
     * A cdcbridge-mysql table's TLS as the MariaDB driver's properties, mapped as its reader maps them (connectors'
     * MysqlTls): required trusts any certificate, the verify modes check it; preferred and disabled go without.
     */
    private static Map<String, String> tls(Map<String, String> o) {
        String mode = switch (o.getOrDefault("ssl.mode", "preferred")) {
            case "required" -> "trust";
            case "verify-ca" -> "verify-ca";
            case "verify-identity" -> "verify-full";
            default -> null;
        };
        if (mode == null) return Map.of();
        return o.containsKey("ssl.ca") ? Map.of("sslMode", mode, "serverSslCert", o.get("ssl.ca")) : Map.of("sslMode", mode);
    }

    /** Where a table lives, from its connector's options. */
    private static VerifyRequest.Location location(TableShape t, String role) {
        if (t.view()) {
            throw new IllegalArgumentException("the statement's " + role + " '" + t.name() + "' is a view, not a table: verify compares"
                    + " database tables; name the tables at both ends with --source and --target");
        }
        Map<String, String> o = t.options();
        String connector = String.valueOf(t.connector());
        return switch (connector) {
            case "postgres-cdc", "cdcbridge-postgres" -> new VerifyRequest.Location(
                    "jdbc:postgresql://" + o.get("hostname") + ":" + o.getOrDefault("port", "5432") + "/" + o.get("database-name"),
                    o.get("username"), o.get("password"), List.of(o.getOrDefault("schema-name", "public"), o.get("table-name")));
            case "mysql-cdc", "cdcbridge-mysql" -> new VerifyRequest.Location(
                    "jdbc:mysql://" + o.get("hostname") + ":" + o.getOrDefault("port", "3306") + "/" + o.get("database-name"),
                    o.get("username"), o.get("password"), List.of(o.get("database-name"), o.get("table-name")), tls(o));
            case "jdbc", "cdcbridge-jdbc" -> new VerifyRequest.Location(o.get("url"), o.get("username"), o.get("password"),
                    List.of(o.get("table-name").split("\\.", 2)));
            default -> throw new IllegalArgumentException("the statement's " + role + " '" + t.name() + "' is a '" + connector
                    + "' table: verify compares tables of PostgreSQL, MySQL and MariaDB (postgres-cdc, cdcbridge-postgres, mysql-cdc, cdcbridge-mysql, jdbc, cdcbridge-jdbc)");
        };
    }

    private static boolean sameName(String a, String b) {
        return catalogName(a).equals(catalogName(b));
    }

    private static List<String> names(String list) {
        return splitItems(list).stream().map(StatementVerification::unquote).toList();
    }

    // the SELECT list's items, split at commas outside parentheses and quotes
    private static List<String> splitItems(String list) {
        List<String> items = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        StringBuilder item = new StringBuilder();
        for (char c : list.toCharArray()) {
            if (c == '`' || c == '\'') quoted = !quoted;
            if (!quoted && c == '(') depth++;
            if (!quoted && c == ')') depth--;
            if (!quoted && depth == 0 && c == ',') {
                items.add(item.toString().strip());
                item.setLength(0);
            } else {
                item.append(c);
            }
        }
        items.add(item.toString().strip());
        return items;
    }

    // a table's name as the catalog holds it: blanks between its parts dropped, those inside quotes kept, quotes undone
    private static String catalogName(String written) {
        return SqlText.compact(written).replace("``", "\0").replace("`", "").replace('\0', '`');
    }

    private static String unquote(String name) {
        return name.replace("`", "");
    }
}
