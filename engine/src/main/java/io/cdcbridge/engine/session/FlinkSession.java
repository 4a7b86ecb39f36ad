package io.cdcbridge.engine.session;

import io.cdcbridge.control.engine.EngineException;
import io.cdcbridge.control.engine.EngineSession;
import io.cdcbridge.control.engine.QueryPlan;
import io.cdcbridge.control.engine.TableShape;
import io.cdcbridge.connectors.avro.AvroForm;
import io.cdcbridge.engine.connector.KnownConnectors;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.internal.TableEnvironmentInternal;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.CatalogView;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ContextResolvedTable;
import org.apache.flink.table.catalog.ObjectIdentifier;
import org.apache.flink.table.operations.ddl.AlterTableOperation;
import org.apache.flink.table.operations.ddl.CreateTableOperation;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.catalog.UniqueConstraint;
import org.apache.flink.table.operations.ModifyOperation;
import org.apache.flink.table.operations.Operation;
import org.apache.flink.table.operations.SinkModifyOperation;
import org.apache.flink.table.operations.StatementSetOperation;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

/**
 * A Flink table environment holding the catalog as the definitions describe it. Used to check scripts, to find
 * what a statement reads and writes, and (with a cluster's address in its configuration) to submit a statement.
 */
public final class FlinkSession implements EngineSession {

    private static final Pattern IDENTIFIER = Pattern.compile("`((?:[^`]|``)+)`|([A-Za-z_][A-Za-z0-9_$]*)");

    private final TableEnvironment env;
    private final ContractOptions contractOptions = new ContractOptions();
    // off while the stored definitions load (they were checked when written), on for what a script adds
    private boolean checkConnectors;

    private FlinkSession(TableEnvironment env) {
        this.env = env;
    }

    /** A streaming session with the given configuration and definitions applied in order. */
    public static FlinkSession open(Configuration conf, Iterable<String> definitions) throws EngineException {
        TableEnvironment env = TableEnvironment.create(
                EnvironmentSettings.newInstance().inStreamingMode().withConfiguration(conf).build());
        FlinkSession session = new FlinkSession(env);
        int i = 0;
        for (String ddl : definitions) {
            i++;
            try {
                session.applyDefinition(ddl);
            } catch (EngineException e) {
                throw new EngineException("catalog definition #" + i + " no longer applies: " + e.getMessage(), e);
            }
        }
        session.applyConnectorDefaults();
        session.checkConnectors = true;
        return session;
    }

    // ALTER TABLE ... SET of the options cdcbridge chooses where the definitions leave them out
    private void applyConnectorDefaults() throws EngineException {
        for (Map.Entry<String, CatalogBaseTable> t : catalogTables().entrySet()) {
            if (t.getValue() instanceof CatalogView) continue;
            setOptions(t.getKey(), KnownConnectors.ALL.missingDefaults(t.getValue().getOptions()));
        }
    }

    /** The underlying table environment. */
    public TableEnvironment env() {
        return env;
    }

    @Override
    public void applyDefinition(String ddl) throws EngineException {
        try {
            TableEnvironmentInternal internal = (TableEnvironmentInternal) env;
            List<Operation> ops = internal.getParser().parse(ddl);
            if (ops.size() != 1) throw new EngineException("expected one statement, found " + ops.size());
            ContractOptions.Stripped stripped = contractOptions.strip(ops.get(0), internal.getCatalogManager());
            if (stripped.operation() != null) internal.executeInternal(stripped.operation());
            stripped.remember().run();
            if (checkConnectors) checkConnector(ops.get(0));
        } catch (RuntimeException e) {
            throw new EngineException(FailureCause.describe(e), e);
        }
    }

    // a table a script creates or alters has its connector and options checked at once
    private void checkConnector(Operation op) throws EngineException {
        ObjectIdentifier id = op instanceof CreateTableOperation create ? create.getTableIdentifier()
                : op instanceof AlterTableOperation alter ? alter.getTableIdentifier() : null;
        if (id == null) return;
        try {
            ConnectorCheck.check(env, id);
        } catch (EngineException e) {
            // a refused CREATE leaves the session's catalog as it was
            if (op instanceof CreateTableOperation) ((TableEnvironmentInternal) env).getCatalogManager().dropTable(id, true);
            throw e;
        }
    }

