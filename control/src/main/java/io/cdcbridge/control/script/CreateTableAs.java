package io.cdcbridge.control.script;

import io.cdcbridge.control.contract.ContractGuard;
import io.cdcbridge.control.engine.TableShape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code CREATE [OR REPLACE] TABLE name [(columns, constraints)] [PRIMARY KEY (...) [NOT ENFORCED]]
 * [DISTRIBUTED [BY [HASH] (cols)] INTO n BUCKETS] [WITH (...)] AS query}, as Confluent Cloud writes it, taken apart
 * into what cdcbridge runs instead: a plain CREATE TABLE whose columns are the query's, and the INSERT that maintains
 * the table. Flink 1.20 takes neither the key outside the parentheses nor columns in a CTAS, and its Kafka sinks refuse
 * buckets, so the bucket count is kept as the cdcbridge option {@value #BUCKETS} (a topic of that many partitions).
 */
public record CreateTableAs(String name, boolean replace, List<String> declared, List<String> primaryKey,
                            OptionalInt buckets, List<String> distributedBy, String comment,
                            Map<String, String> options, String query, UnaryOperator<String> topicNames) {

    /** The table option that keeps a CTAS's bucket count; the engine keeps it away from connectors as other contract options. */
    public static final String BUCKETS = ContractGuard.BUCKETS_OPTION;

    private static final Pattern HEAD = Pattern.compile(
            "(?is)^\\s*(CREATE\\s+OR\\s+REPLACE|REPLACE|CREATE)\\s+TABLE\\s+(IF\\s+NOT\\s+EXISTS\\s+)?((?:`(?:[^`]|``)+`|[\\w$]+)(?:\\.(?:`(?:[^`]|``)+`|[\\w$]+))*)");

    public CreateTableAs {
        declared = List.copyOf(declared);
        primaryKey = List.copyOf(primaryKey);
        distributedBy = List.copyOf(distributedBy);
        options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /** Whether a script statement is a CREATE TABLE ... AS query. */
    public static boolean is(String sql) {
        String s = sql.strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
        return s.matches("^(CREATE|REPLACE) .*TABLE .*\\bAS \\(?\\s*(SELECT|WITH|VALUES)\\b.*");
    }

    /**
     * Takes a CTAS apart; says what is wrong in words otherwise.
     *
     * @param topicNames the topic a table of a name is published on by default ({@code Engine.topicName})
     */
    public static CreateTableAs parse(String sql, UnaryOperator<String> topicNames) {
        Matcher head = HEAD.matcher(sql);
        if (!head.find()) throw new IllegalArgumentException("expected CREATE TABLE name ... AS SELECT ...");
        if (head.group(2) != null) {
            throw new IllegalArgumentException("CREATE TABLE IF NOT EXISTS ... AS is not supported: the statement it would"
                    + " start is not wanted when the table exists; use CREATE TABLE, or CREATE OR REPLACE TABLE");
        }
        boolean replace = !head.group(1).toUpperCase(Locale.ROOT).equals("CREATE");
        List<String> declared = new ArrayList<>();
        List<String> key = new ArrayList<>();
        List<String> by = new ArrayList<>();
        Integer buckets = null;
        String comment = null;
        Map<String, String> options = new LinkedHashMap<>();
        int p = head.end();
        while (true) {
            p = SqlText.skipSpace(sql, p);
            if (p >= sql.length()) throw new IllegalArgumentException("expected AS SELECT ... after the table's clauses");
            if (sql.charAt(p) == '(' && declared.isEmpty()) {
                int close = SqlText.closing(sql, p);
                for (String item : SqlText.splitTopLevel(sql.substring(p + 1, close))) {
                    List<String> inner = keyIn(item);
                    if (inner != null) key(key, inner);
                    else declared.add(item.strip());
                }
                p = close + 1;
            } else if (SqlText.word(sql, p, "PRIMARY KEY")) {
                int open = SqlText.expect(sql, p + "PRIMARY".length(), "KEY", '(');
                int close = SqlText.closing(sql, open);
                key(key, SqlText.identifiers(sql.substring(open + 1, close)));
                p = close + 1;
                int q = SqlText.skipSpace(sql, p);
                if (SqlText.word(sql, q, "NOT ENFORCED")) p = sql.toUpperCase(Locale.ROOT).indexOf("ENFORCED", q) + "ENFORCED".length();
            } else if (SqlText.word(sql, p, "DISTRIBUTED")) {
                Matcher m = Pattern.compile("(?is)\\GDISTRIBUTED\\s+(?:BY\\s+(?:HASH\\s*)?\\(([^)]*)\\)\\s*)?(?:INTO\\s+(\\d+)\\s+BUCKETS)?")
                        .matcher(sql);
                if (!m.find(p) || m.group(2) == null) {
                    throw new IllegalArgumentException("expected DISTRIBUTED [BY (columns)] INTO n BUCKETS");
                }
                if (m.group(1) != null) key(by, SqlText.identifiers(m.group(1)));
                buckets = Integer.parseInt(m.group(2));
                if (buckets < 1) throw new IllegalArgumentException("a table needs at least 1 bucket");
                p = m.end();
            } else if (SqlText.word(sql, p, "COMMENT")) {
                int open = SqlText.skipSpace(sql, p + "COMMENT".length());
                int close = SqlText.closingQuote(sql, open);
                comment = sql.substring(open, close + 1);
                p = close + 1;
            } else if (SqlText.word(sql, p, "WITH") && sql.startsWith("(", SqlText.skipSpace(sql, p + 4))) {
                p = SqlText.options(sql, p, options);
            } else if (SqlText.word(sql, p, "AS")) {
                String query = sql.substring(p + 2).strip();
                if (query.isEmpty()) throw new IllegalArgumentException("expected a query after AS");
                return new CreateTableAs(head.group(3), replace, declared, key,
                        buckets == null ? OptionalInt.empty() : OptionalInt.of(buckets), by, comment, options, query, topicNames);
            } else {
                String rest = sql.substring(p).strip();
                throw new IllegalArgumentException("unexpected '" + rest.split("\\s+")[0] + "' in CREATE TABLE ... AS;"
                        + " expected (columns), PRIMARY KEY, DISTRIBUTED ... INTO n BUCKETS, COMMENT, WITH or AS");
            }
        }
    }

    /** The table's name as a topic or target is named after it: the last part, unquoted. */
    public String simpleName() {
        String last = name.substring(name.lastIndexOf('.') + 1);
        return last.startsWith("`") ? last.substring(1, last.length() - 1).replace("``", "`") : last;
    }

    /**
     * The options the table is created with: those written, or, when no connector is written, cdcbridge's default for
     * the embedded stack: a topic named after the table (made valid for Kafka) on {@code ${KAFKA_BOOTSTRAP_SERVERS}}, JSON, {@code upsert-kafka}
     * with a primary key, else {@code kafka}. The bucket count is added as {@value #BUCKETS}.
     */
    public Map<String, String> tableOptions() {
        Map<String, String> out = new LinkedHashMap<>();
        if (!options.containsKey("connector")) {
            out.put("connector", primaryKey.isEmpty() ? "kafka" : "upsert-kafka");
            out.put("topic", topicNames.apply(simpleName()));
            out.put("properties.bootstrap.servers", "${KAFKA_BOOTSTRAP_SERVERS}");
            if (primaryKey.isEmpty()) {
                out.put("format", "json");
            } else {
                out.put("key.format", "json");
                out.put("value.format", "json");
            }
        }
        out.putAll(options);
        buckets.ifPresent(n -> out.put(BUCKETS, String.valueOf(n)));
        return out;
    }

    /**
     * The CREATE TABLE that defines the table: columns declared in parentheses first (those the query does not have,
     * as Flink 2's CTAS puts them), then the query's columns (a declared column of the same name in its place),
     * the key's columns NOT NULL.
     */
    public String ddl(List<TableShape.Column> queryColumns) {
        Map<String, String> byName = new LinkedHashMap<>();
        List<String> constraints = new ArrayList<>();
        for (String item : declared) {
            if (isConstraint(item)) constraints.add(item);
            else byName.put(SqlText.unquote(SqlText.identifiers(item).get(0)), item);
        }
        List<String> queryNames = queryColumns.stream().map(TableShape.Column::name).toList();
        for (String k : primaryKey) {
            if (!queryNames.contains(k) && !byName.containsKey(k)) {
                throw new IllegalArgumentException("primary key column '" + k + "' is not a column of the query " + queryNames);
            }
        }
        if (!distributedBy.isEmpty() && !distributedBy.equals(primaryKey)) {
            throw new IllegalArgumentException("DISTRIBUTED BY " + TableShape.key(distributedBy) + ": a topic's records are"
                    + " partitioned by their key, so the columns must be the primary key " + TableShape.key(primaryKey));
        }
        List<String> lines = new ArrayList<>();
        byName.forEach((n, item) -> {
            if (!queryNames.contains(n)) lines.add(item);
        });
        for (TableShape.Column c : queryColumns) {
            String own = byName.get(c.name());
            boolean notNull = !c.nullable() || primaryKey.contains(c.name());
            lines.add(own != null ? own : SqlText.quote(c.name()) + " " + c.type() + (notNull ? " NOT NULL" : ""));
        }
        lines.addAll(constraints);
        if (!primaryKey.isEmpty()) {
            lines.add("PRIMARY KEY (" + String.join(", ", primaryKey.stream().map(SqlText::quote).toList()) + ") NOT ENFORCED");
        }
        StringBuilder b = new StringBuilder("CREATE TABLE ").append(name).append(" (\n  ")
                .append(String.join(",\n  ", lines)).append("\n)");
        if (comment != null) b.append(" COMMENT ").append(comment);
        b.append(" WITH (\n");
        return b.append(SqlText.withOptions(tableOptions())).append("\n)").toString();
    }

    /** The statement that maintains the table; names the query's columns when declared columns come before them. */
    public String insert(List<TableShape.Column> queryColumns) {
        boolean extra = declared.stream().filter(i -> !isConstraint(i))
                .map(i -> SqlText.unquote(SqlText.identifiers(i).get(0)))
                .anyMatch(n -> queryColumns.stream().noneMatch(c -> c.name().equals(n)));
        String columns = extra ? " (" + String.join(", ", queryColumns.stream().map(c -> SqlText.quote(c.name())).toList()) + ")" : "";
        return "INSERT INTO " + name + columns + "\n" + query;
    }

    private static void key(List<String> key, List<String> columns) {
        if (!key.isEmpty()) throw new IllegalArgumentException("the primary key or the distribution is declared twice");
        // the seed writes PRIMARY KEY (v_orders.order_id): a table's column has no qualifier
        for (String c : columns) key.add(SqlText.unquote(c.substring(c.lastIndexOf('.') + 1)));
    }

    // the columns of PRIMARY KEY (...) or CONSTRAINT x PRIMARY KEY (...) declared in the parentheses, else null
    private static List<String> keyIn(String item) {
        Matcher m = Pattern.compile("(?is)^\\s*(?:CONSTRAINT\\s+\\S+\\s+)?PRIMARY\\s+KEY\\s*\\(([^)]*)\\)(\\s*NOT\\s+ENFORCED)?\\s*$").matcher(item);
        return m.matches() ? SqlText.identifiers(m.group(1)) : null;
    }

    private static boolean isConstraint(String item) {
        return item.strip().toUpperCase(Locale.ROOT).matches("^(WATERMARK|CONSTRAINT|UNIQUE)\\b.*");
    }

}
