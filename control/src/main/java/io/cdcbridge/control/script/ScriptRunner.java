package io.cdcbridge.control.script;

import io.cdcbridge.control.contract.Contract;
import io.cdcbridge.control.contract.ContractEffect;
import io.cdcbridge.control.contract.ContractException;
import io.cdcbridge.control.contract.ContractGuard;
import io.cdcbridge.control.engine.Engine;
import io.cdcbridge.control.engine.EngineException;
import io.cdcbridge.control.engine.EngineSession;
import io.cdcbridge.control.engine.QueryAnswer;
import io.cdcbridge.control.engine.QueryPlan;
import io.cdcbridge.control.query.QueryService;
import io.cdcbridge.control.engine.StatementJob;
import io.cdcbridge.control.engine.TableShape;
import io.cdcbridge.control.secret.Redactor;
import io.cdcbridge.control.statement.Phase;
import io.cdcbridge.control.statement.Statement;
import io.cdcbridge.control.statement.StatementException;
import io.cdcbridge.control.statement.StatementService;
import io.cdcbridge.control.statement.StartWatch;
import io.cdcbridge.control.workspace.Definition;
import io.cdcbridge.control.workspace.Workspace;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a Flink SQL script as the SQL client would, with one difference that protects the catalog: the whole script
 * is first checked on a scratch copy of the catalog, and only when every statement passes is anything applied.
 * SETs hold for the rest of the script; each INSERT becomes a named statement. Contracts are guarded in the check:
 * a change that breaks one is refused there, so nothing of the script is applied.
 */
