package io.cdcbridge.control.server;

import io.cdcbridge.control.contract.Contract;
import io.cdcbridge.control.contract.ContractEffect;
import io.cdcbridge.control.contract.ContractVersion;
import io.cdcbridge.control.engine.Engine;
import io.cdcbridge.control.evolution.Evolution;
import io.cdcbridge.control.evolution.EvolutionRequest;
import io.cdcbridge.control.evolution.AddedColumns;
import io.cdcbridge.control.evolution.EvolutionService;
import io.cdcbridge.control.script.LegacyValues;
import io.cdcbridge.control.engine.QueryAnswer;
import io.cdcbridge.control.metrics.MetricsSampler;
import io.cdcbridge.control.metrics.PrometheusMetrics;
import io.cdcbridge.control.query.QueryService;
import io.cdcbridge.control.registry.RegistryApi;
import io.cdcbridge.control.registry.SchemaRegistry;
import io.cdcbridge.control.script.ScriptOutcome;
import io.cdcbridge.control.script.ScriptRunner;
import io.cdcbridge.control.script.VariableSource;
import io.cdcbridge.control.secret.Redactor;
import io.cdcbridge.control.spill.SpillSpace;
import io.cdcbridge.control.statement.StatementDefaults;
import io.cdcbridge.control.statement.StatementService;
import io.cdcbridge.control.verify.StatementVerification;
import io.cdcbridge.control.verify.TableVerifier;
import io.cdcbridge.control.workspace.Definition;
import io.cdcbridge.control.workspace.ServerInfo;
import io.cdcbridge.control.statement.StateDir;
import io.cdcbridge.control.workspace.Workspace;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane: the workspace, the engine, the statements and scripts services and the REST API, wired.
 * It is what {@code cdcbridge server} runs, and what the demo and tests start in-process.
 */
