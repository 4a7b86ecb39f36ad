package io.cdcbridge.control.evolution;

import io.cdcbridge.control.script.VariableSource;
import io.cdcbridge.control.statement.Statement;
import io.cdcbridge.control.statement.StatementService;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries columns added at a source through ({@code 'schema-change.behavior' = 'evolve'}): a statement whose source
 * stopped it at added columns, naming the Flink {@code ALTER TABLE ... ADD (...)} that declares them, is evolved in
 * place from its latest checkpoint by a v2 that runs that ALTER, the same ALTER on its target when its query passes
 * the source's columns through ({@code INSERT INTO target SELECT * FROM source}; the contract checks it, a refusal
 * fails the evolution and v1 stays FAILED), and the same query.
 */
public final class AddedColumns {

    private static final Logger LOG = LoggerFactory.getLogger(AddedColumns.class);
    // as cdcbridge-postgres ends its message: "... with: ALTER TABLE `src` ADD (`c` STRING, `d` DECIMAL(10, 2));"
    private static final Pattern ALTER = Pattern.compile("with: ALTER TABLE (`(?:[^`]|``)+`) ADD \\((.*?)\\);");
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

    private void failed(Statement v1) {
        Optional<EvolutionRequest> request = request(v1);
        if (request.isEmpty()) return;
        // off the reconciler's thread: planning v2 compiles its script
        CompletableFuture.runAsync(() -> {
            try {
                LOG.info("Statement {} stopped at columns added to its source: evolving it in place", v1.name());
                evolutions.start(v1.name(), request.get(), variables.get(), v1.spec().principal());
            } catch (RuntimeException e) {
                LOG.warn("Statement {} stopped at columns added to its source and cannot be evolved: {}", v1.name(), e.getMessage());
            }
        });
    }

    /** The in-place evolution that carries the columns a statement's failure names through, if it names any. */
    static Optional<EvolutionRequest> request(Statement v1) {
        String detail = v1.status().detail();
        Matcher alter = detail == null ? null : ALTER.matcher(detail);
        if (alter == null || !alter.find()) return Optional.empty();
        String source = alter.group(1);
        String columns = alter.group(2);
        String query = v1.spec().statement();
        StringBuilder v2 = new StringBuilder("ALTER TABLE " + source + " ADD (" + columns + ");\n");
        Matcher passing = PASS_THROUGH.matcher(query);
        if (passing.matches() && unquoted(passing.group(2)).equals(unquoted(source))) {
            v2.append("ALTER TABLE ").append(passing.group(1)).append(" ADD (").append(columns).append(");\n");
        }
        v2.append("SET 'client.statement-name' = '").append(next(v1.name()).replace("'", "''")).append("';\n");
        v2.append(query.strip().replaceFirst(";$", "")).append(";\n");
        return Optional.of(new EvolutionRequest(v1.name() + " (columns added at its source)", v2.toString(), Strategy.IN_PLACE,
                false, false, null, null, null, Map.of()));
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
