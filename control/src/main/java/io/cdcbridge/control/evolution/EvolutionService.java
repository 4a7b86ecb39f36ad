package io.cdcbridge.control.evolution;

import io.cdcbridge.control.engine.ConnectorCatalog;
import io.cdcbridge.control.engine.TableShape;
import io.cdcbridge.control.script.PlannedStatement;
import io.cdcbridge.control.script.ScriptRunner;
import io.cdcbridge.control.script.VariableSource;
import io.cdcbridge.control.secret.Redactor;
import io.cdcbridge.control.statement.Dependency;
import io.cdcbridge.control.statement.Phase;
import io.cdcbridge.control.statement.Statement;
import io.cdcbridge.control.statement.StatementException;
import io.cdcbridge.control.statement.StatementService;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces statement v1 by v2 with one of the query-evolution strategies (one class each: {@link BlueGreen},
 * {@link Reprocess}, {@link CarryOver}, {@link InPlace}): plans it (refusing what the strategy cannot do correctly),
 * then carries it out in the background, one progress line a step, while the caller polls {@link #get(String)}.
 * v2 records in its lineage that it evolved from v1 and how.
 */
public final class EvolutionService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EvolutionService.class);

    private final StatementService statements;
    private final ScriptRunner scripts;
    private final Map<Strategy, EvolutionStrategy> strategies;
    private final Map<String, Evolution> evolutions = new ConcurrentHashMap<>();
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cdcbridge-evolution");
        t.setDaemon(true);
        return t;
    });

    /** {@code connectors} says which sources can start at given offsets (carry-over). */
    public EvolutionService(StatementService statements, ScriptRunner scripts, ConnectorCatalog connectors) {
        this.statements = statements;
        this.scripts = scripts;
        this.strategies = Map.of(Strategy.BLUE_GREEN, new BlueGreen(), Strategy.REPROCESS, new Reprocess(),
                Strategy.CARRY_OVER, new CarryOver(connectors, statements), Strategy.IN_PLACE, new InPlace());
    }

    /** What evolving {@code name} as asked would do; throws {@link StatementException} if the strategy cannot. */
    public EvolutionPlan plan(String name, EvolutionRequest req, VariableSource vars) {
        Draft d = draft(name, req, vars, null);
        return strategies.get(req.strategy()).plan(d);
    }

    /** Plans and starts the evolution of {@code name}; returns at once, with the plan. v2 runs as {@code principal}. */
    public Evolution start(String name, EvolutionRequest req, VariableSource vars, String principal) {
        Draft d = draft(name, req, vars, principal);
        EvolutionStrategy strategy = strategies.get(req.strategy());
        EvolutionPlan plan = strategy.plan(d);
        Evolution running = evolutions.compute(name, (k, old) -> {
            if (old != null && old.state() == Evolution.State.RUNNING) {
                throw new StatementException("statement '" + name + "' is being evolved already (to '"
                        + old.plan().evolvesTo() + "')");
            }
            return Evolution.started(plan);
        });
        runner.submit(() -> execute(d, strategy, plan, vars));
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

    // what every strategy plans from: v1 as it is, v2 as its script plans, the tables v1 writes
    private Draft draft(String name, EvolutionRequest req, VariableSource vars, String principal) {
        Statement v1 = statements.get(name);
        Phase phase = v1.status().phase();
        // a FAILED one (stopped by a change of its source's columns, say) goes on from its latest checkpoint, in place
        boolean failedInPlace = phase == Phase.FAILED && req.strategy() == Strategy.IN_PLACE;
        if (phase != Phase.RUNNING && phase != Phase.PENDING && phase != Phase.STOPPED && !failedInPlace) {
            throw new StatementException("statement '" + name + "' is " + phase + "; only a RUNNING or STOPPED statement"
                    + " evolves" + (phase == Phase.FAILED ? ", and a FAILED one in place (from its latest checkpoint)" : ""));
        }
        Long from = req.from() == null ? null : Times.millis(req.from());
        strategies.get(req.strategy()).check(req, from);
        List<PlannedStatement> planned = scripts.plan(req.file(), req.script(), vars, Draft.startingAt(from));
        if (planned.size() != 1) {
            throw new IllegalArgumentException(req.file() + ": the script of v2 must create exactly one statement"
                    + " (an INSERT or a statement set); it creates " + planned.size());
        }
        List<TableShape> v1Sinks = statements.dependencies(name).stream()
                .filter(d -> d.role() == Dependency.Role.WRITES).map(Dependency::snapshot).toList();
        return new Draft(req, v1, v1Sinks, planned.get(0), from, principal);
    }

    private void execute(Draft d, EvolutionStrategy strategy, EvolutionPlan plan, VariableSource vars) {
        String v1 = d.v1().name();
        EvolutionWatcher.Progress progress = new EvolutionWatcher.Progress() {
            @Override
            public void line(String line) {
                LOG.info("Evolution of {}: {}", v1, line);
                evolutions.computeIfPresent(v1, (k, e) -> e.with(line));
            }

            @Override
            public void behind(long messages) {
                evolutions.computeIfPresent(v1, (k, e) -> e.behind(messages));
            }
        };
        try {
            strategy.execute(d, new EvolutionSteps(d, statements, scripts, vars, progress));
            evolutions.computeIfPresent(v1, (k, e) -> e.with("done: " + plan.evolvesTo() + " replaces " + v1)
                    .ended(Evolution.State.SUCCEEDED, null));
        } catch (RuntimeException e) {
            String why = Redactor.values(e.getMessage() == null ? e.toString() : e.getMessage(), vars.secrets());
            LOG.warn("Evolving {} to {} failed: {}", v1, d.v2().name(), why);
            evolutions.computeIfPresent(v1, (k, ev) -> ev.with("failed: " + why).ended(Evolution.State.FAILED, why));
        }
    }
}
