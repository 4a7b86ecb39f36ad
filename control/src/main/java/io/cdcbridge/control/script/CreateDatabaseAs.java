package io.cdcbridge.control.script;

import io.cdcbridge.control.engine.TableShape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code CREATE DATABASE [IF NOT EXISTS] target WITH (target options) AS DATABASE schema {INCLUDING ALL TABLES |
 * INCLUDING TABLE 'regex'} [EXCLUDING TABLE 'regex'] WITH (source options)}: a whole schema, or the tables of it whose
 * names match, declared at once, as Ververica Platform's and Alibaba Realtime Compute's CREATE DATABASE AS writes it
 * (their source is a catalog's database and its options a hint; cdcbridge has no PostgreSQL catalog, so the source's
 * options are a WITH as a table's are). It expands to what a user would otherwise write table by table: per source
 * table a source table with its columns and key and a target table {@code target.<table>} created by the sink, and
 * one statement set of an {@code INSERT INTO target SELECT * FROM source} each, all sources on the one slot.
 */
public record CreateDatabaseAs(String target, boolean ifNotExists, Map<String, String> targetOptions, String schema,
                               String including, String excluding, Map<String, String> sourceOptions) {

    /** The cdcbridge-postgres option that carries the pattern, so that tables created later are known by it. */
    public static final String NEW_TABLES = "new-tables.pattern";

    private static final Pattern HEAD = Pattern.compile("(?is)^\\s*CREATE\\s+DATABASE\\s+(IF\\s+NOT\\s+EXISTS\\s+)?("
            + "`(?:[^`]|``)+`|[\\w$]+)");
    private static final Pattern NAME = Pattern.compile("(?is)\\G`(?:[^`]|``)+`|\\G[\\w$]+");
    private static final Pattern FIRST_INSERT = Pattern.compile("(?s)INSERT INTO (`(?:[^`]|``)+`) SELECT \\* FROM (`(?:[^`]|``)+`);");
    private static final Pattern LAST_WITH = Pattern.compile("(?s)\\n\\) (WITH) \\(\\n(?!.*\\n\\) WITH \\(\\n)");
    private static final Pattern QUOTED = Pattern.compile("(?s)\\G'((?:[^']|'')*)'");

    public CreateDatabaseAs {
        targetOptions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(targetOptions));
        sourceOptions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sourceOptions));
    }

    /** Whether a script statement is a CREATE DATABASE ... AS DATABASE. */
    public static boolean is(String sql) {
        String s = sql.strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
        return s.startsWith("CREATE DATABASE ") && s.contains(" AS DATABASE ");
    }

    /** Takes the statement apart; says what is wrong and where in words otherwise. */
    public static CreateDatabaseAs parse(String sql) {
        Matcher head = HEAD.matcher(sql);
        if (!head.find()) throw new IllegalArgumentException("expected CREATE DATABASE [IF NOT EXISTS] name WITH (...) AS DATABASE ...");
        String target = SqlText.unquote(head.group(2));
        Map<String, String> targetOptions = new LinkedHashMap<>();
        int p = SqlText.skipSpace(sql, head.end());
        if (!withAt(sql, p)) throw new IllegalArgumentException(usage("the target's options, WITH ('connector' = ..., ...), after CREATE DATABASE " + target));
        p = SqlText.skipSpace(sql, SqlText.options(sql, p, targetOptions));
        if (!SqlText.word(sql, p, "AS DATABASE")) throw new IllegalArgumentException(usage("AS DATABASE after the target's WITH (...)"));
        p = SqlText.skipSpace(sql, SqlText.wordEnd(sql, p, "AS DATABASE"));
        Matcher name = NAME.matcher(sql);
        if (!name.find(p)) throw new IllegalArgumentException(usage("the source schema's name after AS DATABASE"));
        String schema = SqlText.unquote(name.group());
        p = SqlText.skipSpace(sql, name.end());
        String including;
        if (SqlText.word(sql, p, "INCLUDING ALL TABLES")) {
            including = ".*";
            p = SqlText.wordEnd(sql, p, "INCLUDING ALL TABLES");
        } else if (SqlText.word(sql, p, "INCLUDING TABLE")) {
            p = SqlText.skipSpace(sql, SqlText.wordEnd(sql, p, "INCLUDING TABLE"));
            including = quoted(sql, p, "INCLUDING TABLE");
            p = SqlText.closingQuote(sql, p) + 1;
        } else {
            throw new IllegalArgumentException(usage("INCLUDING ALL TABLES or INCLUDING TABLE 'pattern' after AS DATABASE " + schema));
        }
        p = SqlText.skipSpace(sql, p);
        String excluding = null;
        if (SqlText.word(sql, p, "EXCLUDING TABLE")) {
            p = SqlText.skipSpace(sql, SqlText.wordEnd(sql, p, "EXCLUDING TABLE"));
            excluding = quoted(sql, p, "EXCLUDING TABLE");
            p = SqlText.skipSpace(sql, SqlText.closingQuote(sql, p) + 1);
        }
        if (!withAt(sql, p)) throw new IllegalArgumentException(usage("the source's options, WITH ('connector' = 'cdcbridge-postgres', ...), after the tables"));
        Map<String, String> sourceOptions = new LinkedHashMap<>();
        p = SqlText.skipSpace(sql, SqlText.options(sql, p, sourceOptions));
        if (p < sql.length()) throw new IllegalArgumentException(usage("nothing after the source's WITH (...), found '" + sql.substring(p).strip().split("\\s+")[0] + "'"));
        for (String given : List.of("schema-name", "table-name")) {
            if (sourceOptions.containsKey(given)) {
                throw new IllegalArgumentException("the source's '" + given + "' is set per table by AS DATABASE " + schema
                        + " and INCLUDING; leave it out of the source's WITH");
            }
        }
        if (targetOptions.containsKey("table-name")) {
            throw new IllegalArgumentException("the target's 'table-name' is set per table (" + target + ".<table>); leave it out"
                    + " of the target's WITH");
        }
        for (Map<String, String> o : List.of(targetOptions, sourceOptions)) {
            if (!o.containsKey("connector")) {
                throw new IllegalArgumentException("the " + (o == targetOptions ? "target's" : "source's") + " WITH needs a 'connector'");
            }
        }
        CreateDatabaseAs cdas = new CreateDatabaseAs(target, head.group(1) != null, targetOptions, schema, including, excluding, sourceOptions);
        cdas.tables();
        return cdas;
    }

    /**
     * The table names the declaration takes: INCLUDING's pattern and not EXCLUDING's, each matched against the whole
     * name (Java regular expressions, as Ververica's), folded into one expression.
     */
    public Pattern tables() {
        String regex = excluding == null ? including : "(?!(?:" + excluding + ")$)(?:" + including + ")";
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("INCLUDING TABLE '" + including + "'" + (excluding == null ? "" : " EXCLUDING TABLE '"
                    + excluding + "'") + " is not a regular expression: " + e.getDescription());
        }
    }

    /** The clause as written, for messages: {@code AS DATABASE public INCLUDING TABLE 'a|b'}. */
    public String describe() {
        return "CREATE DATABASE " + target + " AS DATABASE " + schema + (including.equals(".*") ? " INCLUDING ALL TABLES"
                : " INCLUDING TABLE '" + including + "'") + (excluding == null ? "" : " EXCLUDING TABLE '" + excluding + "'");
    }

    /** The declaration as a script writes it (IF NOT EXISTS as declared). */
    public String sql() {
        return "CREATE DATABASE " + (ifNotExists ? "IF NOT EXISTS " : "") + SqlText.quote(target) + " WITH (\n"
                + SqlText.withOptions(targetOptions) + "\n) AS DATABASE " + SqlText.quote(schema)
                + (including.equals(".*") ? " INCLUDING ALL TABLES" : " INCLUDING TABLE '" + including.replace("'", "''") + "'")
                + (excluding == null ? "" : " EXCLUDING TABLE '" + excluding.replace("'", "''") + "'")
                + " WITH (\n" + SqlText.withOptions(sourceOptions) + "\n)";
    }

    /**
     * The declaration a statement set made by one was expanded from, as IF NOT EXISTS, taken back from the definitions
     * of its first pair of tables (those it was compiled against); its source's options keep
     * {@value #NEW_TABLES}, which is the pattern. Empty when the statement was not made so.
     */
    public static java.util.Optional<CreateDatabaseAs> declaredBy(String statementSet, List<String> definitions) {
        Matcher insert = FIRST_INSERT.matcher(statementSet);
        if (!insert.find()) return java.util.Optional.empty();
        Map<String, String> sink = optionsOf(definitions, insert.group(1));
        Map<String, String> source = optionsOf(definitions, insert.group(2));
        if (sink == null || source == null || !source.containsKey(NEW_TABLES) || !source.containsKey("table-name")) {
            return java.util.Optional.empty();
        }
        String table = source.remove("table-name");
        String schema = source.remove("schema-name");
        String targetTable = sink.remove("table-name");
        if (schema == null || targetTable == null || !targetTable.endsWith("." + table)) return java.util.Optional.empty();
        String target = targetTable.substring(0, targetTable.length() - table.length() - 1);
        return java.util.Optional.of(new CreateDatabaseAs(target, true, sink, schema, source.get(NEW_TABLES), null, source));
    }

    // the WITH options of the definition that creates Flink table name (backticked), or null
    private static Map<String, String> optionsOf(List<String> definitions, String name) {
        for (String d : definitions) {
            if (!d.startsWith("CREATE TABLE " + name + " (")) continue;
            Matcher with = LAST_WITH.matcher(d);
            if (!with.find()) return null;
            Map<String, String> options = new LinkedHashMap<>();
            SqlText.options(d, with.start(1), options);
            return options;
        }
        return null;
    }

    /** The Flink table that reads source table {@code table}. */
    public String sourceTable(String table) {
        return SqlText.quote(target + "_" + table + "_source");
    }

    /** The Flink table that writes {@code table} into the target. */
    public String targetTable(String table) {
        return SqlText.quote(target + "_" + table);
    }

    /** The CREATE TABLEs of one source table by the Flink table they create: its source, then its target. */
    public Map<String, String> ddl(TableShape table) {
        // the options each table adds last, in one order, so the declaration taken back expands to the same text
        Map<String, String> source = new LinkedHashMap<>(sourceOptions);
        String pattern = source.remove(NEW_TABLES);
        source.put("schema-name", schema);
        source.put("table-name", table.name());
        if (pattern == null && "cdcbridge-postgres".equals(sourceOptions.get("connector"))) pattern = tables().pattern();
        if (pattern != null) source.put(NEW_TABLES, pattern);
        Map<String, String> sink = new LinkedHashMap<>(targetOptions);
        String autoCreate = sink.remove("auto-create");
        sink.put("table-name", target + "." + table.name());
        if (autoCreate == null && "cdcbridge-jdbc".equals(targetOptions.get("connector"))) autoCreate = "true";
        if (autoCreate != null) sink.put("auto-create", autoCreate);
        Map<String, String> out = new LinkedHashMap<>();
        out.put(sourceTable(table.name()), create(sourceTable(table.name()), table, source));
        out.put(targetTable(table.name()), create(targetTable(table.name()), table, sink));
        return out;
    }

    /** The statement set that keeps every target filled: one INSERT each. */
    public String statementSet(List<TableShape> tables) {
        StringBuilder b = new StringBuilder("EXECUTE STATEMENT SET\nBEGIN\n");
        for (TableShape t : tables) {
            b.append("INSERT INTO ").append(targetTable(t.name())).append(" SELECT * FROM ").append(sourceTable(t.name())).append(";\n");
        }
        return b.append("END").toString();
    }

    private static String create(String name, TableShape table, Map<String, String> options) {
        List<String> lines = new ArrayList<>();
        for (TableShape.Column c : table.columns()) {
            boolean notNull = !c.nullable() || table.primaryKey().contains(c.name());
            lines.add(SqlText.quote(c.name()) + " " + c.type() + (notNull ? " NOT NULL" : ""));
        }
        lines.add("PRIMARY KEY (" + String.join(", ", table.primaryKey().stream().map(SqlText::quote).toList()) + ") NOT ENFORCED");
        return "CREATE TABLE " + name + " (\n  " + String.join(",\n  ", lines) + "\n) WITH (\n" + SqlText.withOptions(options) + "\n)";
    }

    private static boolean withAt(String sql, int p) {
        return SqlText.word(sql, p, "WITH") && sql.startsWith("(", SqlText.skipSpace(sql, p + 4));
    }

    private static String quoted(String sql, int p, String clause) {
        Matcher m = QUOTED.matcher(sql);
        if (!m.find(p)) throw new IllegalArgumentException(usage("a quoted pattern after " + clause + ", e.g. 'orders|items' or 'order_.*'"));
        if (m.group(1).isBlank()) throw new IllegalArgumentException(clause + " '' names no table");
        return m.group(1).replace("''", "'");
    }

    private static String usage(String expected) {
        return "expected " + expected + " in CREATE DATABASE [IF NOT EXISTS] target WITH (target options) AS DATABASE schema"
                + " {INCLUDING ALL TABLES | INCLUDING TABLE 'pattern'} [EXCLUDING TABLE 'pattern'] WITH (source options)";
    }
}