public final class ScriptRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ScriptRunner.class);

    /** The property that names the next statement (as in Confluent Cloud); it holds for one statement only. */
    public static final String STATEMENT_NAME = "client.statement-name";

    private static final Pattern SET = Pattern.compile(
            "(?is)^SET\\s+(?:'((?:[^']|'')*)'|([^\\s=]+))\\s*=\\s*(?:'((?:[^']|'')*)'|(.+?))\\s*$");
    private static final Pattern RESET = Pattern.compile("(?is)^RESET(?:\\s+(?:'((?:[^']|'')*)'|(\\S+)))?\\s*$");
    private static final Pattern STOP_JOB = Pattern.compile("(?is)^STOP\\s+JOB\\s+'([^']+)'(\\s+WITH\\s+SAVEPOINT)?(\\s+WITH\\s+DRAIN)?\\s*$");
    // the target's last name part, quoted or not
    private static final Pattern INSERT_TARGET = Pattern.compile("(?is)INSERT\\s+(?:INTO|OVERWRITE)\\s+(?:TABLE\\s+)?"
            + "(?:(?:`(?:[^`]|``)+`|[\\w$]+)\\s*\\.\\s*)*(`(?:[^`]|``)+`|[\\w$]+)");

    // rows a SHOW, DESCRIBE or EXPLAIN in a script answers with at the most
    private static final int QUERY_ROWS = 1000;

    private final Workspace workspace;
    private final Engine engine;
    private final StatementService statements;
    private final Map<String, String> defaults;
    private final Bindings bindings;
    private final StartWatch startWatch;

    /** {@code defaults} are the properties every statement starts with. */
    public ScriptRunner(Workspace workspace, Engine engine, StatementService statements, Map<String, String> defaults) {
        this.workspace = workspace;
        this.engine = engine;
        this.statements = statements;
        this.defaults = Map.copyOf(defaults);
        this.bindings = new Bindings(workspace.secrets());
        this.startWatch = new StartWatch(statements);
    }

    /**
     * Checks and then applies a script; throws {@link ScriptException} and applies nothing if any statement fails.
     * Returns one outcome per statement of the script, in order. The statements it creates run as {@code principal}.
     */
    public synchronized List<ScriptOutcome> run(String file, String script, VariableSource vars, String principal) {
        return run(file, script, vars, Adjustment.NONE, principal);
    }

    /**
     * Runs a script as {@link #run(String, String, VariableSource, String)} does, then waits up to {@code wait} until
     * each statement it created runs (every task of its job); one that fails before that, or is still starting when
     * the time is up, undoes the whole script. {@link Duration#ZERO}: no wait, new statements are answered PENDING.
     */
    public synchronized List<ScriptOutcome> run(String file, String script, VariableSource vars, String principal,
                                                Duration wait) {
        List<ScriptStatement> parts = ScriptSplitter.split(script);
        Checked checked = check(file, parts, vars, true, Adjustment.NONE);
        try {
            return apply(file, checked, vars, principal, wait);
        } finally {
            forgetUncreated(checked);
        }
    }

    /** Runs a script as {@link #run(String, String, VariableSource, String)} does, its statements changed by {@code adjust}. */
    public synchronized List<ScriptOutcome> run(String file, String script, VariableSource vars, Adjustment adjust,
                                                String principal) {
        List<ScriptStatement> parts = ScriptSplitter.split(script);
        Checked checked = check(file, parts, vars, true, adjust);
        try {
            return apply(file, checked, vars, principal, Duration.ZERO);
        } finally {
            forgetUncreated(checked);
        }
    }

    /** Checks a script without applying anything; returns the statements it would create, with their plans. */
    public synchronized List<PlannedStatement> plan(String file, String script, VariableSource vars, Adjustment adjust) {
        Checked checked = check(file, ScriptSplitter.split(script), vars, true, adjust);
        forgetUncreated(checked);
        return checked.steps.stream().filter(s -> s.kind == StatementKind.STATEMENT).map(s -> s.planned).toList();
    }

    /** Checks a script without applying anything; returns what it would do. */
    public synchronized List<ScriptOutcome> dryRun(String file, String script, VariableSource vars) {
        Checked checked = check(file, ScriptSplitter.split(script), vars, true, Adjustment.NONE);
        forgetUncreated(checked);
        return checked.steps.stream()
                .map(s -> new ScriptOutcome(s.at.line(), s.kind, s.at.summary(), s.name, null, withContracts("checked", s)))
                .toList();
    }

    /** Checks a script without applying anything; returns what it would do to each contract, refusals included. */
    public synchronized List<ContractEffect> contractEffects(String file, String script, VariableSource vars) {
        return check(file, ScriptSplitter.split(script), vars, false, false, Adjustment.NONE).guard.effects();
    }

    // planned: for a statement, what it is after the adjustment (its text and properties are what gets created);
    // definitions: for a catalog change, the DDL to store (a CTAS's generated CREATE TABLE, not the CTAS);
    // storage: the topic a CTAS's table writes to, made before anything of the script is applied
    // answer: a query's (SHOW, DESCRIBE, EXPLAIN), taken when it is checked
    private record Step(ScriptStatement at, StatementKind kind, String name, PlannedStatement planned,
                        boolean savepoint, List<String> definitions, Storage storage,
                        List<Contract> contracts, String contractNote, QueryAnswer answer) {

        Step(ScriptStatement at, StatementKind kind, String name, PlannedStatement planned, boolean savepoint) {
            this(at, kind, name, planned, savepoint, List.of(at.text()), null, List.of(), null, null);
        }

        Step(ScriptStatement at, StatementKind kind, String name, PlannedStatement planned, boolean savepoint,
             List<String> definitions, Storage storage, List<Contract> contracts, String contractNote) {
            this(at, kind, name, planned, savepoint, definitions, storage, contracts, contractNote, null);
        }

        Step withContracts(List<Contract> changed, String note) {
            return new Step(at, kind, name, planned, savepoint, definitions, storage, changed, note, answer);
        }
    }

    // options with variables filled in
    private record Storage(String table, Map<String, String> options, OptionalInt buckets) {}

    // preflighted: the statements' jobs the engine was asked to check, which it keeps worked out for their statements
    private record Checked(List<Step> steps, ContractGuard guard, List<StatementJob> preflighted) {}

    // the engine keeps what it worked out for a job it checked: let go of those whose statement was not created (a
    // refused or dry run), or a server checking scripts all day grows
    private void forgetUncreated(Checked checked) {
        forgetUncreated(checked.preflighted);
    }

    private void forgetUncreated(List<StatementJob> preflighted) {
        for (StatementJob job : preflighted) {
            if (!statements.exists(job.name())) engine.forget(job);
        }
    }

    // the scratch catalog and the definitions it holds (variables filled in), which a statement's preflight replays;
    // preflight: whether each statement's sources and sinks are checked in their systems (not for a contracts check)
    private record Scratch(EngineSession session, List<String> definitions, boolean preflight, List<StatementJob> preflighted) {

        void apply(String ddl) throws EngineException {
            session.applyDefinition(ddl);
            definitions.add(ddl);
        }
    }

    private Checked check(String file, List<ScriptStatement> parts, VariableSource vars, boolean strict, Adjustment adjust) {
        return check(file, parts, vars, strict, strict, adjust);
    }

    private Checked check(String file, List<ScriptStatement> parts, VariableSource vars, boolean strict, boolean preflight,
                          Adjustment adjust) {
        List<Step> steps = new ArrayList<>();
        Map<String, String> props = new LinkedHashMap<>(defaults);
        Set<String> newNames = new HashSet<>();
        List<String> resolvedDefs = new ArrayList<>();
        EngineSession session;
        try {
            for (Definition d : workspace.definitions()) resolvedDefs.add(bindings.resolve(d, vars));
            session = engine.openSession(resolvedDefs);
        } catch (EngineException | Variables.UnknownVariableException e) {
            throw new ScriptException(file, new ScriptStatement("(catalog)", 0, -1),
                    "the stored catalog does not load: " + e.getMessage());
        }
        Scratch scratch = new Scratch(session, resolvedDefs, preflight, new ArrayList<>());
        try (session) {
            ContractGuard guard;
            try {
                guard = new ContractGuard(workspace.contracts(), session, engine, strict);
            } catch (EngineException | ContractException e) {
                throw new ScriptException(file, new ScriptStatement("(catalog)", 0, -1),
                        "the stored catalog's contracts cannot be read: " + e.getMessage());
            }
            for (ScriptStatement at : parts) {
                try {
                    List<Step> done = switch (StatementKind.of(at.text())) {
                        case CREATE_TABLE_AS -> checkCreateTableAs(at, props, newNames, scratch, vars, adjust);
                        case CREATE_DATABASE_AS -> checkCreateDatabaseAs(at, props, newNames, scratch, vars, adjust);
                        default -> List.of(checkOne(at, props, newNames, scratch, vars, adjust));
                    };
                    for (Step step : done) {
                        if (step.kind == StatementKind.CATALOG || step.kind == StatementKind.STATEMENT) {
                            // kept in the contract's history: literal secrets masked
                            ContractGuard.Observed observed = guard.observe(session, Redactor.sql(at.text()), file + ":" + at.line());
                            step = step.withContracts(observed.changed(), observed.summary());
                        }
                        steps.add(step);
                    }
                } catch (ContractException e) {
                    throw new ScriptException(file, at, e.getMessage());
                } catch (EngineException | StatementException | Variables.UnknownVariableException e) {
                    throw new ScriptException(file, at, Redactor.values(e.getMessage(), vars.secrets()));
                } catch (IllegalArgumentException e) {
                    throw new ScriptException(file, at, e.getMessage());
                }
            }
            return new Checked(steps, guard, scratch.preflighted());
        } catch (RuntimeException e) {
            forgetUncreated(scratch.preflighted());
            throw e;
        }
    }

    private Step checkOne(ScriptStatement at, Map<String, String> props, Set<String> newNames,
                          Scratch scratch, VariableSource vars, Adjustment adjust) throws EngineException {
        StatementKind kind = StatementKind.of(at.text());
        switch (kind) {
            case SET -> {
                Matcher m = SET.matcher(at.text());
                if (!m.matches()) throw new IllegalArgumentException("expected SET 'key' = 'value'");
                String key = unquote(m.group(1), m.group(2));
                String value = unquote(m.group(3), m.group(4));
                vars.resolve(value);
                props.put(key, value);
                return new Step(at, kind, null, null, false);
            }
            case RESET -> {
                Matcher m = RESET.matcher(at.text());
                if (!m.matches()) throw new IllegalArgumentException("expected RESET 'key' or RESET");
                String key = unquote(m.group(1), m.group(2));
                if (key == null) {
                    props.clear();
                    props.putAll(defaults);
                } else {
                    props.remove(key);
                    if (defaults.containsKey(key)) props.put(key, defaults.get(key));
                }
                return new Step(at, kind, null, null, false);
            }
            case CATALOG -> {
                scratch.apply(vars.resolve(at.text()));
                return new Step(at, kind, null, null, false);
            }
            case STATEMENT -> {
                return statementStep(at, at.text(), props, newNames, scratch, vars, adjust);
            }
            case STOP_JOB -> {
                Matcher m = STOP_JOB.matcher(at.text());
                if (!m.matches()) throw new IllegalArgumentException("expected STOP JOB 'statement-name' [WITH SAVEPOINT]");
                String target = byNameOrJob(m.group(1));
                return new Step(at, kind, target, null, m.group(2) != null);
            }
            case QUERY -> {
                // answered on the scratch catalog: what the script has declared up to here
                String text = at.text().strip().replaceAll(";$", "").strip();
                QueryAnswer answer = QueryService.isShowStatements(text) ? QueryService.statements(statements.list())
                        : engine.query(new ArrayList<>(scratch.definitions()), vars.resolve(text), QUERY_ROWS);
                return new Step(at, kind, null, null, false, List.of(), null, List.of(), null,
                        QueryService.masked(answer, vars.secrets()));
            }
            default -> throw new IllegalArgumentException("this kind of statement is not supported in scripts;"
                    + " supported: SET, RESET, CREATE/ALTER/DROP TABLE|VIEW|FUNCTION, CREATE TABLE ... AS SELECT,"
                    + " CREATE DATABASE ... AS DATABASE, INSERT INTO, EXECUTE STATEMENT SET, STOP JOB, SHOW, DESCRIBE, EXPLAIN (a SELECT: cdcbridge sql)");
        }
    }

    /**
     * A CTAS is checked as the two things it becomes: the table, with the columns the query gives (a REPLACE drops
     * the old one first, and the guard checks the new schema against its contract), and the statement that maintains
     * it; and the topic is checked to exist with the bucket count, if at all.
     */
    private List<Step> checkCreateTableAs(ScriptStatement at, Map<String, String> props, Set<String> newNames,
                                          Scratch scratch, VariableSource vars, Adjustment adjust) throws EngineException {
        EngineSession session = scratch.session();
        CreateTableAs ctas = CreateTableAs.parse(at.text(), engine::topicName);
        List<TableShape.Column> columns;
        try {
            columns = session.queryShape(vars.resolve(ctas.query()));
        } catch (EngineException e) {
            throw new EngineException("the query of CREATE TABLE " + ctas.name() + " AS does not compile: " + e.getMessage(), e);
        }
        List<String> ddl = new ArrayList<>();
        if (ctas.replace() && session.table(ctas.simpleName()).isPresent()) ddl.add("DROP TABLE " + ctas.name());
        ddl.add(ctas.ddl(columns));
        for (String d : ddl) scratch.apply(vars.resolve(d));
        Map<String, String> options = new LinkedHashMap<>();
        ctas.tableOptions().forEach((k, v) -> options.put(k, vars.resolve(v)));
        Storage storage = new Storage(ctas.simpleName(), options, ctas.buckets());
        engine.prepareStorage(storage.table(), storage.options(), storage.buckets(), false);
        Step table = new Step(at, StatementKind.CATALOG, null, null, false, ddl, storage, List.of(), null);
        return List.of(table, statementStep(at, ctas.insert(columns), props, newNames, scratch, vars, adjust));
    }

    /**
     * A CREATE DATABASE ... AS DATABASE is checked as what it expands to: the source's tables that match, read from its
     * system now, each a source and a target table (those the catalog holds already kept under IF NOT EXISTS), and the
     * statement set over all of them, named after the target unless the script names it.
     */
    private List<Step> checkCreateDatabaseAs(ScriptStatement at, Map<String, String> props, Set<String> newNames,
                                             Scratch scratch, VariableSource vars, Adjustment adjust) throws EngineException {
        CreateDatabaseAs cdas = CreateDatabaseAs.parse(at.text());
        Map<String, String> source = new LinkedHashMap<>();
        cdas.sourceOptions().forEach((k, v) -> source.put(k, vars.resolve(v)));
        List<TableShape> tables = engine.schemaTables(source, cdas.schema(), cdas.tables().asMatchPredicate());
        if (tables.isEmpty()) {
            throw new IllegalArgumentException(cdas.describe() + ": no table of schema '" + cdas.schema() + "' matches");
        }
        List<String> ddl = new ArrayList<>();
        List<String> existing = new ArrayList<>();
        for (TableShape t : tables) {
            for (Map.Entry<String, String> d : cdas.ddl(t).entrySet()) {
                if (scratch.session().table(SqlText.unquote(d.getKey())).isPresent()) existing.add(d.getKey());
                else ddl.add(d.getValue());
            }
        }
        if (!existing.isEmpty() && !cdas.ifNotExists()) {
            throw new IllegalArgumentException(cdas.describe() + ": the catalog holds " + String.join(", ", existing)
                    + " already; CREATE DATABASE IF NOT EXISTS keeps them as they are");
        }
        for (String d : ddl) scratch.apply(vars.resolve(d));
        props.putIfAbsent(STATEMENT_NAME, cdas.target());
        Step created = new Step(at, StatementKind.CATALOG, null, null, false, ddl, null, List.of(), null);
        return List.of(created, statementStep(at, cdas.statementSet(tables), props, newNames, scratch, vars, adjust));
    }

    // sql: the statement as written, or a CTAS's INSERT
    private Step statementStep(ScriptStatement at, String sql, Map<String, String> props, Set<String> newNames,
                               Scratch scratch, VariableSource vars, Adjustment adjust) throws EngineException {
        EngineSession session = scratch.session();
        String name = props.remove(STATEMENT_NAME);
        if (name == null) name = derivedName(sql, newNames);
        else name = vars.resolve(name);
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")) {
            throw new IllegalArgumentException("statement name '" + name + "' must be letters, digits, '-', '_' or '.'");
        }
        if (statements.exists(name) || newNames.contains(name)) {
            throw new IllegalArgumentException("a statement named '" + name + "' exists already;"
                    + " a statement's query is immutable: choose a new name, or delete the old statement first");
        }
        Map<String, String> properties = new LinkedHashMap<>(props);
        properties.putAll(adjust.properties());
        String adjusted = adjust.statement().apply(sql);
        Map<String, String> resolved = new LinkedHashMap<>();
        properties.forEach((k, v) -> resolved.put(k, vars.resolve(v)));
        QueryPlan plan = session.validate(vars.resolve(adjusted), resolved);
        // what the job would find at its start (a database down, a wrong password, a topic name Kafka refuses) refuses
        // the script now, before anything of it is applied
        if (scratch.preflight()) {
            StatementJob job = new StatementJob(name, scratch.definitions(), vars.resolve(adjusted), resolved,
                    statements.stateDir().checkpoints(name), null);
            scratch.preflighted().add(job);
            engine.preflight(job);
        }
        newNames.add(name);
        return new Step(at, StatementKind.STATEMENT, name, new PlannedStatement(name, adjusted, properties, plan,
                shapes(session, plan.sources()), shapes(session, plan.sinks())), false);
    }

    private List<ScriptOutcome> apply(String file, Checked checked, VariableSource vars, String principal, Duration wait) {
        List<ScriptOutcome> out = new ArrayList<>();
        List<Definition> before = workspace.definitions();
        List<Definition> defs = new ArrayList<>(before);
        // topics first: a broker that fails here leaves the catalog as it was
        for (Step step : checked.steps) {
            if (step.storage == null) continue;
            try {
                engine.prepareStorage(step.storage.table(), step.storage.options(), step.storage.buckets(), true);
            } catch (EngineException e) {
                throw new ScriptException(file, step.at, Redactor.values(e.getMessage(), vars.secrets()));
            }
        }
        List<String> created = new ArrayList<>();
        List<String> stopped = new ArrayList<>();
        for (Step step : checked.steps) {
            String origin = file + ":" + step.at.line();
            try {
                switch (step.kind) {
                    case CATALOG -> {
                        for (String ddl : step.definitions) {
                            String kept = bindings.externalize(ddl, Bindings.CATALOG);
                            defs.add(new Definition(kept, origin, Instant.now(), bindings.bind(List.of(kept), Map.of(), vars, Bindings.CATALOG)));
                        }
                        workspace.saveDefinitions(defs);
                        out.add(new ScriptOutcome(step.at.line(), step.kind, step.at.summary(), null, null,
                                withContracts("applied", step)));
                    }
                    case STATEMENT -> {
                        List<String> snapshot = defs.stream().map(d -> bindings.snapshot(d, vars)).toList();
                        Statement s = statements.create(step.name, step.planned.statement(), step.planned.properties(),
                                snapshot, origin, principal, vars);
                        created.add(s.name());
                        if (s.status().phase() == Phase.FAILED) {
                            throw new IllegalStateException("statement '" + s.name() + "' did not start: "
                                    + s.status().detail());
                        }
                        out.add(new ScriptOutcome(step.at.line(), step.kind, step.at.summary(), s.name(),
                                s.status().phase(), s.status().detail()));
                    }
                    case STOP_JOB -> {
                        Statement s = statements.stop(step.name, step.savepoint);
                        stopped.add(s.name());
                        out.add(new ScriptOutcome(step.at.line(), step.kind, step.at.summary(), s.name(),
                                s.status().phase(), s.status().savepoint()));
                    }
                    case SET, RESET -> out.add(new ScriptOutcome(step.at.line(), step.kind, step.at.summary(), null, null, "set"));
                    case QUERY -> out.add(new ScriptOutcome(step.at.line(), step.kind, step.at.summary(), null, null,
                            "answered", step.answer));
                    default -> { }
                }
            } catch (RuntimeException e) {
                undo(created, before);
                String reason = e.getMessage() + "; nothing of the script was applied"
                        + (stopped.isEmpty() ? "" : " but the stop of " + String.join(", ", stopped)
                        + " (resume to run again)");
                throw new ScriptException(file, step.at, reason);
            }
        }
        if (!wait.isZero()) out = awaitRunning(file, checked, out, created, before, stopped, wait);
        // once everything runs, so that an undone script leaves no version behind; after the definitions they version
        checked.guard.baseline().forEach(workspace::save);
        for (Step step : checked.steps) step.contracts.forEach(workspace::save);
        return out;
    }

    // the script's statements that still mean to run (not stopped by a later STOP JOB of the script) must reach RUNNING;
    // the outcomes then tell their phase
    private List<ScriptOutcome> awaitRunning(String file, Checked checked, List<ScriptOutcome> out, List<String> created,
                                             List<Definition> before, List<String> stopped, Duration wait) {
        List<String> starting = created.stream().filter(n -> statements.get(n).status().phase() == Phase.PENDING).toList();
        if (starting.isEmpty()) return out;
        StartWatch.Result result = startWatch.await(starting, wait);
        if (result.failed().isPresent()) {
            StartWatch.Failure f = result.failed().get();
            undo(created, before);
            ScriptStatement at = checked.steps.stream().filter(st -> f.statement().equals(st.name)
                    && st.kind == StatementKind.STATEMENT).findFirst().map(Step::at).orElseThrow();
            throw new ScriptException(file, at, "statement '" + f.statement() + "' did not start: " + f.reason()
                    + "; nothing of the script was applied" + (stopped.isEmpty() ? "" : " but the stop of "
                    + String.join(", ", stopped) + " (resume to run again)"));
        }
        List<ScriptOutcome> now = new ArrayList<>();
        for (ScriptOutcome o : out) {
            Statement s = o.kind() == StatementKind.STATEMENT ? result.statements().get(o.statementName()) : null;
            now.add(s == null ? o : new ScriptOutcome(o.line(), o.kind(), o.summary(), o.statementName(),
                    s.status().phase(), s.status().detail()));
        }
        return now;
    }

    // what a script whose statement did not start had applied: its statements and its catalog changes go
    private void undo(List<String> created, List<Definition> before) {
        for (String name : created) {
            try {
                statements.delete(name);
            } catch (RuntimeException e) {
                LOG.warn("Undoing statement {} of a script that did not apply failed: {}", name, e.getMessage());
            }
        }
        workspace.saveDefinitions(before);
        workspace.pruneSecrets();
    }

    private static List<TableShape> shapes(EngineSession session, List<String> tables) throws EngineException {
        List<TableShape> out = new ArrayList<>();
        for (String t : tables) session.table(t).ifPresent(out::add);
        return out;
    }

    private static String withContracts(String detail, Step step) {
        return step.contractNote == null ? detail : detail + "; " + step.contractNote;
    }

    private String byNameOrJob(String ref) {
        if (statements.exists(ref)) return ref;
        return statements.list().stream()
                .filter(s -> ref.equals(s.status().jobId()))
                .map(Statement::name)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no statement or job '" + ref + "'"));
    }

    // insert-into-<table>, numbered when taken: a name a user can read and type.
    private String derivedName(String sql, Set<String> taken) {
        Matcher m = INSERT_TARGET.matcher(sql);
        String table = m.find() ? SqlText.unquote(m.group(1)) : "statement-set";
        // a statement's name is a file's: the table's made valid as a topic's is (the same characters)
        String valid = engine.topicName(table).toLowerCase(Locale.ROOT).replace('_', '-');
        String base = "insert-into-" + valid.substring(0, Math.min(valid.length(), 80));
        String name = base;
        for (int i = 2; statements.exists(name) || taken.contains(name); i++) name = base + "-" + i;
        return name;
    }

    private static String unquote(String quoted, String bare) {
        if (quoted != null) return quoted.replace("''", "'");
        return bare == null ? null : bare.strip();
    }
}
