package io.cdcbridge.control.evolution;

import io.cdcbridge.control.engine.JobState;
import io.cdcbridge.control.engine.SourceEvolution;
import io.cdcbridge.control.script.CreateDatabaseAs;
import io.cdcbridge.control.script.VariableSource;
import io.cdcbridge.control.statement.Statement;
import io.cdcbridge.control.statement.StatementService;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries source columns added or widened through ({@code 'schema-change.behavior' = 'evolve'}): a statement whose
 * source stopped it for that ({@link SourceEvolution}, which the engine finds among the job's causes) is evolved in
 * place from its latest checkpoint by a v2 that declares them on the source table ({@code ALTER TABLE ... ADD (...)},
 * {@code ... MODIFY (...)}), the same on its target when its query passes the source's columns through
 * ({@code INSERT INTO target SELECT * FROM source}; the contract checks it, a refusal fails the evolution and v1 stays
 * FAILED), and the same query. Tables created in a schema a {@code CREATE DATABASE ... AS DATABASE} declared are
 * carried through the same way, by that declaration again.
 */
public final class AddedColumns {

    private static final Logger LOG = LoggerFactory.getLogger(AddedColumns.class);
    private static final String NAME = "`(?:[^`]|``)+`|[\\w.]+";
    private static final Pattern PASS_THROUGH = Pattern.compile("(?is)\\s*INSERT\\s+INTO\\s+(" + NAME + ")\\s+SELECT\\s+\\*\\s+FROM\\s+("
            + NAME + ")\\s*;?\\s*");
    private static final Pattern VERSION = Pattern.compile("(.*)-v(\\d+)");

    private final StatementService statements;
    private final EvolutionService evolutions;
    private final Supplier<VariableSource> variables;

    /** Listens for failed statements of {@code statements}. */
    public AddedColumns(StatementService statements, EvolutionService evolutions, Supplier<VariableSource> variables) {
        this.statements = statements;
        this.evolutions = evolutions;
        this.variables = variables;
        statements.onFailure(this::failed);
    }

    private void failed(Statement v1, JobState job) {
        Optional<EvolutionRequest> request = request(v1, job.evolution());
        if (request.isEmpty()) return;
        // off the reconciler's thread: planning v2 compiles its script
        CompletableFuture.runAsync(() -> {
            try {
                LOG.info("Statement {} stopped at a change of its source's tables ({}): evolving it in place", v1.name(), request.get().file());
                evolutions.start(v1.name(), request.get(), variables.get(), v1.spec().principal());
            } catch (RuntimeException e) {
                LOG.warn("Statement {} stopped at a change of its source's tables and cannot be evolved: {}", v1.name(), e.getMessage());
            }
        });
    }

    /** The in-place evolution that carries through what the source asked for ({@code evolution}; none if null). */
    static Optional<EvolutionRequest> request(Statement v1, SourceEvolution evolution) {
        if (evolution != null && !evolution.newTables().isEmpty()) return withNewTables(v1, evolution.newTables());
        if (evolution == null || evolution.table() == null) return Optional.empty();
        String source = "`" + evolution.table().replace("`", "``") + "`";
        String query = v1.spec().statement();
        StringBuilder v2 = new StringBuilder(alter(source, evolution));
        Matcher passing = PASS_THROUGH.matcher(query);
        if (passing.matches() && unquoted(passing.group(2)).equals(evolution.table())) v2.append(alter(passing.group(1), evolution));
        v2.append("SET 'client.statement-name' = '").append(next(v1.name()).replace("'", "''")).append("';\n");
        v2.append(query.strip().replaceFirst(";$", "")).append(";\n");
        String what = evolution.modified().isEmpty() ? "columns added at its source" : evolution.added().isEmpty()
                ? "columns widened at its source" : "columns added and widened at its source";
        return Optional.of(new EvolutionRequest(v1.name() + " (" + what + ")", v2.toString(), Strategy.IN_PLACE,
                false, false, null, null, null, Map.of()));
    }

    // Tables created in the schema a CREATE DATABASE ... AS DATABASE declared: v2 is that declaration again (IF NOT
    // EXISTS: the tables v1 reads are kept, the new ones created, the statement set over all), in place from v1's
    // latest checkpoint; its source copies the new tables, then replays their changes over the copy.
    private static Optional<EvolutionRequest> withNewTables(Statement v1, List<String> tables) {
        Optional<CreateDatabaseAs> declared = CreateDatabaseAs.declaredBy(v1.spec().statement(), v1.definitions());
        if (declared.isEmpty()) {
            LOG.warn("Statement {} stopped at tables created at its source ({}) but was not made by CREATE DATABASE ... AS"
                    + " DATABASE; nothing to evolve it with", v1.name(), tables);
            return Optional.empty();
        }
        String v2 = "SET 'client.statement-name' = '" + next(v1.name()).replace("'", "''") + "';\n" + declared.get().sql() + ";\n";
        return Optional.of(new EvolutionRequest(v1.name() + " (tables created at its source: " + String.join(", ", tables) + ")",
                v2, Strategy.IN_PLACE, false, false, null, null, null, Map.of()));
    }

    // Flink takes one kind of change per ALTER TABLE
    private static String alter(String table, SourceEvolution evolution) {
        StringBuilder sql = new StringBuilder();
        if (!evolution.added().isEmpty()) {
            sql.append("ALTER TABLE ").append(table).append(" ADD (").append(String.join(", ", evolution.added())).append(");\n");
        }
        if (!evolution.modified().isEmpty()) {
            sql.append("ALTER TABLE ").append(table).append(" MODIFY (").append(String.join(", ", evolution.modified())).append(");\n");
        }
        return sql.toString();
    }

    // orders-copy -> orders-copy-v2 -> orders-copy-v3
    static String next(String name) {
        Matcher m = VERSION.matcher(name);
        return m.matches() ? m.group(1) + "-v" + (Integer.parseInt(m.group(2)) + 1) : name + "-v2";
    }

    private static String unquoted(String name) {
        return name.startsWith("`") ? name.substring(1, name.length() - 1).replace("``", "`") : name;
    }
}