    @Override
    public QueryPlan validate(String statement, Map<String, String> properties) throws EngineException {
        try {
            StatementProperties.forFlink(properties).forEach((k, v) -> env.getConfig().getConfiguration().setString(k, v));
            String plan = explain(statement);
            Reads reads = reads(statement);
            return new QueryPlan(reads.tables, sinks(statement), reads.views, StatefulOperators.in(plan));
        } catch (RuntimeException e) {
            throw new EngineException(FailureCause.describe(e), e);
        }
    }

    /** Flink's EXPLAIN of a statement: the abstract syntax tree, the optimized physical and execution plans. */
    public String explain(String statement) {
        try (CloseableIterator<Row> rows = env.executeSql("EXPLAIN " + explainable(statement)).collect()) {
            StringBuilder b = new StringBuilder();
            rows.forEachRemaining(r -> b.append(r.getField(0)).append('\n'));
            return b.toString();
        } catch (Exception e) {
            if (e instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e);
        }
    }

    /** Sets options of a catalog table in this session only, as {@code ALTER TABLE ... SET} would. */
    public void setOptions(String table, Map<String, String> options) throws EngineException {
        if (options.isEmpty()) return;
        StringBuilder sql = new StringBuilder("ALTER TABLE `" + table.replace("`", "``") + "` SET (");
        options.forEach((k, v) -> sql.append("'").append(k.replace("'", "''")).append("' = '")
                .append(v.replace("'", "''")).append("',"));
        sql.setLength(sql.length() - 1);
        applyDefinition(sql.append(")").toString());
    }

    /** The catalog tables a statement writes to. */
    public List<String> sinks(String statement) {
        List<String> out = new ArrayList<>();
        // as written: "EXECUTE STATEMENT SET ..." parses to a statement set, the EXPLAIN form alone does not parse
        for (Operation op : ((TableEnvironmentInternal) env).getParser().parse(statement.strip())) {
            List<ModifyOperation> mods = op instanceof StatementSetOperation set ? set.getOperations()
                    : op instanceof ModifyOperation m ? List.of(m) : List.of();
            for (ModifyOperation m : mods) {
                if (m instanceof SinkModifyOperation sink) {
                    out.add(sink.getContextResolvedTable().getIdentifier().getObjectName());
                }
            }
        }
        return out;
    }

    /**
     * The catalog tables a statement reads, found through the views it uses. Tables it writes are not counted
     * unless it also reads them.
     */
    public List<String> sources(String statement) {
        return reads(statement).tables;
    }

    /** The options of a table in the current catalog, if it is a table. */
    public Optional<Map<String, String>> options(String table) {
        CatalogBaseTable t = catalogTables().get(table);
        return t == null || t instanceof CatalogView ? Optional.empty() : Optional.of(t.getOptions());
    }

    @Override
    public List<TableShape.Column> queryShape(String query) throws EngineException {
        try {
            List<TableShape.Column> out = new ArrayList<>();
            for (Column c : env.sqlQuery(query).getResolvedSchema().getColumns()) {
                LogicalType type = c.getDataType().getLogicalType();
                // the serializable form is DDL (a rowtime attribute is a plain TIMESTAMP there)
                out.add(new TableShape.Column(c.getName(), type.copy(true).asSerializableString(), type.isNullable(), true));
            }
            return out;
        } catch (RuntimeException e) {
            throw new EngineException(FailureCause.describe(e), e);
        }
    }

    @Override
    public List<String> tables() {
        return List.copyOf(catalogTables().keySet());
    }

