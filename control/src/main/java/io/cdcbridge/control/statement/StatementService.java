package io.cdcbridge.control.statement;

import io.cdcbridge.control.engine.Engine;
import io.cdcbridge.control.engine.EngineException;
import io.cdcbridge.control.engine.EngineSession;
import io.cdcbridge.control.engine.QueryPlan;
import io.cdcbridge.control.engine.TableShape;
import io.cdcbridge.control.engine.JobState;
import io.cdcbridge.control.engine.DeadLetters;
import io.cdcbridge.control.engine.JobMetrics;
import io.cdcbridge.control.engine.SourceLag;
import io.cdcbridge.control.engine.SourcePosition;
import io.cdcbridge.control.engine.StatementJob;
import io.cdcbridge.control.script.Bindings;
import io.cdcbridge.control.script.VariableSource;
import io.cdcbridge.control.script.Variables;
import io.cdcbridge.control.secret.Redactor;
import io.cdcbridge.control.workspace.Workspace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle of statements: create, stop (with savepoint), resume, delete, and a reconciler that keeps each
 * statement's phase in step with its job. Every change is written to the workspace before it is answered,
 * so a restarted server finds every statement as it was and runs again those that were running. A statement keeps
 * the variable values it was created with ({@link Bindings}): its jobs always run with those.
 */
