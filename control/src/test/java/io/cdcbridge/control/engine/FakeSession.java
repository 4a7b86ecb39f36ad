package io.cdcbridge.control.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The catalog side of {@link FakeEngine}: understands as much Flink SQL DDL as the control plane's tests write
 * (CREATE/DROP TABLE and VIEW, ALTER TABLE SET/RESET/ADD/DROP/MODIFY/RENAME, CREATE FUNCTION), finds what an INSERT or
 * statement set reads (through views) and writes, and gives tables in neutral form with an Avro schema as the real
 * engine writes it. A statement is stateful when it aggregates, joins, ranks or deduplicates.
 */
public final class FakeSession implements EngineSession {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Pattern NAME = Pattern.compile("`[^`]+`|[A-Za-z_][\\w$]*");
    private static final Pattern QUALIFIED = Pattern.compile("(?:" + NAME + ")(?:\\.(?:" + NAME + "))*");
    private static final Pattern OPTION = Pattern.compile("'((?:[^']|'')*)'\\s*=\\s*'((?:[^']|'')*)'");
    private static final Pattern KEY = Pattern.compile("'((?:[^']|'')*)'");
    private static final Pattern CREATE_TABLE = Pattern.compile(
            "(?is)^CREATE\\s+(?:TEMPORARY\\s+)?TABLE\\s+(IF\\s+NOT\\s+EXISTS\\s+)?(" + QUALIFIED + ")\\s*\\(");
    private static final Pattern CREATE_VIEW = Pattern.compile(
            "(?is)^CREATE\\s+(?:OR\\s+REPLACE\\s+)?(?:TEMPORARY\\s+)?VIEW\\s+(IF\\s+NOT\\s+EXISTS\\s+)?(" + QUALIFIED + ")\\s+AS\\s+(.*)$");
    private static final Pattern DROP = Pattern.compile(
            "(?is)^DROP\\s+(?:TEMPORARY\\s+)?(TABLE|VIEW)\\s+(IF\\s+EXISTS\\s+)?(" + QUALIFIED + ")\\s*$");
    private static final Pattern ALTER = Pattern.compile("(?is)^ALTER\\s+TABLE\\s+(IF\\s+EXISTS\\s+)?(" + QUALIFIED + ")\\s+(\\w+)\\s*(.*)$");
    private static final Pattern FUNCTION = Pattern.compile("(?is)^(CREATE|DROP)\\s+(?:TEMPORARY\\s+)?(?:SYSTEM\\s+)?FUNCTION\\b.*");
    private static final Pattern INSERT = Pattern.compile("(?is)INSERT\\s+(?:INTO|OVERWRITE)\\s+(?:TABLE\\s+)?(" + QUALIFIED + ")");
    private static final Pattern READ = Pattern.compile("(?is)\\b(?:FROM|JOIN)\\s+(" + QUALIFIED + ")(\\s*\\()?");
    private static final Pattern CTE = Pattern.compile("(?is)(?:\\bWITH|,)\\s*(" + NAME + ")\\s+AS\\s*\\(");
    private static final Pattern STATEFUL = Pattern.compile(
            "(?is)\\b(GROUP\\s+BY|JOIN|OVER\\s*\\(|DISTINCT)\\b");

    private final Map<String, TableShape> tables = new LinkedHashMap<>();
    private final Set<String> functions = new LinkedHashSet<>();

    @Override
    public void applyDefinition(String ddl) throws EngineException {
        String sql = ddl.strip();
        Matcher m;
        if ((m = CREATE_TABLE.matcher(sql)).find()) {
            createTable(sql, m);
        } else if ((m = CREATE_VIEW.matcher(sql)).matches()) {
            String name = simple(m.group(2));
            if (tables.containsKey(name) && m.group(1) != null) return;
            if (tables.containsKey(name) && !sql.toUpperCase(Locale.ROOT).contains("OR REPLACE")) {
                throw new EngineException("Could not execute CreateTable in path `default_catalog`.`default_database`.`"
                        + name + "`: a table or view of that name exists already");
            }
            String query = m.group(3).strip();
            tables.put(name, new TableShape(name, Map.of(), queryShape(query), List.of(), null, query, null, "a view"));
        } else if ((m = DROP.matcher(sql)).matches()) {
            String name = simple(m.group(3));
            TableShape t = tables.get(name);
            boolean view = m.group(1).equalsIgnoreCase("VIEW");
            if (t == null || t.view() != view) {
                if (m.group(2) != null) return;
                throw notFound(name);
            }
            tables.remove(name);
        } else if ((m = ALTER.matcher(sql)).matches()) {
            alter(simple(m.group(2)), m.group(1) != null, m.group(3).toUpperCase(Locale.ROOT), m.group(4).strip());
        } else if (FUNCTION.matcher(sql).matches()) {
            functions.add(sql);
        } else {
            throw new EngineException("SQL parse failed: not a definition the fake engine knows: " + sql);
        }
    }

