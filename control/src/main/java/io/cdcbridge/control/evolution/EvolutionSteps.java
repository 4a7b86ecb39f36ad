package io.cdcbridge.control.evolution;

import io.cdcbridge.control.script.Adjustment;
import io.cdcbridge.control.script.ScriptRunner;
import io.cdcbridge.control.script.VariableSource;
import io.cdcbridge.control.statement.Lineage;
import io.cdcbridge.control.statement.Statement;
import io.cdcbridge.control.statement.StatementException;
import io.cdcbridge.control.statement.StatementService;
import java.time.Instant;

/** The steps strategies are made of, on one evolution: stop v1, create v2 (resuming v1 if that fails), wait, report. */
final class EvolutionSteps {

    private final Draft draft;
    private final StatementService statements;
    private final ScriptRunner scripts;
    private final VariableSource vars;
    private final EvolutionWatcher.Progress progress;
    private final EvolutionWatcher watcher;

    EvolutionSteps(Draft draft, StatementService statements, ScriptRunner scripts, VariableSource vars,
                   EvolutionWatcher.Progress progress) {
        this.draft = draft;
        this.statements = statements;
        this.scripts = scripts;
        this.vars = vars;
        this.progress = progress;
        this.watcher = new EvolutionWatcher(statements, progress);
    }

    StatementService statements() {
        return statements;
    }

    VariableSource vars() {
        return vars;
    }

    EvolutionWatcher watcher() {
        return watcher;
    }

    void progress(String line) {
        progress.line(line);
    }

    /** v1 as it is now. */
    Statement v1() {
        return statements.get(draft.v1().name());
    }

    /** Stops v1 with a savepoint if it runs; v1 as it then is. */
    Statement stopV1() {
        Statement now = v1();
        if (!now.status().phase().wantsJob()) return now;
        String v1 = now.name();
        progress.line("stopping v1 '" + v1 + "' with a savepoint");
        Statement s = statements.stop(v1, true);
        progress.line("v1 '" + v1 + "' STOPPED, savepoint " + s.status().savepoint());
        return s;
    }

    /** Creates v2 by running its script changed by {@code adjust}, and records its lineage. */
    void create(Adjustment adjust, String startedFrom) {
        progress.line("creating v2 '" + draft.v2().name() + "' (from " + startedFrom + ")");
        scripts.run(draft.req().file(), draft.req().script(), vars, adjust, draft.principal());
        lineage(startedFrom);
    }

    /** After v1 stopped: creates v2, and if it cannot be created runs v1 again rather than nothing. */
    void createOrResume(Adjustment adjust, String startedFrom) {
        try {
            create(adjust, startedFrom);
        } catch (RuntimeException e) {
            statements.resume(draft.v1().name());
            throw new StatementException("v2 could not be created (" + e.getMessage() + "); v1 '" + draft.v1().name()
                    + "' was resumed from its savepoint");
        }
    }

    /** Records in v2 that it evolved from v1, how, and from where it started. */
    void lineage(String startedFrom) {
        statements.setLineage(draft.v2().name(), new Lineage(draft.v1().name(), draft.req().strategy().label(), startedFrom,
                Instant.now()));
    }

    /** Waits for v2 to run, then to catch up as the request allows. */
    void awaitV2CaughtUp() {
        watcher.awaitRunning(draft.v2().name());
        catchUp();
    }

    /** Waits for the running v2 to catch up as the request allows. */
    void catchUp() {
        watcher.catchUp(draft.v1().name(), draft.v2().name(), draft.req().maxBehind(), draft.req().timeoutSeconds());
    }
}