public final class ControlPlane implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlPlane.class);

    /** The variable holding this server's schema registry URL, for {@code 'avro-confluent.url'}. */
    public static final String REGISTRY_VARIABLE = "SCHEMA_REGISTRY_URL";

    /** How often every statement's lag and rates are sampled. */
    public static final Duration METRICS_PERIOD = Duration.ofSeconds(5);

    private final Workspace workspace;
    private final Engine engine;
    private final Map<String, String> serverVariables;
    private final StatementService statements;
    private final ScriptRunner scripts;
    private final EvolutionService evolutions;
    private final MetricsSampler metrics;
    private final QueryService queries;
    private final PrometheusMetrics prometheus;
    private final SchemaRegistry registry;
    private RestApi api;
    private TableVerifier verifier;
    private SpillSpace spills;
    // Flink writes checkpoints and savepoints with the process's umask: they are made owner-only as they appear
    private AutoCloseable ownerOnly;
    // ... or in passes where the file system cannot tell what appears
    private final ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cdcbridge-housekeeping");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param serverVariables values the server provides to scripts (embedded service addresses); they win over
     *                        stored values, so a restarted server with new embedded ports is found by its statements
     * @param defaults        properties every statement starts with, over the built-in {@link StatementDefaults}
     */
    public ControlPlane(Workspace workspace, Engine engine, Map<String, String> serverVariables, Map<String, String> defaults) {
        this(workspace, engine, serverVariables, defaults, StateDir.of(workspace.root()));
    }

    /** As above, new statements keeping their checkpoints and savepoints under {@code stateDir}. */
    public ControlPlane(Workspace workspace, Engine engine, Map<String, String> serverVariables, Map<String, String> defaults,
                        StateDir stateDir) {
        this.workspace = workspace;
        this.engine = engine;
        this.serverVariables = new ConcurrentHashMap<>(serverVariables);
        Map<String, String> props = new LinkedHashMap<>(StatementDefaults.builtIn());
        props.putAll(defaults);
        // a workspace of an earlier version: what it stored gets its values before anything reads it
        LegacyValues.bind(workspace, VariableSource.of(
                List.of(this.serverVariables, System.getenv(), workspace.legacyVariables()), name -> Optional.empty()));
        workspace.pruneSecrets();
        this.statements = new StatementService(workspace, engine, () -> variables(Map.of()), stateDir);
        this.scripts = new ScriptRunner(workspace, engine, statements, props);
        this.evolutions = new EvolutionService(statements, scripts, engine);
        // its versions are made from what v1 was compiled against, which holds secrets as references to the store
        new AddedColumns(statements, evolutions, () -> VariableSource.of(List.of(workspace.secrets().asVariables(),
                this.serverVariables, System.getenv(), workspace.legacyVariables()), this::computed));
        this.metrics = new MetricsSampler(statements);
        this.queries = new QueryService(workspace, engine, statements);
        this.prometheus = new PrometheusMetrics(metrics, Clock.systemUTC());
        this.registry = new SchemaRegistry(workspace);
    }

    /** The contracts as a Confluent Schema Registry. */
    public SchemaRegistry registry() {
        return registry;
    }

    /**
     * Verification of statements with this verifier (without one, the server does not verify), comparing topics in
     * {@code topicMemoryMib} MiB of heap each, beyond it in sorted runs under the workspace's temporary folder.
     */
    public ControlPlane withVerifier(TableVerifier v, int topicMemoryMib) {
        this.verifier = v;
        this.spills = new SpillSpace(workspace.temp(), topicMemoryMib * (1L << 20));
        return this;
    }

    /** Statement {@code name}'s target compared with its source (and repaired): the report. */
    public Map<String, Object> verify(String name, boolean repair) throws Exception {
        if (verifier == null) throw new IllegalStateException("this server does not verify statements");
        return new StatementVerification(statements, engine, spills).verify(name, verifier, repair);
    }

    /** Resumes the statements that were running and serves the REST API on 127.0.0.1:{@code port} (0: any free port). */
    public ControlPlane start(int port) throws IOException {
        return start(RestSettings.loopback(port));
    }

    /** Resumes the statements that were running and serves the REST API as {@code rest} says. */
    public ControlPlane start(RestSettings rest) throws IOException {
        try {
            ownerOnly = workspace.watchPermissions();
        } catch (IOException e) {
            LOG.warn("New files in the workspace are made owner-only every 5 s: the file system cannot watch folders ({})",
                    e.getMessage());
            workspace.restrictPermissions();
            housekeeping.scheduleWithFixedDelay(workspace::restrictPermissions, 5, 5, TimeUnit.SECONDS);
        }
        statements.start(1000);
        metrics.start(METRICS_PERIOD);
        api = new RestApi(this, rest);
        serverVariables.put(REGISTRY_VARIABLE, api.url() + RegistryApi.PREFIX);
        workspace.saveServer(new ServerInfo(api.url(), ProcessHandle.current().pid()));
        return this;
    }

    /** The REST API's base URL. */
    public String url() {
        return api.url();
    }

    /** Every statement's lag and rates, sampled every {@link #METRICS_PERIOD}. */
    public MetricsSampler metrics() {
        return metrics;
    }

    /** The same figures and the JVM's for Prometheus ({@code /metrics}). */
    public PrometheusMetrics prometheus() {
        return prometheus;
    }

    public StatementService statements() {
        return statements;
    }

    public Workspace workspace() {
        return workspace;
    }

    /**
     * Runs (or checks, for a dry run) a script, its statements as {@code principal}, waiting as the request asks for
     * them to run (else the script is undone); what it creates keeps the values it was given.
     */
    public List<ScriptOutcome> run(ScriptRequest req, String principal) {
        VariableSource vars = variables(req.variables());
        if (req.dryRun()) return scripts.dryRun(req.file(), req.script(), vars);
        return scripts.run(req.file(), req.script(), vars, principal, req.startWait());
    }

    /** Answers a query that changes nothing (SHOW, DESCRIBE, EXPLAIN, a SELECT preview). */
    public QueryAnswer query(QueryRequest req) {
        return queries.answer(req.sql(), req.maxRows(), variables(req.variables()), req.queryId());
    }

    /** Cancels the query its client runs under {@code queryId}; false when none runs under it. */
    public boolean cancelQuery(String queryId) {
        return queries.cancel(queryId);
    }

    /** The plan of evolving statement {@code name} to the request's v2 (a dry run), or the evolution, started by {@code principal}. */
    public Object evolve(String name, EvolutionRequest req, String principal) {
        VariableSource vars = variables(req.variables());
        if (req.dryRun()) return Map.of("plan", evolutions.plan(name, req, vars));
        return evolutions.start(name, req, vars, principal);
    }

    /** The latest evolution of statement {@code name}: plan, state, progress. */
    public Evolution evolution(String name) {
        return evolutions.get(name);
    }

    /** Every contract in short: table, mode, latest version and when it was made. */
    public List<Map<String, Object>> contracts() {
        return workspace.contracts().stream().map(c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("table", c.table());
            m.put("compatibility", c.compatibility());
            m.put("latest_version", c.latest().version());
            m.put("updated_at", c.latest().at());
            return m;
        }).toList();
    }

    /** One contract with every version; the statements that made them with secrets masked. */
    public Contract contract(String table) {
        Contract c = workspace.contract(table).orElseThrow(() -> new NoSuchElementException(
                "no contract for table '" + table + "' (`cdcbridge contracts list` shows the contracts)"));
        List<ContractVersion> shown = c.versions().stream().map(v -> new ContractVersion(v.version(), v.columns(),
                v.primaryKey(), v.avroSchema(), Redactor.sql(v.change()), v.origin(), v.at())).toList();
        return new Contract(c.table(), c.compatibility(), shown, c.topic());
    }

    /** What a script would do to each contract, checked as a run would check it, without applying anything. */
    public List<ContractEffect> checkContracts(ScriptRequest req) {
        return scripts.contractEffects(req.file(), req.script(), variables(req.variables()));
    }

    /** The catalog definitions as written, secrets masked. */
    public Map<String, Object> catalog() {
        List<Map<String, Object>> defs = workspace.definitions().stream().map(ControlPlane::view).toList();
        return Map.of("definitions", defs);
    }

    /** Where jobs run and the variables the server provides (secrets masked). */
    public Map<String, Object> environment() {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("engine", engine.describe());
        env.put("workspace", workspace.root().toString());
        env.put("variables", Redactor.properties(serverVariables));
        return env;
    }

    @Override
    public void close() {
        if (api != null) api.close();
        metrics.close();
        evolutions.close();
        statements.close();
        housekeeping.shutdownNow();
        if (ownerOnly != null) {
            try {
                ownerOnly.close();
            } catch (Exception e) {
                LOG.warn("Stopping the workspace's owner-only watch failed: {}", e.toString());
            }
        }
        workspace.clearServer();
    }

    // the legacy layer: values a workspace of an earlier version kept for all, read for what was stored then
    private VariableSource variables(Map<String, String> request) {
        return VariableSource.of(List.of(request, serverVariables, System.getenv(), workspace.legacyVariables()),
                this::computed);
    }

    // ${savepoint:NAME}: the savepoint a stopped statement was stopped with, for SET 'execution.savepoint.path'.
    private Optional<String> computed(String name) {
        if (name.startsWith("savepoint:")) {
            String statement = name.substring("savepoint:".length());
            return statements.exists(statement) ? Optional.ofNullable(statements.get(statement).status().savepoint())
                    : Optional.empty();
        }
        return Optional.empty();
    }

    private static Map<String, Object> view(Definition d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sql", Redactor.sql(d.sql()));
        m.put("origin", d.origin());
        m.put("at", d.at().toString());
        return m;
    }
}