    @Override
    public QueryPlan validate(String statement, Map<String, String> properties) throws EngineException {
        List<String> inserts = inserts(statement);
        if (inserts.isEmpty()) throw new EngineException("SQL parse failed: expected INSERT INTO or EXECUTE STATEMENT SET");
        Set<String> sources = new LinkedHashSet<>();
        Set<String> sinks = new LinkedHashSet<>();
        Set<String> views = new LinkedHashSet<>();
        List<String> stateful = new ArrayList<>();
        for (String insert : inserts) {
            Matcher m = INSERT.matcher(insert);
            if (!m.find()) throw new EngineException("SQL parse failed: expected INSERT INTO: " + insert);
            String sink = simple(m.group(1));
            TableShape target = tables.get(sink);
            if (target == null) throw notFound(sink);
            if (target.view()) throw new EngineException("Table '" + sink + "' is a view and cannot be written");
            sinks.add(sink);
            String query = insert.substring(m.end());
            reads(query, sources, views, stateful);
        }
        return new QueryPlan(List.copyOf(sources), List.copyOf(sinks), List.copyOf(views), stateful);
    }

    @Override
    public List<TableShape.Column> queryShape(String query) throws EngineException {
        String q = query.strip();
        Matcher select = Pattern.compile("(?is)^SELECT\\s+(?:DISTINCT\\s+)?").matcher(q);
        if (!select.find()) throw new EngineException("SQL parse failed: expected SELECT: " + q);
        int from = topLevel(q, "FROM", select.end());
        if (from < 0) throw new EngineException("SQL parse failed: expected FROM: " + q);
        Set<String> sources = new LinkedHashSet<>();
        reads(q.substring(from), sources, new LinkedHashSet<>(), new ArrayList<>());
        List<TableShape.Column> available = new ArrayList<>();
        for (String s : sources) available.addAll(columnsOf(s));
        List<TableShape.Column> out = new ArrayList<>();
        for (String item : splitTopLevel(q.substring(select.end(), from))) {
            if (item.equals("*") || item.endsWith(".*")) {
                available.stream().filter(TableShape.Column::physical).forEach(c -> out.add(new TableShape.Column(c.name(), c.type(), c.nullable(), true)));
                continue;
            }
            Matcher alias = Pattern.compile("(?is)^(.*?)\\s+(?:AS\\s+)?(" + NAME + ")$").matcher(item);
            String expr = item;
            String name = null;
            if (alias.matches() && !alias.group(1).isBlank()) {
                expr = alias.group(1).strip();
                name = unquote(alias.group(2));
            }
            String column = unquote(expr.substring(expr.lastIndexOf('.') + 1));
            Optional<TableShape.Column> known = available.stream().filter(c -> c.name().equals(column)).findFirst();
            Matcher cast = Pattern.compile("(?is)^CAST\\s*\\(.*\\s+AS\\s+(.+?)\\)$").matcher(expr);
            if (known.isPresent() && expr.matches(QUALIFIED.pattern())) {
                out.add(new TableShape.Column(name == null ? column : name, known.get().type(), known.get().nullable(), true));
            } else if (name == null) {
                throw new EngineException("the fake engine names an expression only with AS: " + item);
            } else if (cast.matches()) {
                out.add(new TableShape.Column(name, cast.group(1).strip().toUpperCase(Locale.ROOT), true, true));
            } else {
                out.add(new TableShape.Column(name, "STRING", true, true));
            }
        }
        return out;
    }

    @Override
    public List<String> tables() {
        return List.copyOf(tables.keySet());
    }