    @Override
    public Optional<TableShape> table(String name) {
        NavigableMap<String, CatalogBaseTable> all = catalogTables();
        if (!all.containsKey(name)) return Optional.empty();
        String exact = all.ceilingKey(name);
        ObjectIdentifier id = ObjectIdentifier.of(env.getCurrentCatalog(), env.getCurrentDatabase(), exact);
        Optional<ContextResolvedTable> found = ((TableEnvironmentInternal) env).getCatalogManager().getTable(id);
        if (found.isEmpty()) return Optional.empty();
        ResolvedSchema schema = found.get().getResolvedSchema();
        List<TableShape.Column> columns = new ArrayList<>();
        for (Column c : schema.getColumns()) {
            LogicalType type = c.getDataType().getLogicalType();
            columns.add(new TableShape.Column(c.getName(), type.copy(true).asSummaryString(), type.isNullable(), c.isPhysical()));
        }
        List<String> key = schema.getPrimaryKey().map(UniqueConstraint::getColumns).orElse(List.of());
        String watermark = schema.getWatermarkSpecs().stream()
                .map(w -> w.getRowtimeAttribute() + " AS " + w.getWatermarkExpression().asSummaryString())
                .findFirst().orElse(null);
        if (found.get().getTable() instanceof CatalogView view) {
            return Optional.of(new TableShape(exact, Map.of(), columns, key, watermark, view.getOriginalQuery(), null, null));
        }
        Map<String, String> options = new TreeMap<>(found.get().getTable().getOptions());
        options.putAll(contractOptions.of(id));
        String avro = null;
        String problem = null;
        try {
            avro = AvroForm.of(exact, (RowType) schema.toPhysicalRowDataType().getLogicalType());
        } catch (IllegalArgumentException e) {
            problem = e.getMessage();
        }
        return Optional.of(new TableShape(exact, options, columns, key, watermark, null, avro, problem));
    }

    @Override
    public void close() {
        // a table environment holds no resources outside the heap
    }

    private record Reads(List<String> tables, List<String> views) {}

    private Reads reads(String statement) {
        Set<String> tables = new LinkedHashSet<>();
        Set<String> views = new LinkedHashSet<>();
        collect(withoutSinkClause(statement), catalogTables(), tables, views);
        return new Reads(List.copyOf(tables), List.copyOf(views));
    }

    private void collect(String sql, NavigableMap<String, CatalogBaseTable> catalog, Set<String> tables, Set<String> seenViews) {
        Matcher m = IDENTIFIER.matcher(sql);
        while (m.find()) {
            String word = m.group(1) != null ? m.group(1) : m.group(2);
            CatalogBaseTable t = catalog.get(word);
            if (t == null) continue;
            String name = catalog.ceilingKey(word);
            if (t instanceof CatalogView view) {
                if (seenViews.add(name)) collect(view.getExpandedQuery(), catalog, tables, seenViews);
            } else {
                tables.add(name);
            }
        }
    }

    // the name after INSERT INTO is the target, not something read
    private static String withoutSinkClause(String sql) {
        return sql.replaceAll("(?is)INSERT\\s+(INTO|OVERWRITE)\\s+(TABLE\\s+)?[`\\w.]+", " ");
    }

    // by name, looked up regardless of case (the statement's text is matched word by word); temporary tables and
    // views too (scripts write CREATE TEMPORARY VIEW), which the catalog itself does not hold
    private NavigableMap<String, CatalogBaseTable> catalogTables() {
        NavigableMap<String, CatalogBaseTable> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        var manager = ((TableEnvironmentInternal) env).getCatalogManager();
        for (String name : env.listTables()) {
            ObjectIdentifier id = ObjectIdentifier.of(env.getCurrentCatalog(), env.getCurrentDatabase(), name);
            manager.getTable(id).ifPresent(t -> out.put(name, t.getResolvedTable()));
        }
        return out;
    }

    // "EXECUTE STATEMENT SET BEGIN ... END" explains as "STATEMENT SET BEGIN ... END"; "EXECUTE INSERT" as "INSERT"
    private static String explainable(String statement) {
        return statement.strip().replaceFirst("(?is)^EXECUTE\\s+", "");
    }
}
