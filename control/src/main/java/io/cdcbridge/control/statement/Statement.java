package io.cdcbridge.control.statement;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A named, managed INSERT (or statement set): its immutable spec, the snapshot of the catalog definitions it was
 * compiled against (so a later ALTER does not change it), where it came from, and its status.
 *
 * @param lineage the statement it evolved from and how, or null for a statement a script created
 * @param values  the values of the variables its query, properties and definitions refer to, as it was compiled
 *                with (a secret one as a reference to the workspace's secrets); null in statements stored before
 *                statements kept their values
 * @param stateDir where its checkpoints and savepoints live ({@link StateDir}), kept for its life so a server
 *                 started with another {@code --state-dir} still finds them; null in statements stored before
 *                 statements recorded it (they keep theirs in the workspace)
 */
public record Statement(
        String name,
        StatementSpec spec,
        StatementStatus status,
        List<String> definitions,
        String origin,
        Instant createdAt,
        Instant updatedAt,
        Lineage lineage,
        Map<String, String> values,
        String stateDir) {

    public Statement {
        definitions = List.copyOf(definitions);
        values = values == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** A statement that keeps its state in the workspace. */
    public Statement(String name, StatementSpec spec, StatementStatus status, List<String> definitions, String origin,
                     Instant createdAt, Instant updatedAt, Lineage lineage, Map<String, String> values) {
        this(name, spec, status, definitions, origin, createdAt, updatedAt, lineage, values, null);
    }

    public Statement withStatus(StatementStatus s) {
        return new Statement(name, spec, s, definitions, origin, createdAt, Instant.now(), lineage, values, stateDir);
    }

    public Statement withSpec(StatementSpec s) {
        return new Statement(name, s, status, definitions, origin, createdAt, Instant.now(), lineage, values, stateDir);
    }

    public Statement withLineage(Lineage l) {
        return new Statement(name, spec, status, definitions, origin, createdAt, Instant.now(), l, values, stateDir);
    }
}