    @Override
    public Optional<TableShape> table(String name) {
        return Optional.ofNullable(tables.get(simple(name)));
    }

    /** The functions created, as written. */
    public Set<String> functions() {
        return Set.copyOf(functions);
    }

    @Override
    public void close() {}

    private void createTable(String sql, Matcher m) throws EngineException {
        String name = simple(m.group(2));
        if (tables.containsKey(name)) {
            if (m.group(1) != null) return;
            throw new EngineException("Could not execute CreateTable in path `default_catalog`.`default_database`.`"
                    + name + "`: Table `" + name + "` already exists");
        }
        int open = m.end() - 1;
        int close = closing(sql, open);
        List<TableShape.Column> columns = new ArrayList<>();
        List<String> key = List.of();
        String watermark = null;
        for (String item : splitTopLevel(sql.substring(open + 1, close))) {
            String upper = item.toUpperCase(Locale.ROOT);
            if (upper.startsWith("PRIMARY KEY") || upper.startsWith("CONSTRAINT")) {
                key = names(item.substring(item.indexOf('(') + 1, item.indexOf(')')));
            } else if (upper.startsWith("WATERMARK")) {
                watermark = item.substring("WATERMARK".length()).strip();
            } else {
                columns.add(column(item));
            }
        }
        Map<String, String> options = new LinkedHashMap<>();
        Matcher with = Pattern.compile("(?is)\\bWITH\\s*\\(").matcher(sql);
        if (with.find(close)) options.putAll(options(sql.substring(with.end(), closing(sql, with.end() - 1))));
        List<TableShape.Column> keyed = new ArrayList<>();
        for (TableShape.Column c : columns) {
            keyed.add(key.contains(c.name()) ? new TableShape.Column(c.name(), c.type(), false, c.physical()) : c);
        }
        tables.put(name, shape(name, options, keyed, key, watermark));
    }

    private void alter(String name, boolean ifExists, String verb, String rest) throws EngineException {
        TableShape t = tables.get(name);
        if (t == null || t.view()) {
            if (ifExists) return;
            throw notFound(name);
        }
        Map<String, String> options = new LinkedHashMap<>(t.options());
        List<TableShape.Column> columns = new ArrayList<>(t.columns());
        String body = rest.startsWith("(") ? rest.substring(1, closing(rest, 0)) : rest;
        switch (verb) {
            case "SET" -> options.putAll(options(body));
            case "RESET" -> {
                Matcher k = KEY.matcher(body);
                while (k.find()) options.remove(k.group(1).replace("''", "'"));
            }
            case "ADD" -> {
                for (String item : splitTopLevel(body)) {
                    TableShape.Column c = column(item);
                    if (columns.stream().anyMatch(o -> o.name().equals(c.name()))) {
                        throw new EngineException("Column `" + c.name() + "` already exists in the table");
                    }
                    columns.add(c);
                }
            }
            case "MODIFY" -> {
                for (String item : splitTopLevel(body)) {
                    TableShape.Column c = column(item);
                    int i = indexOf(columns, c.name());
                    columns.set(i, c);
                }
            }
            case "DROP" -> {
                for (String n : names(body)) columns.remove(indexOf(columns, n));
            }
            case "RENAME" -> {
                Matcher r = Pattern.compile("(?is)^(" + NAME + ")\\s+TO\\s+(" + NAME + ")$").matcher(body);
                if (!r.matches()) throw new EngineException("SQL parse failed: expected RENAME a TO b");
                int i = indexOf(columns, unquote(r.group(1)));
                TableShape.Column c = columns.get(i);
                columns.set(i, new TableShape.Column(unquote(r.group(2)), c.type(), c.nullable(), c.physical()));
            }
            default -> throw new EngineException("SQL parse failed: ALTER TABLE ... " + verb + " is not known to the fake engine");
        }
        tables.put(name, shape(name, options, columns, t.primaryKey(), t.watermark()));
    }