public final class StatementService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatementService.class);

    /** The property that restores a new statement from a savepoint, as in Flink's SQL client. */
    public static final String SAVEPOINT_PATH = "execution.savepoint.path";

    /** The properties a resume may change: the resources a job runs with, not what it computes. */
    public static final List<String> RESOURCE_PROPERTIES = List.of("parallelism.default");

    private static final long STOP_TIMEOUT_MS = 30_000;
    // as a failing job's restarts: 1 s, doubling up to 30 s, 6 times
    private long[] startRetryMillis = {1_000, 2_000, 4_000, 8_000, 16_000, 30_000};

    private final Workspace workspace;
    private final Engine engine;
    // where new statements keep their checkpoints and savepoints
    private final StateDir stateDir;
    private final Supplier<VariableSource> variables;
    private final Bindings bindings;
    private final Map<String, Statement> statements = new LinkedHashMap<>();
    private final List<BiConsumer<Statement, JobState>> failureListeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService reconciler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cdcbridge-reconciler");
        t.setDaemon(true);
        return t;
    });

    /**
     * {@code variables} gives the values of statements stored before statements kept their own, and of catalog
     * definitions stored before definitions did.
     */
    public StatementService(Workspace workspace, Engine engine, Supplier<VariableSource> variables) {
        this(workspace, engine, variables, StateDir.of(workspace.root()));
    }

    /** As {@link #StatementService(Workspace, Engine, Supplier)}, new statements keeping their state under {@code stateDir}. */
    public StatementService(Workspace workspace, Engine engine, Supplier<VariableSource> variables, StateDir stateDir) {
        this.workspace = workspace;
        this.engine = engine;
        this.stateDir = stateDir;
        this.variables = variables;
        this.bindings = new Bindings(workspace.secrets());
        for (Statement s : workspace.statements()) statements.put(s.name(), s);
    }

    /**
     * Re-attaches every statement that was meant to run to its job where the engine still runs it (a cluster that
     * outlived the server), else starts it again from its latest checkpoint; then keeps phases in step every
     * {@code periodMillis}.
     */
    public void start(long periodMillis) {
        for (Statement s : list()) {
            if (!s.spec().stopped() && s.status().phase().wantsJob()) {
                if (stillRuns(s)) {
                    LOG.info("Statement {} re-attached to job {}, which still runs", s.name(), s.status().jobId());
                    continue;
                }
                LOG.info("Resuming statement {} after a server start", s.name());
                startAfterServerStart(s.name(), 0);
            }
        }
        reconciler.scheduleWithFixedDelay(this::reconcileQuietly, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Where new statements keep their checkpoints and savepoints. */
    public StateDir stateDir() {
        return stateDir;
    }

    /** All statements, oldest first. */
    public synchronized List<Statement> list() {
        return List.copyOf(statements.values());
    }

    /** One statement by name. */
    public synchronized Statement get(String name) {
        Statement s = statements.get(name);
        if (s == null) throw new StatementNotFoundException(name);
        return s;
    }

    /** Whether a statement of that name exists. */
    public synchronized boolean exists(String name) {
        return statements.containsKey(name);
    }

    /** The offsets the sources of a statement acknowledge now. */
    public List<SourceOffset> currentOffsets(String name) {
        Statement s = get(name);
        return engine.offsets(job(s, null, values(s)));
    }

    /** How many records the statement's sources hold that it has not acknowledged yet, or empty if unknown. */
    public OptionalLong messagesBehind(String name) {
        Statement s = get(name);
        return engine.messagesBehind(job(s, null, values(s)));
    }

    /** How far each source of the statement is behind its system. */
    public List<SourceLag> lag(String name) {
        Statement s = get(name);
        return engine.lag(job(s, null, values(s)));
    }

    /** A page of the statement's dead letters, from {@code offset} on, at most {@code limit}. */
    public DeadLetters deadLetters(String name, int offset, int limit) {
        Statement s = get(name);
        return engine.deadLetters(job(s, null, values(s)), offset, limit);
    }

    /** What the engine counts for the statement's current job, if it has one and the engine can tell. */
    public Optional<JobMetrics> jobMetrics(String name) {
        String jobId = get(name).status().jobId();
        return jobId == null ? Optional.empty() : engine.jobMetrics(jobId);
    }

    /** The newest completed checkpoint of the statement's jobs, if any. */
    public Optional<String> latestCheckpoint(String name) {
        return engine.latestCheckpoint(stateDir(get(name)).checkpoints(name));
    }

    /** Records where a statement came from when an evolution created it. */
    public synchronized Statement setLineage(String name, Lineage lineage) {
        return put(get(name).withLineage(lineage));
    }

    /**
     * The tables and views a statement was compiled against, each as its snapshot has it and whether the catalog
     * differs now (a later ALTER TABLE ... SET, a new column, a dropped table).
     */
    public List<Dependency> dependencies(String name) {
        Statement s = get(name);
        VariableSource vars = values(s);
        List<String> now;
        StatementJob job;
        try {
            job = job(s, null, vars);
            now = workspace.definitions().stream().map(d -> bindings.resolve(d, variables.get())).toList();
        } catch (Variables.UnknownVariableException e) {
            throw new StatementException("the dependencies of statement '" + name + "' cannot be worked out: "
                    + e.getMessage());
        }
        try (EngineSession then = engine.openSession(job.definitions()); EngineSession current = engine.openSession(now)) {
            QueryPlan plan = then.validate(job.statement(), job.properties());
            List<Dependency> out = new ArrayList<>();
            for (String t : plan.sources()) out.add(dependency(t, Dependency.Role.READS, then, current, vars));
            for (String t : plan.sinks()) {
                if (!plan.sources().contains(t)) out.add(dependency(t, Dependency.Role.WRITES, then, current, vars));
            }
            for (String v : plan.views()) out.add(dependency(v, Dependency.Role.VIEW, then, current, vars));
            return out;
        } catch (EngineException | Variables.UnknownVariableException e) {
            throw new StatementException("the dependencies of statement '" + name + "' cannot be worked out: "
                    + Redactor.values(e.getMessage(), vars.secrets()));
        }
    }

    private static Dependency dependency(String table, Dependency.Role role, EngineSession then, EngineSession now,
                                         VariableSource vars) throws EngineException {
        TableShape snapshot = then.table(table).orElseThrow(() -> new EngineException("no table '" + table + "' in the snapshot"));
        TableShape shown = snapshot.masked();
        TableShape current = now.table(table).orElse(null);
        if (current == null) return new Dependency(table, role, Dependency.State.DROPPED, List.of(), shown);
        List<String> changes = current.changesSince(snapshot).stream().map(c -> Redactor.values(c, vars.secrets())).toList();
        return new Dependency(table, role, changes.isEmpty() ? Dependency.State.UNCHANGED : Dependency.State.CHANGED,
                changes, shown);
    }

    /**
     * Creates a statement and starts its job. A preflight or submit failure leaves it FAILED with the reason;
     * the statement itself is kept so the user can see why and resume it once the cause is fixed.
     */
    public Statement create(String name, String sql, Map<String, String> properties,
                            List<String> definitions, String origin, String principal, VariableSource vars) {
        Statement claimed;
        synchronized (this) {
            if (statements.containsKey(name)) {
                throw new StatementException("a statement named '" + name + "' exists already");
            }
            Instant now = Instant.now();
            List<String> texts = new ArrayList<>(definitions);
            texts.add(sql);
            Map<String, String> values;
            try {
                values = bindings.bind(texts, properties, vars, Bindings.owner(name));
            } catch (Variables.UnknownVariableException e) {
                throw new StatementException("statement '" + name + "': " + e.getMessage());
            }
            claimed = put(new Statement(name, new StatementSpec(sql, properties, false, principal),
                    StatementStatus.of(Phase.PENDING, null), definitions, origin, now, now, null, values, stateDir.uri()));
        }
        VariableSource own = values(claimed);
        String restore = properties.containsKey(SAVEPOINT_PATH) ? own.resolve(properties.get(SAVEPOINT_PATH)) : null;
        return startJob(claimed, restore, own);
    }

    /** Stops a running statement, with a savepoint if asked; records its latest offsets (those of the savepoint if any). */
    public Statement stop(String name, boolean savepoint) {
        Statement stopping;
        synchronized (this) {
            Statement s = get(name);
            if (s.status().jobId() == null || !s.status().phase().wantsJob()) {
                throw new StatementException("statement '" + name + "' is " + s.status().phase() + ", not running");
            }
            stopping = put(s.withStatus(s.status().withPhase(Phase.STOPPING, null)).withSpec(s.spec().withStopped(true)));
        }
        VariableSource vars = values(stopping);
        StatementJob job = job(stopping, null, vars);
        try {
            String path = null;
            if (savepoint) {
                path = engine.stopWithSavepoint(stopping.status().jobId(), stateDir(stopping).savepoints(name));
            } else {
                engine.cancel(stopping.status().jobId());
            }
            // without a savepoint its offsets are its last checkpoint's, and it may have read up to its topics' ends
            String savepointPath = path;
            Ends ends = path != null ? new Ends(engine.savepointOffsets(job, path), List.of(), engine.sinkEnds(job))
                    : new Ends(engine.offsets(job), engine.sourceEnds(job), engine.sinkEnds(job));
            return found(name, recordIfUnchanged(stopping,
                    s -> put(s.withStatus(closed(s, Phase.STOPPED, null, ends).withSavepoint(savepointPath)))));
        } catch (EngineException e) {
            String why = Redactor.values("stop failed: " + e.getMessage(), vars.secrets());
            recordIfUnchanged(stopping, s -> put(s.withStatus(s.status().withPhase(Phase.RUNNING, why))
                    .withSpec(s.spec().withStopped(false))));
            throw new StatementException(why);
        }
    }

    /** Runs a stopped or failed statement again: from its savepoint, else its latest checkpoint, else from the start. */
    public Statement resume(String name) {
        return resume(name, null);
    }

    /** Resumes a statement as {@link #resume(String)} does, from now on as {@code principal} (null: unchanged). */
    public Statement resume(String name, String principal) {
        return resume(name, principal, Map.of());
    }

    /**
     * Resumes a statement as {@link #resume(String, String)} does, with other resources from now on: the
     * {@link #RESOURCE_PROPERTIES} in {@code resources}, as a Confluent statement's compute pool changes when it
     * resumes (Flink restores a savepoint at another parallelism). Any other property is part of the immutable query.
     */
    public Statement resume(String name, String principal, Map<String, String> resources) {
        Statement claimed;
        Statement stopped;
        synchronized (this) {
            Statement s = get(name);
            Phase p = s.status().phase();
            if (p != Phase.STOPPED && p != Phase.FAILED) {
                throw new StatementException("statement '" + name + "' is " + p + "; only STOPPED or FAILED ones resume");
            }
            for (String key : resources.keySet()) {
                if (!RESOURCE_PROPERTIES.contains(key)) {
                    throw new StatementException("statement '" + name + "': '" + key + "' cannot change at a resume; only its "
                            + "resources can (" + String.join(", ", RESOURCE_PROPERTIES) + "), the other properties belong "
                            + "to its immutable query");
                }
            }
            StatementSpec spec = s.spec().withStopped(false).withProperties(resources);
            if (principal != null) spec = spec.withPrincipal(principal);
            stopped = s;
            // no job until the new one is submitted: the reconciler would take the old one's end for this start's
            claimed = put(s.withSpec(spec).withStatus(s.status().withJob(null).withPhase(Phase.PENDING, null)));
        }
        return startJob(claimed, restorePoint(stopped), values(claimed));
    }

    /**
     * Cancels a statement's job if it runs and forgets the statement; then, once the job has stopped, frees what its
     * sources hold outside (a PostgreSQL replication slot) unless a remaining statement reads it too. Returns one line
     * per such thing: freed, kept and why, or left to free by hand and how.
     */
    public List<String> delete(String name) {
        VariableSource vars;
        String jobId = null;
        StatementJob deleted = null;
        String unresolved = null;
        Statement deletedStatement;
        List<StatementJob> others = new ArrayList<>();
        synchronized (this) {
            Statement s = get(name);
            deletedStatement = s;
            vars = values(s);
            if (s.status().jobId() != null && s.status().phase().wantsJob()) jobId = s.status().jobId();
            statements.remove(name);
            workspace.delete(name);
            try {
                deleted = job(s, null, vars);
                // stopped and failed statements count: they resume from what their sources hold
                for (Statement other : statements.values()) others.add(job(other, null, values(other)));
            } catch (Variables.UnknownVariableException e) {
                unresolved = "what its sources hold (e.g. a replication slot) is left as it is: the statements' sources"
                        + " cannot be worked out (" + e.getMessage() + ")";
                LOG.warn("Statement {} deleted; {}", name, unresolved);
            }
        }
        // outside the lock: the cancel, waiting for the job and for a slot to be let go take seconds
        if (jobId != null) {
            try {
                engine.cancel(jobId);
            } catch (EngineException e) {
                LOG.warn("Cancelling the job of statement {} failed: {}", name, e.getMessage());
            }
            awaitStopped(jobId);
        }
        if (unresolved != null) return List.of(unresolved);
        List<String> notes = engine.release(deleted, others).stream().map(n -> Redactor.values(n, vars.secrets())).toList();
        for (String n : notes) LOG.info("Statement {} deleted: {}", name, n);
        removeJobData(name, stateDir(deletedStatement));
        return notes;
    }

    // a canceled job lets go of its sources a moment after the cancel is acknowledged
    private void awaitStopped(String jobId) {
        long deadline = System.currentTimeMillis() + STOP_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            JobState.State st = engine.state(jobId).state();
            if (st != JobState.State.RUNNING && st != JobState.State.STARTING) return;
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Tells {@code listener} of each statement whose job failed, as its phase becomes FAILED, with what the engine said
     * of the job (it must not block).
     */
    public void onFailure(BiConsumer<Statement, JobState> listener) {
        failureListeners.add(listener);
    }

    /** Brings every statement's phase in step with the state of its job. */
    public void reconcile() {
        for (Statement s : list()) reconcile(s.name());
    }

    /** Brings one statement's phase in step with the state of its job now, and returns it. */
    public Statement refresh(String name) {
        Statement s = reconcile(name);
        if (s == null) throw new StatementNotFoundException(name);
        return s;
    }

    // The job's state, and for a job that ended by itself what its sources acknowledged and where its topics end, are
    // asked outside the lock, then recorded if the statement still waits on that job.
    private Statement reconcile(String name) {
        Statement seen = current(name);
        if (seen == null || !followsJob(seen)) return seen;
        JobState js = engine.state(seen.status().jobId());
        boolean ended = switch (js.state()) {
            case FAILED, CANCELED, UNKNOWN -> true;
            default -> false;
        };
        Ends ends = ended ? ends(seen) : null;
        Statement s = recordIfUnchanged(seen, now -> reconcile(now, js, ends));
        return s != null ? s : current(name);
    }

    // Slow calls (a topic's end from Kafka, a savepoint, a submit: seconds each when a system does not answer) are
    // made outside the lock, so no statement operation waits on them; what they said is then recorded under it by
    // {@code record}, only if the statement is still as {@code seen} (not deleted, stopped, resumed or failed
    // meanwhile). Null when it is not.
    private synchronized Statement recordIfUnchanged(Statement seen, java.util.function.UnaryOperator<Statement> record) {
        Statement now = statements.get(seen.name());
        if (now == null || !now.status().equals(seen.status()) || !now.spec().equals(seen.spec())) return null;
        return record.apply(now);
    }

    private synchronized Statement current(String name) {
        return statements.get(name);
    }

    // what an operation answers: the statement as it recorded it, else as another left it meanwhile
    private Statement found(String name, Statement recorded) {
        Statement s = recorded != null ? recorded : current(name);
        if (s == null) throw new StatementNotFoundException(name);
        return s;
    }

    private static boolean followsJob(Statement s) {
        Phase p = s.status().phase();
        return s.status().jobId() != null && (p == Phase.PENDING || p == Phase.RUNNING);
    }

    private Statement reconcile(Statement s, JobState js, Ends ends) {
        Phase p = s.status().phase();
        return switch (js.state()) {
            case RUNNING -> p != Phase.RUNNING ? put(s.withStatus(s.status().withPhase(Phase.RUNNING, null))) : s;
            case FINISHED -> put(s.withStatus(s.status().withPhase(Phase.COMPLETED, null)));
            case FAILED -> {
                Statement failed = put(s.withStatus(ended(s, Redactor.values(js.failure(), values(s).secrets()), ends)));
                failureListeners.forEach(l -> l.accept(failed, js));
                yield failed;
            }
            case CANCELED -> put(s.withStatus(ended(s, "the job was canceled outside cdcbridge", ends)));
            case UNKNOWN -> put(s.withStatus(ended(s, "the engine no longer knows job " + s.status().jobId(), ends)));
            case STARTING -> {
                // a job restarting after a failure is not RUNNING: PENDING says why until every task runs again
                if (js.failure() == null) yield s;
                String why = Redactor.values(js.failure(), values(s).secrets());
                yield p != Phase.PENDING || !why.equals(s.status().detail())
                        ? put(s.withStatus(s.status().withPhase(Phase.PENDING, why))) : s;
            }
        };
    }

    @Override
    public void close() {
        reconciler.shutdownNow();
    }

    private void reconcileQuietly() {
        try {
            reconcile();
        } catch (RuntimeException e) {
            LOG.warn("Reconciling statements failed: {}", e.toString());
        }
    }

    // submitting again a job that runs would run the statement twice
    private boolean stillRuns(Statement s) {
        if (s.status().jobId() == null) return false;
        JobState.State state = engine.state(s.status().jobId()).state();
        return state == JobState.State.RUNNING || state == JobState.State.STARTING;
    }

    /** Where statement {@code name}'s job would go on from: its newest retained checkpoint or its savepoint, if any. */
    public Optional<String> restorePoint(String name) {
        return Optional.ofNullable(restorePoint(get(name)));
    }

    private String restorePoint(Statement s) {
        Optional<String> checkpoint = engine.latestCheckpoint(stateDir(s).checkpoints(s.name()));
        // a savepoint taken at a stop is newer than any checkpoint of the job it stopped
        if (s.status().savepoint() != null && s.status().phase() == Phase.STOPPED) return s.status().savepoint();
        if (checkpoint.isPresent()) return checkpoint.get();
        if (s.status().savepoint() != null) return s.status().savepoint();
        String configured = s.spec().properties().get(SAVEPOINT_PATH);
        return configured == null ? null : values(s).resolve(configured);
    }

    /** What statement {@code name} runs, with the values it was created with (secrets too): for the server's own use, never shown. */
    public StatementJob resolved(String name) {
        Statement s = get(name);
        return job(s, null, values(s));
    }

    // the values a statement was created with; a statement stored before statements kept them: the legacy ones
    private VariableSource values(Statement s) {
        if (s.values() == null) return variables.get();
        List<String> texts = new ArrayList<>(s.definitions());
        texts.add(s.spec().statement());
        texts.addAll(s.spec().properties().values());
        return bindings.source(s.values(), texts);
    }

    // the checkpoints (tens of MB each) and savepoints of a deleted statement, and of one deleted earlier that a
    // statement started from, once none does: a remaining statement may restore from them (v2 of an evolution
    // started from v1's savepoint, before its first checkpoint). Looked for in the deleted statement's state dir
    // and the server's.
    private synchronized void removeJobData(String name, StateDir deletedDir) {
        workspace.secrets().removeOwner(Bindings.owner(name));
        List<String> restorePaths = new ArrayList<>();
        for (Statement s : statements.values()) {
            String configured = s.spec().properties().get(SAVEPOINT_PATH);
            if (configured == null) continue;
            try {
                restorePaths.add(values(s).resolve(configured));
            } catch (Variables.UnknownVariableException e) {
                LOG.warn("Statement {} deleted; its checkpoints and savepoints are kept: {}", name, e.getMessage());
                return;
            }
        }
        for (StateDir dir : new java.util.LinkedHashSet<>(List.of(deletedDir, stateDir))) {
            try {
                java.util.Set<String> owners = new java.util.TreeSet<>(engine.stateFolders(dir.uri() + "/checkpoints"));
                owners.addAll(engine.stateFolders(dir.uri() + "/savepoints"));
                for (String gone : owners) {
                    if (statements.containsKey(gone)) continue;
                    String savepoints = dir.savepoints(gone);
                    String checkpoints = dir.checkpoints(gone);
                    Optional<String> used = restorePaths.stream()
                            .filter(r -> StateDir.inside(r, savepoints) || StateDir.inside(r, checkpoints)).findFirst();
                    if (used.isEmpty()) {
                        engine.deleteState(checkpoints);
                        engine.deleteState(savepoints);
                    } else if (gone.equals(name)) {
                        LOG.info("Statement {} deleted; its checkpoints and savepoints are kept: a statement starts from {}", name, used.get());
                    }
                }
            } catch (EngineException e) {
                LOG.warn("Statement {} deleted; the checkpoints and savepoints of deleted statements in {} are left: {}",
                        name, dir, e.getMessage());
            }
        }
    }

    // the state dir a statement was created with; one stored before statements recorded it keeps it in the workspace
    private StateDir stateDir(Statement s) {
        return s.stateDir() == null ? StateDir.of(workspace.root()) : new StateDir(s.stateDir());
    }

    // claimed: the statement as its operation put it PENDING under the lock; the start itself goes on outside it
    private Statement startJob(Statement claimed, String restoreFrom, VariableSource vars) {
        Started started;
        try {
            started = submit(claimed, restoreFrom, vars);
        } catch (EngineException | Variables.UnknownVariableException e) {
            String why = Redactor.values(e.getMessage(), vars.secrets());
            LOG.warn("Statement {} failed to start: {}", claimed.name(), why);
            return found(claimed.name(), recordIfUnchanged(claimed,
                    s -> put(s.withStatus(s.status().withJob(null).withPhase(Phase.FAILED, why)))));
        }
        return found(claimed.name(), recorded(claimed, started));
    }

    private record Started(String jobId, List<OutputRange> ranges) {}

    // preflight, the topics' ends and the submit: outside the lock
    private Started submit(Statement s, String restoreFrom, VariableSource vars) throws EngineException {
        StatementJob job = job(s, restoreFrom, vars);
        engine.preflight(job);
        List<OutputRange> ranges = openedRanges(s, engine.sinkEnds(job));
        String jobId = engine.submit(job);
        LOG.info("Statement {} runs as job {}{}", s.name(), jobId, restoreFrom == null ? "" : " restored from " + restoreFrom);
        return new Started(jobId, ranges);
    }

    // the job recorded if the statement is still as it was claimed; one deleted or changed meanwhile has it canceled
    private Statement recorded(Statement claimed, Started started) {
        Statement s = recordIfUnchanged(claimed, now -> put(now.withStatus(now.status().withJob(started.jobId())
                .withPhase(Phase.PENDING, null).withOutputRanges(started.ranges()).withInputEnds(List.of()))));
        if (s != null) return s;
        LOG.info("Statement {} was deleted or changed while its job {} was submitted; the job is canceled", claimed.name(), started.jobId());
        try {
            engine.cancel(started.jobId());
        } catch (EngineException e) {
            LOG.warn("Cancelling job {} of statement {} failed: {}", started.jobId(), claimed.name(), e.getMessage());
        }
        return null;
    }

    // what the statement writes from now on: a range it started before runs on, a topic it has not written yet starts
    // at its end now (before the job writes). A topic whose end cannot be read gets no range, and the start goes on:
    // the most common reason is a topic Kafka creates at the job's first write, whose whole content is then what the
    // statement wrote (verification compares a topic without a range whole); refusing would refuse every such statement.
    private static List<OutputRange> openedRanges(Statement s, List<SourceOffset> sinkEnds) {
        Map<String, OutputRange> ranges = new LinkedHashMap<>();
        for (OutputRange r : s.status().outputRanges()) ranges.put(r.table(), r.open());
        for (SourceOffset end : sinkEnds) {
            if (end.position() instanceof SourcePosition.KafkaOffsets k && !ranges.containsKey(end.table())) {
                ranges.put(end.table(), new OutputRange(end.table(), k.topic(), k.partitions(), null));
            }
        }
        return List.copyOf(ranges.values());
    }

    // what a job that ended leaves to record: the offsets its sources acknowledge, where its sources' and its sinks' topics end
    private record Ends(List<SourceOffset> offsets, List<SourceOffset> sourceEnds, List<SourceOffset> sinkEnds) {}

    // asked of the sources and of Kafka: seconds per topic when Kafka is down, so never under the lock where it can be
    // helped; null when the statement's variables cannot be filled in
    private Ends ends(Statement s) {
        try {
            StatementJob job = job(s, null, values(s));
            return new Ends(engine.offsets(job), engine.sourceEnds(job), engine.sinkEnds(job));
        } catch (Variables.UnknownVariableException e) {
            return null;
        }
    }

    // FAILED: a job that ended by itself writes no more, so its ranges end where the topics end as cdcbridge sees it
    // end (at the next resume instead, a range would take in what other writers added meanwhile, and a statement never
    // resumed would keep it open to whatever comes), and its latest offsets are what its sources acknowledged, as for a
    // stop without a savepoint: what a verification reads again ends there, or at its sources' topics' ends then for what
    // it read after its last checkpoint. A topic whose end cannot be read keeps its
    // range open, the detail saying why.
    private StatementStatus ended(Statement s, String why, Ends ends) {
        if (ends == null) return s.status().withPhase(Phase.FAILED, why);
        return closed(s, Phase.FAILED, why, ends);
    }

    // a job that stopped or failed: its offsets, its sources' ends and its output ranges closed, as one record
    private StatementStatus closed(Statement s, Phase phase, String why, Ends ends) {
        List<String> open = new ArrayList<>();
        List<OutputRange> ranges = endedRanges(s, ends.sinkEnds(), open);
        return s.status().withPhase(phase, detail(s, why, open)).withOffsets(ends.offsets(), Instant.now())
                .withInputEnds(ends.sourceEnds()).withOutputRanges(ranges);
    }

    // why, then why each range left open stays open
    private String detail(Statement s, String why, List<String> open) {
        if (open.isEmpty()) return why;
        String opened = Redactor.values(String.join("; ", open), values(s).secrets());
        return why == null ? opened : why + "; " + opened;
    }

    // the ranges ended where the topics end now that the statement's job has stopped; one whose end is unknown stays
    // open, why added to {@code open}
    private static List<OutputRange> endedRanges(Statement s, List<SourceOffset> sinkEnds, List<String> open) {
        Map<String, SourcePosition> ends = new LinkedHashMap<>();
        for (SourceOffset end : sinkEnds) ends.put(end.table(), end.position());
        List<OutputRange> out = new ArrayList<>();
        for (OutputRange r : s.status().outputRanges()) {
            // "*": the statement's tables could not be worked out, so no topic's end is known
            SourcePosition end = ends.getOrDefault(r.table(), ends.get("*"));
            if (end instanceof SourcePosition.KafkaOffsets k) {
                out.add(r.endingAt(k.partitions()));
            } else {
                if (end instanceof SourcePosition.Unknown u && r.to() == null) {
                    open.add("its output range on topic '" + r.topic() + "' stays open: " + u.reason());
                }
                out.add(r);
            }
        }
        return out;
    }

    /** Shortens the waits between tries to start a statement again after a server start (tests). */
    void retryStartsAfter(long... millis) {
        startRetryMillis = millis.clone();
    }

    // A statement that ran when the server stopped (or was killed) is started again from its restore point. A first
    // try may fail for a while (a service still starting, a busy machine's preflight timing out): it is tried again
    // as a failing job restarts, PENDING saying why, and FAILED only when the tries run out.
    private void startAfterServerStart(String name, int tries) {
        Statement s = current(name);
        // deleted, stopped or started otherwise meanwhile
        if (s == null || s.spec().stopped() || !s.status().phase().wantsJob() || tries > 0 && s.status().jobId() != null) return;
        if (s.status().jobId() != null) {
            // its lost job forgotten first, so the reconciler leaves it alone while it starts
            s = recordIfUnchanged(s, now -> put(now.withStatus(now.status().withJob(null).withPhase(Phase.PENDING, null))));
            if (s == null) return;
        }
        Statement claimed = s;
        VariableSource vars = values(s);
        Started started;
        try {
            started = submit(s, restorePoint(s), vars);
        } catch (EngineException | Variables.UnknownVariableException e) {
            String why = Redactor.values(e.getMessage(), vars.secrets());
            if (tries < startRetryMillis.length) {
                long wait = startRetryMillis[tries];
                LOG.warn("Statement {} did not start after the server start, trying again in {} ms: {}", name, wait, why);
                if (recordIfUnchanged(claimed, now -> put(now.withStatus(now.status().withJob(null)
                        .withPhase(Phase.PENDING, "starting again after: " + why)))) != null) {
                    reconciler.schedule(() -> startAfterServerStart(name, tries + 1), wait, TimeUnit.MILLISECONDS);
                }
            } else {
                String failed = why + "; " + (tries + 1) + " tries to start it after the server started failed";
                LOG.warn("Statement {} failed to start: {}", name, failed);
                Ends ends = ends(s);
                recordIfUnchanged(claimed, now -> put(now.withStatus(ended(now, failed, ends).withJob(null))));
            }
            return;
        }
        recorded(s, started);
    }

    private StatementJob job(Statement s, String restoreFrom, VariableSource vars) {
        Map<String, String> props = new LinkedHashMap<>();
        s.spec().properties().forEach((k, v) -> props.put(k, vars.resolve(v)));
        props.remove(SAVEPOINT_PATH);
        List<String> defs = s.definitions().stream().map(vars::resolve).toList();
        return new StatementJob(s.name(), defs, vars.resolve(s.spec().statement()), props,
                stateDir(s).checkpoints(s.name()), restoreFrom);
    }

    private Statement put(Statement s) {
        statements.put(s.name(), s);
        workspace.save(s);
        return s;
    }
}
