package io.cdcbridge.control.evolution;

import io.cdcbridge.control.engine.ConnectorCatalog;
import io.cdcbridge.control.engine.ConnectorDescription;
import io.cdcbridge.control.engine.SourcePosition;
import io.cdcbridge.control.engine.SourceStartup;
import io.cdcbridge.control.engine.TableShape;
import io.cdcbridge.control.script.Adjustment;
import io.cdcbridge.control.script.PlannedStatement;
import io.cdcbridge.control.script.ScriptRunner;
import io.cdcbridge.control.script.VariableSource;
import io.cdcbridge.control.secret.Redactor;
import io.cdcbridge.control.statement.Dependency;
import io.cdcbridge.control.statement.Lineage;
import io.cdcbridge.control.statement.Phase;
import io.cdcbridge.control.statement.SourceOffset;
import io.cdcbridge.control.statement.Statement;
import io.cdcbridge.control.statement.StatementException;
import io.cdcbridge.control.statement.StatementService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces statement v1 by v2 with one of the strategies of seed 002: plans it (refusing what the strategy cannot do
 * correctly), then carries it out in the background, one progress line a step, while the caller polls
 * {@link #get(String)}. v2 records in its lineage that it evolved from v1 and how.
 */
public final class EvolutionService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EvolutionService.class);
    private static final long START_TIMEOUT_MS = 120_000;

    private final StatementService statements;
    private final ScriptRunner scripts;
    private final ConnectorCatalog connectors;
    private final Map<String, Evolution> evolutions = new ConcurrentHashMap<>();
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cdcbridge-evolution");
        t.setDaemon(true);
        return t;
    });

    public EvolutionService(StatementService statements, ScriptRunner scripts, ConnectorCatalog connectors) {
        this.statements = statements;
        this.scripts = scripts;
        this.connectors = connectors;
    }

    /** What evolving {@code name} as asked would do; throws {@link StatementException} if the strategy cannot. */
    public EvolutionPlan plan(String name, EvolutionRequest req, VariableSource vars) {
        return draft(name, req, vars, null).plan;
    }

    /** Plans and starts the evolution of {@code name}; returns at once, with the plan. v2 runs as {@code principal}. */
    public Evolution start(String name, EvolutionRequest req, VariableSource vars, String principal) {
        Draft d = draft(name, req, vars, principal);
        Evolution running = evolutions.compute(name, (k, old) -> {
            if (old != null && old.state() == Evolution.State.RUNNING) {
                throw new StatementException("statement '" + name + "' is being evolved already (to '"
                        + old.plan().evolvesTo() + "')");
            }
            return Evolution.started(d.plan);
        });
        runner.submit(() -> execute(d, vars));
        return running;
    }

    /** The latest evolution of statement {@code name} (v1), under way or done. */
    public Evolution get(String name) {
        Evolution e = evolutions.get(name);
        if (e == null) throw new NoSuchElementException("statement '" + name + "' has not been evolved since the server started");
        return e;
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }

    // everything planning found out, for the execution to use
    private record Draft(EvolutionRequest req, Statement v1, List<TableShape> v1Sinks, PlannedStatement v2,
                         Long fromMillis, Adjustment adjust, EvolutionPlan plan, String principal) {}

    private Draft draft(String name, EvolutionRequest req, VariableSource vars, String principal) {
        Statement v1 = statements.get(name);
        Phase phase = v1.status().phase();
        if (phase != Phase.RUNNING && phase != Phase.PENDING && phase != Phase.STOPPED) {
            throw new StatementException("statement '" + name + "' is " + phase + "; only a RUNNING or STOPPED statement evolves");
        }
        Long from = req.from() == null ? null : Times.millis(req.from());
        if (req.strategy() == Strategy.REPROCESS && from == null) {
            throw new IllegalArgumentException("reprocess needs --from TIMESTAMP: where v2's sources start");
        }
        if (from != null && (req.strategy() == Strategy.CARRY_OVER || req.strategy() == Strategy.IN_PLACE)) {
            throw new IllegalArgumentException(req.strategy().label() + " starts v2 where v1 stopped; --from goes with"
                    + " blue-green or reprocess");
        }
        Adjustment adjust = from == null ? Adjustment.NONE : new Adjustment(Map.of(
                SourceStartup.MODE, "timestamp", SourceStartup.TIMESTAMP_MILLIS, String.valueOf(from)), UnaryOperator.identity());
        List<PlannedStatement> planned = scripts.plan(req.file(), req.script(), vars, adjust);
        if (planned.size() != 1) {
            throw new IllegalArgumentException(req.file() + ": the script of v2 must create exactly one statement"
                    + " (an INSERT or a statement set); it creates " + planned.size());
        }
        PlannedStatement v2 = planned.get(0);
        List<TableShape> v1Sinks = statements.dependencies(name).stream()
                .filter(d -> d.role() == Dependency.Role.WRITES).map(Dependency::snapshot).toList();
        List<String> sinkNames = names(v1Sinks);
        List<String> v2Sinks = names(v2.sinks());
        List<String> warnings = new ArrayList<>();
        List<String> consumers = new ArrayList<>();
        List<String> steps = new ArrayList<>();
        String stops;
        String startsFrom;
        boolean running = phase != Phase.STOPPED;
        String v1Name = "v1 '" + name + "'";
        String v2Name = "v2 '" + v2.name() + "'";
        switch (req.strategy()) {
            case BLUE_GREEN, REPROCESS -> {
                startsFrom = from == null ? "the start of its sources (each table's scan.startup.mode)"
                        : "timestamp " + Instant.ofEpochMilli(from) + " (" + from + ") on every Kafka source,"
                        + " through " + SourceStartup.MODE;
                steps.add("create " + v2Name + " writing " + String.join(", ", v2Sinks) + ", reading from " + startsFrom);
                steps.add("watch " + v2Name + " until it is at most " + req.maxBehind() + " messages behind its sources");
                stops = !running ? v1Name + " is stopped already"
                        : req.noStop() ? v1Name + " is left running (--no-stop): stop it once consumers switched"
                        : v1Name + " stops with a savepoint once v2 caught up";
                if (running && !req.noStop()) steps.add("stop " + v1Name + " with a savepoint");
                switchTables(v1Sinks, v2.sinks(), consumers, warnings, "reading it from the earliest offset");
                if (from != null) warnings.addAll(Windows.cutWarnings(v2.plan().statefulOperators(), from));
            }
            case CARRY_OVER -> {
                if (!v2.plan().stateless()) {
                    throw new StatementException("carry-over needs a stateless statement (every output record made from"
                            + " one input record), but " + v2Name + " keeps state in: "
                            + String.join("; ", v2.plan().statefulOperators())
                            + ". Use in-place (from v1's savepoint) or blue-green (reprocess) instead");
                }
                for (TableShape t : v2.sources()) {
                    boolean takesOffsets = !t.view() && t.connector() != null && connectors.connector(t.connector())
                            .map(ConnectorDescription::specificOffsets).orElse(false);
                    if (!takesOffsets) {
                        throw new StatementException("carry-over starts v2's sources at v1's offsets with"
                                + " 'scan.startup.mode' = 'specific-offsets', which connector '" + t.connector()
                                + "' does not take; v2 reads '" + t.name() + "' (" + t.connector() + ")");
                    }
                }
                try {
                    OptionHints.add(v2.statement(), sampleHints(v2.sources()));
                } catch (IllegalArgumentException e) {
                    throw new StatementException("carry-over: " + e.getMessage());
                }
                stops = running ? v1Name + " stops first, with a savepoint; the offsets its sources reached are where v2 starts"
                        : v1Name + " is stopped already; v2 starts at the offsets it recorded";
                startsFrom = "the offsets " + v1Name + " reached, per topic and partition, through"
                        + " 'scan.startup.mode' = 'specific-offsets' hints" + (running ? currentOffsets(name) : "");
                if (running) steps.add("stop " + v1Name + " with a savepoint and take its sources' offsets");
                steps.add("create " + v2Name + " with those offsets as option hints on "
                        + String.join(", ", names(v2.sources())));
                steps.add("watch " + v2Name + " until it is at most " + req.maxBehind() + " messages behind its sources");
                switchTables(v1Sinks, v2.sinks(), consumers, warnings, "reading it from the earliest offset: v1's output"
                        + " then v2's hold every input record exactly once");
                for (String t : v2Sinks) {
                    if (sinkNames.contains(t)) consumers.add("consumers of '" + t + "' keep reading it: v2 continues where v1"
                            + " stopped, every input record once");
                }
            }
            case IN_PLACE -> {
                if (!v2Sinks.equals(sinkNames)) {
                    throw new StatementException("in-place needs v2 to write the tables v1 writes (" + String.join(", ", sinkNames)
                            + "), but " + v2Name + " writes " + String.join(", ", v2Sinks));
                }
                for (TableShape t : v2.sinks()) {
                    if (t.primaryKey().isEmpty()) {
                        throw new StatementException("in-place needs a primary key on '" + t.name() + "', so that v2's rows"
                                + " replace v1's per key; it has none. Use blue-green with a new table version instead");
                    }
                }
                stops = running ? v1Name + " stops first, with a savepoint" : v1Name + " is stopped already";
                startsFrom = "v1's savepoint, where its state maps onto v2's operators (Flink matches state per operator);"
                        + " otherwise " + (v2.plan().stateless() ? "v1's offsets (v2 is stateless)"
                        : "the start of its sources (v2 keeps state, which then is built again)");
                if (running) steps.add("stop " + v1Name + " with a savepoint");
                steps.add("create " + v2Name + " writing " + String.join(", ", v2Sinks) + " from that savepoint");
                steps.add("if v2 cannot start from the savepoint: start it from " + (v2.plan().stateless()
                        ? "v1's offsets" : "the start of its sources"));
                for (TableShape t : v2.sinks()) {
                    consumers.add("consumers of '" + t.name() + "'" + topic(t) + " keep reading it; they must handle late,"
                            + " out-of-order updates to keys v1 wrote, in bulk when v2 reprocesses");
                }
                warnings.add("the change must be compatible in meaning too: v2's rows replace v1's per key "
                        + TableShape.key(v2.sinks().get(0).primaryKey()) + ", and state restored from v1 is read by v2's query");
            }
            default -> throw new IllegalStateException();
        }
        if (v1.spec().statement().strip().equals(v2.statement().strip())) {
            warnings.add("v2's query is the same as v1's");
        }
        String starts = v2Name + " writing " + String.join(", ", v2Sinks) + (v2.plan().stateless() ? " (stateless)"
                : " (keeps state: " + v2.plan().statefulOperators().stream().map(EvolutionService::operator)
                .collect(Collectors.joining(", ")) + ")");
        EvolutionPlan plan = new EvolutionPlan(name, v2.name(), req.strategy(), stops, starts, startsFrom, steps, consumers,
                warnings);
        return new Draft(req, v1, v1Sinks, v2, from, adjust, plan, principal);
    }

    private void execute(Draft d, VariableSource vars) {
        String v1 = d.v1.name();
        String v2 = d.v2.name();
        try {
            switch (d.req.strategy()) {
                case BLUE_GREEN, REPROCESS -> {
                    create(d, d.adjust, vars, d.fromMillis == null ? "the start of its sources"
                            : "timestamp " + Instant.ofEpochMilli(d.fromMillis));
                    awaitRunning(v1, v2);
                    catchUp(d, v2);
                    if (!d.req.noStop() && statements.get(v1).status().phase().wantsJob()) stop(v1);
                    else progress(v1, "v1 '" + v1 + "' left " + statements.get(v1).status().phase());
                }
                case CARRY_OVER -> {
                    Statement stopped = statements.get(v1).status().phase().wantsJob() ? stop(v1) : statements.get(v1);
                    Map<String, Map<String, String>> hints = hints(d.v2.sources(), stopped.status().latestOffsets());
                    progress(v1, "v2 starts at " + describe(hints));
                    createOrResume(d, new Adjustment(Map.of(), sql -> OptionHints.add(sql, hints)), vars, "v1's offsets");
                    awaitRunning(v1, v2);
                    catchUp(d, v2);
                }
                case IN_PLACE -> inPlace(d, vars);
                default -> throw new IllegalStateException();
            }
            evolutions.computeIfPresent(v1, (k, e) -> e.with("done: " + d.plan.evolvesTo() + " replaces " + v1)
                    .ended(Evolution.State.SUCCEEDED, null));
        } catch (RuntimeException e) {
            String why = Redactor.values(e.getMessage() == null ? e.toString() : e.getMessage(), vars.secrets());
            LOG.warn("Evolving {} to {} failed: {}", v1, v2, why);
            evolutions.computeIfPresent(v1, (k, ev) -> ev.with("failed: " + why).ended(Evolution.State.FAILED, why));
        }
    }

    private void inPlace(Draft d, VariableSource vars) {
        String v1 = d.v1.name();
        String v2 = d.v2.name();
        Statement stopped = statements.get(v1).status().phase().wantsJob() ? stop(v1) : statements.get(v1);
        String savepoint = stopped.status().savepoint();
        if (savepoint != null) {
            createOrResume(d, new Adjustment(Map.of(StatementService.SAVEPOINT_PATH, savepoint), UnaryOperator.identity()),
                    vars, "v1's savepoint " + savepoint);
            String failure = awaitCheckpoint(v1, v2);
            if (failure == null) {
                progress(v1, "v2 '" + v2 + "' runs from v1's savepoint and has completed a checkpoint");
                catchUp(d, v2);
                return;
            }
            progress(v1, "v2 '" + v2 + "' cannot start from v1's savepoint: " + failure);
            restartWithoutSavepoint(d, stopped, vars);
        } else {
            progress(v1, "v1 '" + v1 + "' has no savepoint (it was stopped without one)");
            Map<String, Map<String, String>> hints = d.v2.plan().stateless() ? hints(d.v2.sources(), stopped.status().latestOffsets()) : Map.of();
            createOrResume(d, new Adjustment(Map.of(), sql -> OptionHints.add(sql, hints)), vars,
                    hints.isEmpty() ? "the start of its sources" : "v1's offsets");
        }
        awaitRunning(v1, v2);
        catchUp(d, v2);
    }

    // the fallback: a stateless v2 from v1's offsets (exactly once), a stateful one from the start (state built again)
    private void restartWithoutSavepoint(Draft d, Statement v1, VariableSource vars) {
        Statement failed = statements.get(d.v2.name());
        statements.delete(failed.name());
        Map<String, String> props = new LinkedHashMap<>(failed.spec().properties());
        props.remove(StatementService.SAVEPOINT_PATH);
        String sql = failed.spec().statement();
        String from = "the start of its sources";
        if (d.v2.plan().stateless()) {
            Map<String, Map<String, String>> hints = hints(d.v2.sources(), v1.status().latestOffsets());
            if (!hints.isEmpty()) {
                sql = OptionHints.add(sql, hints);
                from = "v1's offsets";
            }
        }
        progress(d.v1.name(), "v2 '" + failed.name() + "' starts again from " + from);
        statements.create(failed.name(), sql, props, failed.definitions(), failed.origin(), failed.spec().principal(), vars);
        lineage(d, from);
    }

    private void create(Draft d, Adjustment adjust, VariableSource vars, String startedFrom) {
        progress(d.v1.name(), "creating v2 '" + d.v2.name() + "' (from " + startedFrom + ")");
        scripts.run(d.req.file(), d.req.script(), vars, adjust, d.principal);
        lineage(d, startedFrom);
    }

    // after v1 stopped: if v2 cannot be created, v1 runs again rather than nothing running
    private void createOrResume(Draft d, Adjustment adjust, VariableSource vars, String startedFrom) {
        try {
            create(d, adjust, vars, startedFrom);
        } catch (RuntimeException e) {
            statements.resume(d.v1.name());
            throw new StatementException("v2 could not be created (" + e.getMessage() + "); v1 '" + d.v1.name()
                    + "' was resumed from its savepoint");
        }
    }

    private void lineage(Draft d, String startedFrom) {
        statements.setLineage(d.v2.name(), new Lineage(d.v1.name(), d.req.strategy().label(), startedFrom, Instant.now()));
    }

    private Statement stop(String v1) {
        progress(v1, "stopping v1 '" + v1 + "' with a savepoint");
        Statement s = statements.stop(v1, true);
        progress(v1, "v1 '" + v1 + "' STOPPED, savepoint " + s.status().savepoint());
        return s;
    }

    private void awaitRunning(String v1, String v2) {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (true) {
            Statement s = statements.get(v2);
            Phase p = s.status().phase();
            if (p == Phase.RUNNING) {
                progress(v1, "v2 '" + v2 + "' RUNNING");
                return;
            }
            if (p == Phase.FAILED || p == Phase.COMPLETED || System.currentTimeMillis() > deadline) {
                throw new StatementException("v2 '" + v2 + "' is " + p + (s.status().detail() == null ? "" : ": " + s.status().detail()));
            }
            sleep(250);
        }
    }

    // null once v2 runs with a completed checkpoint (its state restored and in use), else why it failed
    private String awaitCheckpoint(String v1, String v2) {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            Statement s = statements.get(v2);
            if (s.status().phase() == Phase.FAILED) return s.status().detail();
            if (s.status().phase() == Phase.RUNNING && statements.latestCheckpoint(v2).isPresent()) return null;
            sleep(250);
        }
        return "no checkpoint within " + START_TIMEOUT_MS / 1000 + " s";
    }

    private void catchUp(Draft d, String v2) {
        String v1 = d.v1.name();
        long deadline = System.currentTimeMillis() + d.req.timeoutSeconds() * 1000L;
        long last = -1;
        while (true) {
            Statement s = statements.get(v2);
            if (s.status().phase() == Phase.FAILED) {
                throw new StatementException("v2 '" + v2 + "' FAILED while catching up: " + s.status().detail());
            }
            OptionalLong behind = statements.messagesBehind(v2);
            if (behind.isEmpty()) {
                progress(v1, "v2 '" + v2 + "': its sources cannot tell how far behind it is; not waiting");
                return;
            }
            long n = behind.getAsLong();
            evolutions.computeIfPresent(v1, (k, e) -> e.behind(n));
            if (n != last) progress(v1, "v2 '" + v2 + "': " + n + " messages behind");
            last = n;
            if (n <= d.req.maxBehind()) return;
            if (System.currentTimeMillis() > deadline) {
                throw new StatementException("v2 '" + v2 + "' did not catch up within " + d.req.timeoutSeconds() + " s ("
                        + n + " messages behind); v1 '" + v1 + "' is left as it is");
            }
            sleep(1000);
        }
    }

    private void progress(String v1, String line) {
        LOG.info("Evolution of {}: {}", v1, line);
        evolutions.computeIfPresent(v1, (k, e) -> e.with(line));
    }

    // per v2 source table, the option hints that start it at the offsets v1 reached on the same topic
    private static Map<String, Map<String, String>> hints(List<TableShape> sources, List<SourceOffset> offsets) {
        Map<String, Map<Integer, Long>> byTopic = new LinkedHashMap<>();
        for (SourceOffset o : offsets) {
            if (o.position() instanceof SourcePosition.Unknown u) {
                throw new StatementException("the offsets of v1's source '" + o.table() + "' are unknown: " + u.reason());
            }
            if (o.position() instanceof SourcePosition.KafkaOffsets k) {
                byTopic.computeIfAbsent(k.topic(), t -> new java.util.TreeMap<>()).putAll(k.partitions());
            }
        }
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (TableShape t : sources) {
            Map<Integer, Long> parts = byTopic.get(t.options().get("topic"));
            if (parts == null || parts.isEmpty()) continue;
            String spec = parts.entrySet().stream().map(e -> "partition:" + e.getKey() + ",offset:" + e.getValue())
                    .collect(Collectors.joining(";"));
            out.put(t.name(), Map.of("scan.startup.mode", "specific-offsets", "scan.startup.specific-offsets", spec));
        }
        return out;
    }

    private static Map<String, Map<String, String>> sampleHints(List<TableShape> sources) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (TableShape t : sources) out.put(t.name(), Map.of("scan.startup.mode", "specific-offsets"));
        return out;
    }

    private static String describe(Map<String, Map<String, String>> hints) {
        if (hints.isEmpty()) return "each table's own startup mode (v1 acknowledged no offsets)";
        return hints.entrySet().stream().map(e -> e.getKey() + " " + e.getValue().get("scan.startup.specific-offsets"))
                .collect(Collectors.joining(", "));
    }

    private String currentOffsets(String v1) {
        List<SourceOffset> now = statements.currentOffsets(v1);
        String shown = now.stream().map(SourceOffset::position).filter(p -> p instanceof SourcePosition.KafkaOffsets)
                .map(SourcePosition::describe).collect(Collectors.joining("; "));
        return shown.isEmpty() ? "" : " (now at " + shown + ")";
    }

    // who reads what v1 wrote and must move to what v2 writes
    private static void switchTables(List<TableShape> v1Sinks, List<TableShape> v2Sinks, List<String> consumers,
                                     List<String> warnings, String how) {
        List<String> v1Names = names(v1Sinks);
        List<String> v2Names = names(v2Sinks);
        List<TableShape> oldOnly = v1Sinks.stream().filter(t -> !v2Names.contains(t.name())).toList();
        List<TableShape> newOnly = v2Sinks.stream().filter(t -> !v1Names.contains(t.name())).toList();
        for (int i = 0; i < oldOnly.size(); i++) {
            TableShape from = oldOnly.get(i);
            if (i < newOnly.size()) {
                TableShape to = newOnly.get(i);
                consumers.add("consumers of '" + from.name() + "'" + topic(from) + " switch to '" + to.name() + "'" + topic(to)
                        + ", " + how);
            } else {
                consumers.add("consumers of '" + from.name() + "'" + topic(from) + ": v2 writes no replacement");
            }
        }
        for (TableShape t : v2Sinks) {
            if (v1Names.contains(t.name()) && !how.contains("exactly once")) {
                warnings.add("v2 writes '" + t.name() + "', which v1 writes too: until v1 stops both write it; blue/green"
                        + " wants a new table version (e.g. '" + t.name() + "_v2'), in-place writes the same table");
            }
        }
    }

    private static String topic(TableShape t) {
        String topic = t.options().get("topic");
        return topic == null ? "" : " (topic " + topic + ")";
    }

    private static List<String> names(List<TableShape> tables) {
        return tables.stream().map(TableShape::name).toList();
    }

    // "GroupAggregate(groupBy=[id], ...)" -> "GroupAggregate"
    private static String operator(String line) {
        int paren = line.indexOf('(');
        return paren < 0 ? line : line.substring(0, paren);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StatementException("the evolution was interrupted (the server is stopping)");
        }
    }
}