    // the tables a query reads, through views, leaving out its common table expressions and table functions
    private void reads(String query, Set<String> sources, Set<String> views, List<String> stateful) throws EngineException {
        Set<String> ctes = new LinkedHashSet<>();
        Matcher c = CTE.matcher(query);
        while (c.find()) ctes.add(unquote(c.group(1)).toLowerCase(Locale.ROOT));
        Matcher r = READ.matcher(query);
        while (r.find()) {
            if (r.group(2) != null) continue;
            String name = simple(r.group(1));
            if (ctes.contains(name.toLowerCase(Locale.ROOT)) || name.equalsIgnoreCase("UNNEST")
                    || name.equalsIgnoreCase("LATERAL")) {
                continue;
            }
            TableShape t = tables.get(name);
            if (t == null) throw notFound(name);
            if (t.view()) {
                if (query.substring(r.end()).stripLeading().startsWith("/*+")) {
                    // as Flink's planner refuses it
                    throw new EngineException("View '" + name + "' cannot be enriched with new options. Hints can only be applied to tables.");
                }
                views.add(name);
                reads(t.query(), sources, views, stateful);
            } else {
                sources.add(name);
            }
        }
        Matcher s = STATEFUL.matcher(query);
        while (s.find()) {
            String word = s.group(1).toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
            String operator = switch (word) {
                case "GROUP BY", "DISTINCT" -> "GroupAggregate(" + word + ")";
                case "JOIN" -> query.toUpperCase(Locale.ROOT).contains("FOR SYSTEM_TIME AS OF") ? "TemporalJoin(JOIN)" : "Join(JOIN)";
                default -> "OverAggregate(OVER)";
            };
            if (!stateful.contains(operator)) stateful.add(operator);
        }
    }

    private List<TableShape.Column> columnsOf(String table) throws EngineException {
        TableShape t = tables.get(table);
        if (t == null) throw notFound(table);
        return t.columns();
    }

    private static List<String> inserts(String statement) {
        String s = statement.strip();
        Matcher set = Pattern.compile("(?is)^(?:EXECUTE\\s+)?(?:BEGIN\\s+)?STATEMENT\\s+SET\\s+(?:BEGIN\\s+)?(.*?)\\s*END\\s*;?\\s*$").matcher(s);
        if (!set.matches()) {
            if (s.toUpperCase(Locale.ROOT).startsWith("EXECUTE ")) s = s.substring("EXECUTE ".length()).strip();
            return s.toUpperCase(Locale.ROOT).startsWith("INSERT") ? List.of(s) : List.of();
        }
        List<String> out = new ArrayList<>();
        for (String part : set.group(1).split(";")) {
            if (!part.isBlank()) out.add(part.strip());
        }
        return out;
    }

    private static TableShape shape(String name, Map<String, String> options, List<TableShape.Column> columns,
                                    List<String> key, String watermark) {
        String avro = null;
        String problem = null;
        try {
            avro = avro(name, columns);
        } catch (IllegalArgumentException e) {
            problem = e.getMessage();
        }
        return new TableShape(name, options, columns, key, watermark, null, avro, problem);
    }

    // the Avro record of the stored columns, as the engine's AvroForm writes it
    private static String avro(String name, List<TableShape.Column> columns) {
        ObjectNode record = JSON.objectNode().put("type", "record").put("name", name);
        ArrayNode fields = record.putArray("fields");
        for (TableShape.Column c : columns) {
            if (!c.physical()) continue;
            ObjectNode field = fields.addObject().put("name", c.name());
            JsonNode plain;
            try {
                plain = avroType(c.type());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("column '" + c.name() + "': " + e.getMessage(), e);
            }
            if (c.nullable()) {
                field.set("type", JSON.arrayNode().add("null").add(plain));
                field.putNull("default");
            } else {
                field.set("type", plain);
            }
        }
        return record.toString();
    }

    private static JsonNode avroType(String sqlType) {
        String t = sqlType.toUpperCase(Locale.ROOT).strip();
        String base = t.replaceAll("\\(.*", "").replaceAll("<.*", "").strip();
        return switch (base) {
            case "BOOLEAN" -> TextNode.valueOf("boolean");
            case "TINYINT", "SMALLINT", "INT", "INTEGER" -> TextNode.valueOf("int");
            case "BIGINT" -> TextNode.valueOf("long");
            case "FLOAT" -> TextNode.valueOf("float");
            case "DOUBLE" -> TextNode.valueOf("double");
            case "STRING", "VARCHAR", "CHAR" -> TextNode.valueOf("string");
            case "BYTES", "BINARY", "VARBINARY" -> TextNode.valueOf("bytes");
            case "DATE" -> JSON.objectNode().put("type", "int").put("logicalType", "date");
            case "TIMESTAMP" -> JSON.objectNode().put("type", "long").put("logicalType", "local-timestamp-millis");
            case "TIMESTAMP_LTZ" -> JSON.objectNode().put("type", "long").put("logicalType", "timestamp-millis");
            case "DECIMAL" -> {
                String[] ps = t.replaceAll(".*\\((.*)\\).*", "$1").split(",");
                yield JSON.objectNode().put("type", "bytes").put("logicalType", "decimal")
                        .put("precision", Integer.parseInt(ps[0].strip())).put("scale", ps.length > 1 ? Integer.parseInt(ps[1].strip()) : 0);
            }
            case "ARRAY" -> JSON.objectNode().put("type", "array")
                    .set("items", JSON.arrayNode().add("null").add(avroType(t.substring(t.indexOf('<') + 1, t.lastIndexOf('>')))));
            default -> throw new IllegalArgumentException("type " + sqlType + " has no Avro form");
        };
    }

    // "name TYPE [NOT NULL] [METADATA ...]" or "name AS expression"
    private static TableShape.Column column(String item) throws EngineException {
        Matcher m = Pattern.compile("(?is)^(" + NAME + ")\\s+(.+)$").matcher(item.strip());
        if (!m.matches()) throw new EngineException("SQL parse failed: expected a column: " + item);
        String name = unquote(m.group(1));
        String rest = m.group(2).strip();
        if (rest.toUpperCase(Locale.ROOT).startsWith("AS ")) return new TableShape.Column(name, "STRING", true, false);
        boolean metadata = rest.toUpperCase(Locale.ROOT).matches("(?s).*\\bMETADATA\\b.*");
        rest = rest.replaceAll("(?is)\\s+METADATA\\b.*$", "").replaceAll("(?is)\\s+COMMENT\\s+'.*$", "");
        boolean notNull = rest.toUpperCase(Locale.ROOT).endsWith(" NOT NULL");
        String type = notNull ? rest.substring(0, rest.length() - " NOT NULL".length()).strip() : rest;
        return new TableShape.Column(name, type.toUpperCase(Locale.ROOT), !notNull, !metadata);
    }

    private static Map<String, String> options(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher o = OPTION.matcher(body);
        while (o.find()) out.put(o.group(1).replace("''", "'"), o.group(2).replace("''", "'"));
        return out;
    }

    private static int indexOf(List<TableShape.Column> columns, String name) throws EngineException {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) return i;
        }
        throw new EngineException("Column `" + name + "` does not exist in the table");
    }

    private static List<String> names(String list) {
        List<String> out = new ArrayList<>();
        for (String n : list.split(",")) {
            if (!n.isBlank()) out.add(unquote(n.strip()));
        }
        return out;
    }

    // the index of the parenthesis closing the one at open, skipping quoted text
    private static int closing(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'' || c == '`') {
                i = s.indexOf(c, i + 1);
                if (i < 0) break;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unbalanced parentheses: " + s);
    }

    // items at commas outside parentheses, angle brackets and quotes
    private static List<String> splitTopLevel(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'' || c == '`') {
                int end = s.indexOf(c, i + 1);
                i = end < 0 ? s.length() : end;
            } else if (c == '(' || c == '<') {
                depth++;
            } else if (c == ')' || c == '>') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(s.substring(start, i).strip());
                start = i + 1;
            }
        }
        if (!s.substring(start).isBlank()) out.add(s.substring(start).strip());
        return out;
    }

    // where a keyword stands outside parentheses, or -1
    private static int topLevel(String s, String keyword, int from) {
        int depth = 0;
        Pattern word = Pattern.compile("(?i)\\b" + keyword + "\\b");
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') depth++;
            else if (c == ')') depth--;
            else if (depth == 0 && word.matcher(s).region(i, s.length()).useTransparentBounds(true).lookingAt()) return i;
        }
        return -1;
    }

    private static String simple(String qualified) {
        return unquote(qualified.substring(qualified.lastIndexOf('.') + 1));
    }

    private static String unquote(String name) {
        return name.startsWith("`") ? name.substring(1, name.length() - 1) : name;
    }

    private static EngineException notFound(String name) {
        return new EngineException("Object '" + name + "' not found");
    }
}
